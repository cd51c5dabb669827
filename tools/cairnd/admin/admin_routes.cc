#include "tools/cairnd/admin/admin_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "storage/system_keyspace.h"

namespace cairn::tools {
namespace {

// Finished jobs kept for GET /jobs/{id}; older ones are forgotten.
constexpr size_t kFinishedJobsKept = 64;

HttpReply json_reply(int status, const Json& body) {
  return HttpReply{status, "application/json", body.dump() + "\n"};
}

HttpReply error_reply(int status, const std::string& message) {
  return json_reply(status, Json::object({{"error", Json(message)}}));
}

// Bad input (unknown keyspace, invalid name) is the client's: 400. Anything else: 500.
HttpReply status_reply(const Status& s) {
  switch (s.code()) {
    case Status::Code::kInvalidArgument:
    case Status::Code::kNotFound:
    case Status::Code::kAlreadyExists: return error_reply(400, s.message());
    default: return error_reply(500, s.to_string());
  }
}

HttpReply ok_reply() { return json_reply(200, Json::object({{"ok", Json(true)}})); }

Json table_stats_json(const TableStats& t) {
  return Json::object({
      {"keyspace", Json(t.keyspace)},
      {"table", Json(t.table)},
      {"sstable_count", Json(static_cast<uint64_t>(t.sstable_count))},
      {"live_disk_bytes", Json(t.live_disk_bytes)},
      {"total_disk_bytes", Json(t.total_disk_bytes)},
      {"memtable_bytes", Json(t.memtable_bytes)},
      {"memtable_partitions", Json(t.memtable_partitions)},
      {"pending_compactions", Json(t.pending_compactions)},
      {"completed_compactions", Json(t.completed_compactions)},
  });
}

Result<Json> parse_body(const std::string& body) {
  if (body.empty()) return Json::object();
  CAIRN_ASSIGN_OR_RETURN(Json j, Json::parse(body));
  if (!j.is_object()) return Status::invalid_argument("the request body must be a JSON object");
  return j;
}

}  // namespace

// A long operation and its progress. Guarded by mu.
struct AdminRoutes::Job {
  std::mutex mu;
  uint64_t id = 0;
  std::string kind;
  std::string state = "running";  // running, done, failed
  uint64_t done = 0, total = 0;   // units: tables (compact) or sstables of the current table
  std::string current;            // ks.table being worked on
  uint64_t sstables_rewritten = 0;
  std::string error;

  Json to_json() {
    std::lock_guard<std::mutex> lock(mu);
    return Json::object({{"id", Json(id)},
                         {"kind", Json(kind)},
                         {"state", Json(state)},
                         {"done", Json(done)},
                         {"total", Json(total)},
                         {"current", Json(current)},
                         {"sstables_rewritten", Json(sstables_rewritten)},
                         {"error", error.empty() ? Json() : Json(error)}});
  }
};

AdminRoutes::AdminRoutes(AdminNode node)
    : node_(std::move(node)), start_nanos_(node_.clock->monotonic_nanos()) {}

AdminRoutes::~AdminRoutes() { wait_for_jobs(); }

void AdminRoutes::wait_for_jobs() {
  std::vector<std::pair<std::shared_ptr<Job>, std::thread>> threads;
  {
    std::lock_guard<std::mutex> lock(jobs_mu_);
    threads.swap(job_threads_);
  }
  for (auto& [job, thread] : threads) thread.join();
}

HttpReply AdminRoutes::handle(const std::string& method, const std::string& target,
                              const std::string& body) {
  const std::string path = target.substr(0, target.find('?'));
  auto parsed = parse_body(body);
  if (!parsed.is_ok()) return error_reply(400, parsed.status().message());
  const Json& json = parsed.value();
  auto route = [&](const char* m, const char* p) { return method == m && path == p; };

  if (route("GET", "/metrics")) {
    return HttpReply{200, "text/plain; version=0.0.4; charset=utf-8", node_.metrics->render()};
  }
  if (route("GET", "/storage_service/node")) return node_info();
  if (route("GET", "/storage_service/release_version")) {
    return json_reply(
        200, Json::object({{"release_version", Json(node_.system->node().release_version)}}));
  }
  if (route("GET", "/column_family/stats")) return table_stats();
  if (route("POST", "/storage_service/flush")) return flush(json);
  if (route("POST", "/storage_service/compact")) return start_job("compact", json);
  if (route("POST", "/storage_service/upgradesstables")) return start_job("upgradesstables", json);
  if (route("POST", "/storage_service/snapshots")) return take_snapshot(json);
  if (route("GET", "/storage_service/snapshots")) return list_snapshots();
  if (route("DELETE", "/storage_service/snapshots")) return clear_snapshot(json);
  if (route("POST", "/storage_service/drain")) return drain();
  if (route("GET", "/system/logger")) return get_logger();
  if (route("POST", "/system/logger")) return set_logger(json);
  if (method == "GET" && path.starts_with("/jobs/")) return job_state(path.substr(6));

  static const std::set<std::string> kPaths = {"/metrics",
                                               "/storage_service/node",
                                               "/storage_service/release_version",
                                               "/column_family/stats",
                                               "/storage_service/flush",
                                               "/storage_service/compact",
                                               "/storage_service/upgradesstables",
                                               "/storage_service/snapshots",
                                               "/storage_service/drain",
                                               "/system/logger"};
  if (kPaths.count(path) || path.starts_with("/jobs/")) {
    return error_reply(405, fmt::format("method {} is not allowed on {}", method, path));
  }
  return error_reply(404, fmt::format("no such endpoint: {}", path));
}

HttpReply AdminRoutes::node_info() {
  const cql::NodeInfo& n = node_.system->node();
  Json tokens = Json::array();
  for (Token t : n.tokens) tokens.push(Json(std::to_string(t)));
  uint64_t load = 0, memtable = 0;
  for (const auto& t : node_.db->table_stats()) {
    load += t.live_disk_bytes;
    memtable += t.memtable_bytes;
  }
  const NodeStats stats = node_.db->node_stats();
  const int64_t uptime = (node_.clock->monotonic_nanos() - start_nanos_) / 1'000'000'000;
  Json out = Json::object({
      {"host_id", Json(n.host_id.to_string())},
      {"cluster_name", Json(n.cluster_name)},
      {"release_version", Json(n.release_version)},
      {"listen_address", Json(n.listen_address)},
      {"rpc_address", Json(n.rpc_address)},
      {"native_port", Json(static_cast<int64_t>(n.native_port))},
      {"data_center", Json(n.data_center)},
      {"rack", Json(n.rack)},
      {"generation", Json(static_cast<int64_t>(n.gossip_generation))},
      {"uptime_seconds", Json(uptime)},
      {"tokens", std::move(tokens)},
      {"load_bytes", Json(load)},
      {"memtable_bytes", Json(memtable)},
      {"commitlog_bytes", Json(stats.commitlog_bytes)},
      {"commitlog_segments", Json(static_cast<uint64_t>(stats.commitlog_segments))},
      {"schema_version", Json(node_.system->schema_version().to_string())},
      {"partitioner", Json(node_.partitioner)},
      {"snitch", Json(node_.snitch)},
      {"native_transport_active", Json(node_.native_transport_running())},
      {"drained", Json(drained_.load())},
      // One node: it is up and normal, and owns the whole ring.
      {"status", Json("UN")},
  });
  return json_reply(200, out);
}

HttpReply AdminRoutes::table_stats() {
  Json tables = Json::array();
  for (const auto& t : node_.db->table_stats()) tables.push(table_stats_json(t));
  return json_reply(200, Json::object({{"tables", std::move(tables)}}));
}

Result<std::vector<std::pair<std::string, std::string>>> AdminRoutes::targets(
    const Json& body) const {
  CAIRN_ASSIGN_OR_RETURN(std::string keyspace, get_string(body, "keyspace"));
  CAIRN_ASSIGN_OR_RETURN(std::vector<std::string> tables, get_strings(body, "tables"));
  std::vector<std::pair<std::string, std::string>> out;
  if (keyspace.empty()) {
    if (!tables.empty()) return Status::invalid_argument("tables given without a keyspace");
    for (const auto& ks : node_.db->keyspaces()) {
      if (is_system_keyspace(ks.name)) continue;
      for (const auto& t : node_.db->tables(ks.name)) out.emplace_back(ks.name, t->name());
    }
    return out;
  }
  if (!node_.db->find_keyspace(keyspace)) {
    return Status::invalid_argument(fmt::format("Keyspace [{}] does not exist.", keyspace));
  }
  if (tables.empty()) {
    for (const auto& t : node_.db->tables(keyspace)) out.emplace_back(keyspace, t->name());
  }
  for (const auto& t : tables) {
    if (!node_.db->find_table(keyspace, t)) {
      return Status::invalid_argument(fmt::format("Unknown table {} in keyspace {}", t, keyspace));
    }
    out.emplace_back(keyspace, t);
  }
  return out;
}

HttpReply AdminRoutes::flush(const Json& body) {
  auto tables = targets(body);
  if (!tables.is_ok()) return status_reply(tables.status());
  for (const auto& [ks, t] : tables.value()) {
    if (Status s = node_.db->flush_table(ks, t); !s.is_ok()) return status_reply(s);
  }
  return json_reply(200, Json::object({{"flushed", Json(static_cast<uint64_t>(tables->size()))}}));
}

HttpReply AdminRoutes::start_job(const std::string& kind, const Json& body) {
  auto tables = targets(body);
  if (!tables.is_ok()) return status_reply(tables.status());
  auto include_all = get_bool(body, "include_all");
  if (!include_all.is_ok()) return status_reply(include_all.status());
  auto job = std::make_shared<Job>();
  job->kind = kind;
  std::lock_guard<std::mutex> lock(jobs_mu_);
  job->id = next_job_++;
  jobs_[job->id] = job;
  while (jobs_.size() > kFinishedJobsKept) {
    // Forget the oldest finished job (running ones stay).
    auto it = std::find_if(jobs_.begin(), jobs_.end(), [](auto& e) {
      std::lock_guard<std::mutex> l(e.second->mu);
      return e.second->state != "running";
    });
    if (it == jobs_.end()) break;
    jobs_.erase(it);
  }
  // Threads of finished jobs are joined here (quick: they have returned or are returning).
  std::erase_if(job_threads_, [](auto& entry) {
    {
      std::lock_guard<std::mutex> l(entry.first->mu);
      if (entry.first->state == "running") return false;
    }
    entry.second.join();
    return true;
  });
  Database* db = node_.db;
  Logger* logger = node_.logger;
  std::thread thread(
      [job, db, logger, kind, list = std::move(tables).value(), include_all = include_all.value()] {
        Status s;
        if (kind == "compact") {
          {
            std::lock_guard<std::mutex> l(job->mu);
            job->total = list.size();
          }
          for (const auto& [ks, t] : list) {
            {
              std::lock_guard<std::mutex> l(job->mu);
              job->current = ks + "." + t;
            }
            s = db->compact(ks, t);
            if (!s.is_ok()) break;
            std::lock_guard<std::mutex> l(job->mu);
            ++job->done;
          }
        } else {
          for (const auto& [ks, t] : list) {
            auto n =
                db->upgrade_sstables(ks, {t}, include_all, [&](const Database::UpgradeProgress& p) {
                  std::lock_guard<std::mutex> l(job->mu);
                  job->current = p.keyspace + "." + p.table;
                  job->done = p.done;
                  job->total = p.total;
                  ++job->sstables_rewritten;
                });
            if (!n.is_ok()) {
              s = n.status();
              break;
            }
          }
        }
        std::lock_guard<std::mutex> l(job->mu);
        job->state = s.is_ok() ? "done" : "failed";
        if (!s.is_ok()) {
          job->error = s.to_string();
          logger->error("admin: {} job {} failed: {}", kind, job->id, job->error);
        } else {
          logger->info("admin: {} job {} done", kind, job->id);
        }
      });
  job_threads_.emplace_back(job, std::move(thread));
  return json_reply(202, Json::object({{"job", Json(job->id)}}));
}

HttpReply AdminRoutes::job_state(const std::string& id_text) {
  uint64_t id = 0;
  const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size()) {
    return error_reply(400, fmt::format("bad job id '{}'", id_text));
  }
  std::shared_ptr<Job> job;
  {
    std::lock_guard<std::mutex> lock(jobs_mu_);
    auto it = jobs_.find(id);
    if (it != jobs_.end()) job = it->second;
  }
  if (!job) return error_reply(404, fmt::format("no job {}", id));
  return json_reply(200, job->to_json());
}

HttpReply AdminRoutes::take_snapshot(const Json& body) {
  auto tag = get_string(body, "tag");
  if (!tag.is_ok()) return status_reply(tag.status());
  auto keyspaces = get_strings(body, "keyspaces");
  if (!keyspaces.is_ok()) return status_reply(keyspaces.status());
  std::string name = tag.value();
  if (name.empty()) name = std::to_string(node_.db->now_micros() / 1000);
  if (Status s = node_.db->snapshot(name, keyspaces.value()); !s.is_ok()) return status_reply(s);
  return json_reply(200, Json::object({{"tag", Json(name)}}));
}

HttpReply AdminRoutes::list_snapshots() {
  auto list = node_.db->list_snapshots();
  if (!list.is_ok()) return status_reply(list.status());
  Json out = Json::array();
  for (const auto& s : list.value()) {
    out.push(Json::object({{"name", Json(s.name)},
                           {"keyspace", Json(s.keyspace)},
                           {"table", Json(s.table)},
                           {"created_at", Json(s.created_at)},
                           {"total_bytes", Json(s.total_bytes)},
                           {"true_bytes", Json(s.true_bytes)}}));
  }
  return json_reply(200, Json::object({{"snapshots", std::move(out)}}));
}

HttpReply AdminRoutes::clear_snapshot(const Json& body) {
  auto tag = get_string(body, "tag");
  if (!tag.is_ok()) return status_reply(tag.status());
  auto all = get_bool(body, "all");
  if (!all.is_ok()) return status_reply(all.status());
  auto keyspaces = get_strings(body, "keyspaces");
  if (!keyspaces.is_ok()) return status_reply(keyspaces.status());
  // As nodetool: clearing every snapshot must be asked for explicitly.
  if (tag->empty() && !all.value()) return error_reply(400, "Specify snapshot name or --all");
  if (!tag->empty() && all.value())
    return error_reply(400, "Specify only one of snapshot name or --all");
  for (const auto& ks : keyspaces.value()) {
    if (!node_.db->find_keyspace(ks)) {
      return error_reply(400, fmt::format("Keyspace [{}] does not exist.", ks));
    }
  }
  if (Status s = node_.db->clear_snapshot(tag.value(), keyspaces.value()); !s.is_ok()) {
    return status_reply(s);
  }
  return ok_reply();
}

HttpReply AdminRoutes::drain() {
  node_.logger->info("admin: DRAINING: stopping the native transport and flushing every table");
  node_.stop_native_transport();
  if (Status s = node_.db->flush(); !s.is_ok()) return status_reply(s);
  drained_.store(true);
  node_.logger->info("admin: DRAINED");
  return ok_reply();
}

HttpReply AdminRoutes::get_logger() {
  return json_reply(
      200, Json::object({{"levels",
                          Json::object({{"ROOT", Json(log_level_name(node_.logger->level()))}})}}));
}

HttpReply AdminRoutes::set_logger(const Json& body) {
  auto logger = get_string(body, "logger");
  if (!logger.is_ok()) return status_reply(logger.status());
  auto level = get_string(body, "level");
  if (!level.is_ok()) return status_reply(level.status());
  if (!logger->empty() && *logger != "ROOT") {
    return error_reply(400,
                       fmt::format("Cairn has one logger, ROOT; there is no logger '{}'", *logger));
  }
  std::string upper = level.value();
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError}) {
    if (upper == log_level_name(l)) {
      node_.logger->set_level(l);
      return ok_reply();
    }
  }
  return error_reply(400, fmt::format("log level must be one of DEBUG, INFO, WARN, ERROR, not '{}'",
                                      level.value()));
}

}  // namespace cairn::tools
