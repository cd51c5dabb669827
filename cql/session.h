// Session: CQL for embedded users — the same statements a driver sends to cairnd, run
// in-process against a Database, no network involved.
//
//   cql::Session session(*db);
//   session.execute("CREATE KEYSPACE chat WITH replication = "
//                   "{'class': 'SimpleStrategy', 'replication_factor': 1}");
//   session.execute("USE chat");
//   session.execute("INSERT INTO messages (session, id, body) VALUES (?, now(), ?)",
//                   {cql::Value::of(values::from_uuid(id)), cql::Value::of(values::from_text("hi"))});
//   auto rows = session.execute("SELECT body FROM messages WHERE session = ?", {...});
//
// Errors come back as a Status whose message starts with the CQL error's name
// ("SyntaxError: line 1:7 ...", "Invalid: unconfigured table t").
//
// Thread safety: a Session keeps the current keyspace (USE); use one per thread, or
// only qualified table names. Many sessions may share one Database.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cql/protocol/body.h"
#include "cql/protocol/results.h"
#include "storage/database.h"

namespace cairn::cql {

class QueryProcessor;
class SystemTables;

// The rows (if any) and warnings of one statement.
struct ResultSet {
  std::vector<ColumnSpec> columns;
  std::vector<std::vector<std::optional<Bytes>>> rows;
  std::vector<std::string> warnings;
  // Set when a paged SELECT has more rows: pass it back in ExecuteOptions.
  std::optional<Bytes> paging_state;

  // The index of the column named `name`, or -1.
  int column_index(std::string_view name) const;
};

struct ExecuteOptions {
  int32_t page_size = 0;  // 0: every row at once
  std::optional<Bytes> paging_state;
  std::optional<int64_t> timestamp;  // microseconds; default: now
  uint16_t consistency = 0x0001;     // ONE (cql/query/consistency.h has the levels)
};

class Session {
 public:
  // `db` must outlive the session.
  explicit Session(Database& db);
  ~Session();

  Result<ResultSet> execute(std::string_view cql, std::vector<Value> values = {},
                            const ExecuteOptions& options = {});

  // A prepared statement: parsed once, executed many times.
  struct Prepared {
    Bytes id;
    std::vector<ColumnSpec> bind_columns;
  };
  Result<Prepared> prepare(std::string_view cql);
  Result<ResultSet> execute(const Prepared& prepared, std::vector<Value> values = {},
                            const ExecuteOptions& options = {});

  const std::string& keyspace() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace cairn::cql
