// RequestMetrics recorded by QueryProcessor: each entry point (QUERY, PREPARE, EXECUTE,
// BATCH) counts its request under the statement's kind and the request's consistency
// level, and an ERROR under its code.
#include "cql/query/request_metrics.h"

#include <gtest/gtest.h>

#include <string>

#include "cql/query/consistency.h"
#include "cql/query/query_processor.h"
#include "cql/system/system_tables.h"
#include "tests/storage/storage_test_util.h"

namespace cairn::testing {
namespace {

using cql::QueryRequest;

class RequestMetricsTest : public DatabaseTest {
 protected:
  void SetUp() override {
    open();
    system_ = std::make_unique<cql::SystemTables>(*db_, cql::NodeInfo{});
    processor_ = std::make_unique<cql::QueryProcessor>(*db_, *system_);
    processor_->set_metrics(&metrics_);
  }

  cql::Outcome query(const std::string& text, uint16_t consistency = cql::consistency::kOne) {
    QueryRequest r;
    r.query = text;
    r.parameters.consistency = consistency;
    return processor_->query(state_, r);
  }

  std::string exposition() const {
    MetricsWriter w;
    metrics_.collect(w);
    return w.text();
  }
  bool has_line(const std::string& line) const {
    return exposition().find(line + "\n") != std::string::npos;
  }

  cql::RequestMetrics metrics_{env_.clock()};
  std::unique_ptr<cql::SystemTables> system_;
  std::unique_ptr<cql::QueryProcessor> processor_;
  cql::ClientState state_;
};

TEST_F(RequestMetricsTest, NothingRecordedNothingShown) { EXPECT_EQ(exposition(), ""); }

TEST_F(RequestMetricsTest, EveryEntryPointCountsByKindLevelAndErrorCode) {
  ASSERT_TRUE(std::holds_alternative<cql::ResultMessage>(
      query("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
            "'replication_factor': 1}")));
  ASSERT_TRUE(std::holds_alternative<cql::ResultMessage>(
      query("CREATE TABLE ks.t (k int PRIMARY KEY, v int)")));
  for (int k = 0; k < 3; ++k) {
    ASSERT_TRUE(std::holds_alternative<cql::ResultMessage>(
        query("INSERT INTO ks.t (k, v) VALUES (" + std::to_string(k) + ", 1)",
              cql::consistency::kQuorum)));
  }
  ASSERT_TRUE(std::holds_alternative<cql::ResultMessage>(
      query("SELECT v FROM ks.t WHERE k = 1", cql::consistency::kLocalOne)));
  // TWO on a keyspace with one replica: Unavailable.
  ASSERT_TRUE(std::holds_alternative<cql::CqlError>(
      query("SELECT v FROM ks.t WHERE k = 1", cql::consistency::kTwo)));
  ASSERT_TRUE(std::holds_alternative<cql::CqlError>(query("SELEC nonsense")));

  cql::BatchRequest batch;
  batch.statements.push_back({false, "INSERT INTO ks.t (k, v) VALUES (9, 9)", {}, {}});
  ASSERT_TRUE(std::holds_alternative<cql::ResultMessage>(processor_->batch(state_, batch)));

  cql::Outcome prepared = processor_->prepare(state_, {"UPDATE ks.t SET v = 2 WHERE k = 1"});
  ASSERT_TRUE(std::holds_alternative<cql::ResultMessage>(prepared));
  cql::ExecuteRequest execute;
  execute.id = std::get<cql::ResultMessage>(prepared).prepared.id;
  execute.parameters.consistency = cql::consistency::kAll;
  ASSERT_TRUE(std::holds_alternative<cql::ResultMessage>(processor_->execute(state_, execute)));
  execute.id = Bytes(std::string(16, 'x'));
  ASSERT_TRUE(std::holds_alternative<cql::CqlError>(processor_->execute(state_, execute)));

  const std::string text = exposition();
  EXPECT_TRUE(has_line("cairn_cql_requests_total{kind=\"write\",consistency=\"QUORUM\"} 3"))
      << text;
  EXPECT_TRUE(
      has_line("cairn_cql_request_latency_seconds_count{kind=\"write\",consistency=\"QUORUM\"} 3"))
      << text;
  EXPECT_TRUE(has_line("cairn_cql_requests_total{kind=\"write\",consistency=\"ALL\"} 1")) << text;
  EXPECT_TRUE(has_line("cairn_cql_requests_total{kind=\"read\",consistency=\"LOCAL_ONE\"} 1"))
      << text;
  EXPECT_TRUE(has_line("cairn_cql_requests_total{kind=\"read\",consistency=\"TWO\"} 1")) << text;
  EXPECT_TRUE(has_line("cairn_cql_request_errors_total{kind=\"read\",code=\"unavailable\"} 1"))
      << text;
  EXPECT_TRUE(has_line("cairn_cql_requests_total{kind=\"batch\",consistency=\"ONE\"} 1")) << text;
  // DDL, the unparseable query, PREPARE and the unknown EXECUTE are "other" at ONE.
  EXPECT_TRUE(has_line("cairn_cql_requests_total{kind=\"other\",consistency=\"ONE\"} 4")) << text;
  EXPECT_TRUE(has_line("cairn_cql_requests_total{kind=\"other\",consistency=\"ALL\"} 1")) << text;
  EXPECT_TRUE(has_line("cairn_cql_request_errors_total{kind=\"other\",code=\"syntax_error\"} 1"))
      << text;
  EXPECT_TRUE(has_line("cairn_cql_request_errors_total{kind=\"other\",code=\"unprepared\"} 1"))
      << text;
  EXPECT_EQ(text.find("kind=\"write\",code="), std::string::npos) << text;
}

TEST_F(RequestMetricsTest, LatencyIsTheClockTimeBetweenStartAndFinish) {
  const int64_t start = env_.clock().monotonic_nanos();
  env_.clock().advance(std::chrono::milliseconds(3));
  metrics_.record(cql::RequestKind::kRead, 0x7777, cql::ResultMessage{}, start);
  const std::string text = exposition();
  EXPECT_TRUE(has_line("cairn_cql_requests_total{kind=\"read\",consistency=\"UNKNOWN\"} 1"))
      << text;
  EXPECT_TRUE(
      has_line("cairn_cql_request_latency_seconds_bucket{kind=\"read\",consistency=\"UNKNOWN\",le="
               "\"0.0025\"} 0"))
      << text;
  EXPECT_TRUE(
      has_line("cairn_cql_request_latency_seconds_bucket{kind=\"read\",consistency=\"UNKNOWN\",le="
               "\"0.005\"} 1"))
      << text;
  EXPECT_TRUE(has_line(
      "cairn_cql_request_latency_seconds_sum{kind=\"read\",consistency=\"UNKNOWN\"} 0.003"))
      << text;
}

}  // namespace
}  // namespace cairn::testing
