// AdminRoutes: the admin HTTP API's endpoints (docs/operations/admin.md), independent of
// the HTTP library: admin_server.h hands each request's method, target and body here and
// writes back the reply. JSON in and out, except GET /metrics (Prometheus text).
//
//   GET    /storage_service/node            identity, ring tokens, load, state (status,
//                                            info, ring, describecluster read it)
//   GET    /storage_service/release_version {"release_version": "4.0.11"}
//   GET    /column_family/stats             every table's TableStats (tablestats)
//   POST   /storage_service/flush           {"keyspace": "ks", "tables": ["t"]}
//   POST   /storage_service/compact         same body; 202 {"job": id}
//   POST   /storage_service/upgradesstables same body + "include_all"; 202 {"job": id}
//   GET    /jobs/{id}                       a job's state and progress
//   POST   /storage_service/snapshots       {"tag": "t", "keyspaces": [...]}
//   GET    /storage_service/snapshots       every snapshot (listsnapshots)
//   DELETE /storage_service/snapshots       {"tag": "t"} or {"all": true}, "keyspaces"
//   POST   /storage_service/drain           flush, then stop serving CQL
//   GET    /system/logger                   {"levels": {"ROOT": "INFO"}}
//   POST   /system/logger                   {"logger": "ROOT", "level": "DEBUG"}
//   GET    /metrics                         Prometheus text format 0.0.4
//
// Replies: 200 (202 for a started job) with a JSON object; 400 {"error": ...} for a
// malformed request or bad input (unknown keyspace, bad level); 404 for an unknown path;
// 405 for a known path with the wrong method; 500 {"error": ...} when the operation fails.
//
// Long operations (compact, upgradesstables) run as jobs on their own threads; the
// client polls GET /jobs/{id}. The destructor waits for running jobs.
//
// Thread safety: handle() may be called from many threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/env/env.h"
#include "common/logging.h"
#include "common/metrics.h"
#include "cql/system/system_tables.h"
#include "storage/database.h"
#include "tools/cairnd/admin/json.h"

namespace cairn::tools {

// What the routes act on; every pointer must outlive the AdminRoutes.
struct AdminNode {
  Database* db = nullptr;
  const cql::SystemTables* system = nullptr;
  Logger* logger = nullptr;
  MetricsRegistry* metrics = nullptr;
  Clock* clock = nullptr;  // monotonic_nanos for the uptime
  std::string partitioner = "org.apache.cassandra.dht.Murmur3Partitioner";
  std::string snitch = "org.apache.cassandra.locator.SimpleSnitch";
  // Stops the CQL server (drain); whether it is still serving.
  std::function<void()> stop_native_transport;
  std::function<bool()> native_transport_running;
};

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

class AdminRoutes {
 public:
  explicit AdminRoutes(AdminNode node);
  ~AdminRoutes();  // waits for running jobs
  AdminRoutes(const AdminRoutes&) = delete;
  AdminRoutes& operator=(const AdminRoutes&) = delete;

  // Waits for running jobs (the destructor does too). Call after the server stopped.
  void wait_for_jobs();

  // `target` is the request target (path and optional query string).
  HttpReply handle(const std::string& method, const std::string& target, const std::string& body);

 private:
  struct Job;
  HttpReply node_info();
  HttpReply table_stats();
  HttpReply flush(const Json& body);
  HttpReply start_job(const std::string& kind, const Json& body);
  HttpReply job_state(const std::string& id);
  HttpReply take_snapshot(const Json& body);
  HttpReply list_snapshots();
  HttpReply clear_snapshot(const Json& body);
  HttpReply drain();
  HttpReply get_logger();
  HttpReply set_logger(const Json& body);

  // (keyspace, table) pairs a {"keyspace", "tables"} body names: every table of the
  // keyspace without tables, every user table without a keyspace.
  Result<std::vector<std::pair<std::string, std::string>>> targets(const Json& body) const;

  AdminNode node_;
  const int64_t start_nanos_;
  std::atomic<bool> drained_{false};
  std::mutex jobs_mu_;
  uint64_t next_job_ = 1;
  std::map<uint64_t, std::shared_ptr<Job>> jobs_;
  std::vector<std::pair<std::shared_ptr<Job>, std::thread>> job_threads_;
};

}  // namespace cairn::tools
