// cairn-admin: nodetool's verbs against a running cairnd, through its admin HTTP API
// (docs/operations/admin.md).
//
//   cairn-admin [-h HOST] [-p PORT] VERB [ARGS...]
//
// Output is shaped like nodetool's so an operator's habits (and scripts that grep for
// "UN  127.0.0.1") carry over. Exit codes: 0 success, 1 the operation failed or the node
// cannot be reached (one line on stderr saying why), 2 a usage error.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tools/cairn_admin/http_client.h"
#include "tools/cairnd/admin/json.h"

namespace cairn::tools {
namespace {

constexpr const char* kUsage =
    "usage: cairn-admin [-h HOST] [-p PORT] VERB [ARGS...]\n"
    "  -h, --host HOST   the node's api_address (default 127.0.0.1)\n"
    "  -p, --port PORT   the node's api_port (default 10000)\n"
    "verbs:\n"
    "  status                               the ring's nodes: state, load, tokens, host id\n"
    "  info [-T|--tokens]                   this node: id, load, uptime, data center\n"
    "  version                              the release version\n"
    "  describecluster                      name, snitch, partitioner, schema versions\n"
    "  ring                                 every token and its node\n"
    "  tablestats [keyspace[.table]...]     per-table numbers\n"
    "  flush [keyspace [table...]]          flush memtables to sstables\n"
    "  compact [keyspace [table...]]        major compaction, with progress\n"
    "  upgradesstables [-a] [keyspace [table...]]\n"
    "                                       rewrite older-version sstables (-a: all)\n"
    "  snapshot [-t tag] [keyspace...]      take a snapshot\n"
    "  listsnapshots                        list snapshots\n"
    "  clearsnapshot [-t tag] [--all] [keyspace...]\n"
    "                                       delete a snapshot (or all with --all)\n"
    "  drain                                flush everything and stop serving CQL\n"
    "  getlogginglevels                     the logging level\n"
    "  setlogginglevel LOGGER LEVEL         LOGGER is ROOT; LEVEL DEBUG/INFO/WARN/ERROR\n"
    "  help                                 this text\n";

// A usage error: exit 2.
struct UsageError {
  std::string message;
};

struct Connection {
  std::string host = "127.0.0.1";
  uint16_t port = 10000;
};

// One request; a non-2xx reply becomes an error carrying the server's message.
Result<Json> call(const Connection& c, const std::string& method, const std::string& target,
                  const Json& body = Json(),
                  std::chrono::seconds timeout = std::chrono::seconds(600)) {
  CAIRN_ASSIGN_OR_RETURN(HttpResult r, http_request(c.host, c.port, method, target,
                                                    body.is_null() ? "" : body.dump(), timeout));
  auto parsed = Json::parse(r.body);
  if (r.status < 200 || r.status > 299) {
    if (parsed.is_ok()) {
      if (const Json* e = parsed->find("error"); e != nullptr && e->is_string()) {
        return Status::io_error(e->as_string());
      }
    }
    return Status::io_error(
        fmt::format("the node answered HTTP {} to {} {}", r.status, method, target));
  }
  if (!parsed.is_ok() || !parsed->is_object()) {
    return Status::corruption(fmt::format("the node's reply to {} {} is not a JSON object: {}",
                                          method, target, parsed.status().message()));
  }
  return std::move(parsed).value();
}

std::string str(const Json& j, std::string_view key) {
  const Json* v = j.find(key);
  if (v == nullptr) return "";
  if (v->is_string()) return v->as_string();
  if (v->is_number())
    return v->is_integral() ? std::to_string(v->as_int()) : fmt::format("{}", v->as_double());
  if (v->is_bool()) return v->as_bool() ? "true" : "false";
  return "";
}

uint64_t num(const Json& j, std::string_view key) {
  const Json* v = j.find(key);
  return v != nullptr && v->is_integral() && v->as_int() > 0 ? static_cast<uint64_t>(v->as_int())
                                                             : 0;
}

// nodetool's sizes: "123 bytes", "75.92 KiB", "1.5 MiB".
std::string size_text(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  double v = static_cast<double>(bytes) / 1024.0;
  size_t unit = 0;
  while (v >= 1024.0 && unit + 1 < std::size(kUnits)) {
    v /= 1024.0;
    ++unit;
  }
  std::string text = fmt::format("{:.2f}", v);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text + " " + kUnits[unit];
}

// Columns padded to their widest cell, separated by `gap` spaces.
void print_table(const std::vector<std::vector<std::string>>& rows, size_t gap = 2) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + gap, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", line.c_str());
  }
}

// Positional keyspace and tables, as flush/compact/upgradesstables take them.
Json keyspace_body(const std::vector<std::string>& args) {
  Json body = Json::object();
  if (!args.empty()) body.set("keyspace", Json(args[0]));
  Json tables = Json::array();
  for (size_t i = 1; i < args.size(); ++i) tables.push(Json(args[i]));
  body.set("tables", std::move(tables));
  return body;
}

void no_options(const std::string& verb, const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a.starts_with("-")) throw UsageError{fmt::format("{}: unknown option '{}'", verb, a)};
  }
}

void no_args(const std::string& verb, const std::vector<std::string>& args) {
  if (!args.empty())
    throw UsageError{fmt::format("{} takes no arguments, got '{}'", verb, args[0])};
}

Status status_verb(const Connection& c) {
  CAIRN_ASSIGN_OR_RETURN(Json n, call(c, "GET", "/storage_service/node"));
  const std::string dc = "Datacenter: " + str(n, "data_center");
  std::printf("%s\n%s\n", dc.c_str(), std::string(dc.size(), '=').c_str());
  std::printf("Status=Up/Down\n|/ State=Normal/Leaving/Joining/Moving\n");
  const Json* tokens = n.find("tokens");
  const size_t token_count =
      tokens != nullptr && tokens->is_array() ? tokens->as_array().size() : 0;
  print_table({{"--", "Address", "Load", "Tokens", "Owns (effective)", "Host ID", "Rack"},
               {str(n, "status"), str(n, "listen_address"), size_text(num(n, "load_bytes")),
                std::to_string(token_count), "100.0%", str(n, "host_id"), str(n, "rack")}});
  return Status::ok();
}

Status info_verb(const Connection& c, const std::vector<std::string>& args) {
  bool show_tokens = false;
  for (const auto& a : args) {
    if (a == "-T" || a == "--tokens")
      show_tokens = true;
    else
      throw UsageError{fmt::format("info: unknown argument '{}'", a)};
  }
  CAIRN_ASSIGN_OR_RETURN(Json n, call(c, "GET", "/storage_service/node"));
  auto line = [](const char* name, const std::string& value) {
    std::printf("%-23s: %s\n", name, value.c_str());
  };
  line("ID", str(n, "host_id"));
  line("Gossip active", "false");
  line("Native Transport active", str(n, "native_transport_active"));
  line("Load", size_text(num(n, "load_bytes")));
  line("Generation No", str(n, "generation"));
  line("Uptime (seconds)", str(n, "uptime_seconds"));
  line("Memtable data size", size_text(num(n, "memtable_bytes")));
  line("Commitlog size", size_text(num(n, "commitlog_bytes")));
  line("Data Center", str(n, "data_center"));
  line("Rack", str(n, "rack"));
  line("Drained", str(n, "drained"));
  const Json* tokens = n.find("tokens");
  const Json::Array empty;
  const Json::Array& list = tokens != nullptr && tokens->is_array() ? tokens->as_array() : empty;
  if (show_tokens) {
    for (const auto& t : list) line("Token", t.is_string() ? t.as_string() : "?");
  } else {
    line("Token", fmt::format("(invoke with -T/--tokens to see all {} tokens)", list.size()));
  }
  return Status::ok();
}

Status describecluster_verb(const Connection& c) {
  CAIRN_ASSIGN_OR_RETURN(Json n, call(c, "GET", "/storage_service/node"));
  std::printf("Cluster Information:\n");
  std::printf("\tName: %s\n", str(n, "cluster_name").c_str());
  std::printf("\tSnitch: %s\n", str(n, "snitch").c_str());
  std::printf("\tPartitioner: %s\n", str(n, "partitioner").c_str());
  std::printf("\tSchema versions:\n");
  std::printf("\t\t%s: [%s]\n", str(n, "schema_version").c_str(), str(n, "listen_address").c_str());
  return Status::ok();
}

Status ring_verb(const Connection& c) {
  CAIRN_ASSIGN_OR_RETURN(Json n, call(c, "GET", "/storage_service/node"));
  std::vector<std::string> tokens;
  if (const Json* t = n.find("tokens"); t != nullptr && t->is_array()) {
    for (const auto& x : t->as_array()) {
      if (x.is_string()) tokens.push_back(x.as_string());
    }
  }
  // Tokens are signed 64-bit numbers sent as strings (JSON numbers lose precision).
  auto value = [](const std::string& t) {
    int64_t v = 0;
    std::from_chars(t.data(), t.data() + t.size(), v);
    return v;
  };
  std::sort(tokens.begin(), tokens.end(),
            [&](const std::string& a, const std::string& b) { return value(a) < value(b); });
  const std::string dc = "Datacenter: " + str(n, "data_center");
  std::printf("\n%s\n==========\n", dc.c_str());
  std::vector<std::vector<std::string>> rows = {
      {"Address", "Rack", "Status", "State", "Load", "Owns", "Token"}};
  rows.push_back({"", "", "", "", "", "", tokens.empty() ? "" : tokens.back()});
  const std::string load = size_text(num(n, "load_bytes"));
  for (const auto& t : tokens) {
    rows.push_back({str(n, "listen_address"), str(n, "rack"), "Up", "Normal", load, "100.00%", t});
  }
  print_table(rows);
  return Status::ok();
}

Status tablestats_verb(const Connection& c, const std::vector<std::string>& args) {
  no_options("tablestats", args);
  CAIRN_ASSIGN_OR_RETURN(Json reply, call(c, "GET", "/column_family/stats"));
  const Json* tables = reply.find("tables");
  if (tables == nullptr || !tables->is_array())
    return Status::corruption("the node's table stats have no tables");
  // Filters: "ks" (every table of it) or "ks.table"; each must match something.
  std::vector<std::pair<std::string, std::string>> filters;
  for (const auto& a : args) {
    const size_t dot = a.find('.');
    filters.emplace_back(a.substr(0, dot), dot == std::string::npos ? "" : a.substr(dot + 1));
  }
  std::map<std::string, std::vector<const Json*>> by_keyspace;
  std::set<size_t> matched;
  for (const auto& t : tables->as_array()) {
    bool keep = filters.empty();
    for (size_t i = 0; i < filters.size(); ++i) {
      if (filters[i].first == str(t, "keyspace") &&
          (filters[i].second.empty() || filters[i].second == str(t, "table"))) {
        keep = true;
        matched.insert(i);
      }
    }
    if (keep) by_keyspace[str(t, "keyspace")].push_back(&t);
  }
  for (size_t i = 0; i < filters.size(); ++i) {
    if (!matched.count(i)) {
      return Status::invalid_argument(filters[i].second.empty()
                                          ? fmt::format("Unknown keyspace: {}", filters[i].first)
                                          : fmt::format("Unknown table: {}", args[i]));
    }
  }
  size_t count = 0;
  for (const auto& [ks, list] : by_keyspace) count += list.size();
  std::printf("Total number of tables: %zu\n----------------\n", count);
  for (const auto& [ks, list] : by_keyspace) {
    std::printf("Keyspace : %s\n", ks.c_str());
    for (const Json* t : list) {
      std::printf("\t\tTable: %s\n", str(*t, "table").c_str());
      std::printf("\t\tSSTable count: %s\n", str(*t, "sstable_count").c_str());
      std::printf("\t\tSpace used (live): %s\n", str(*t, "live_disk_bytes").c_str());
      std::printf("\t\tSpace used (total): %s\n", str(*t, "total_disk_bytes").c_str());
      std::printf("\t\tMemtable partition count: %s\n", str(*t, "memtable_partitions").c_str());
      std::printf("\t\tMemtable data size: %s\n", str(*t, "memtable_bytes").c_str());
      std::printf("\t\tPending compactions: %s\n", str(*t, "pending_compactions").c_str());
      std::printf("\t\tCompleted compactions: %s\n", str(*t, "completed_compactions").c_str());
      std::printf("\n");
    }
    std::printf("----------------\n");
  }
  return Status::ok();
}

// Starts a job and prints a progress line whenever it moves, until it ends.
Status run_job(const Connection& c, const std::string& verb, const Json& body) {
  CAIRN_ASSIGN_OR_RETURN(Json started, call(c, "POST", "/storage_service/" + verb, body));
  const std::string id = str(started, "job");
  if (id.empty()) return Status::corruption("the node started no job");
  std::string last;
  while (true) {
    CAIRN_ASSIGN_OR_RETURN(Json job,
                           call(c, "GET", "/jobs/" + id, Json(), std::chrono::seconds(60)));
    const std::string state = str(job, "state");
    std::string progress;
    if (verb == "compact") {
      progress =
          fmt::format("{}: {}/{} tables compacted{}", verb, str(job, "done"), str(job, "total"),
                      str(job, "current").empty() ? "" : " (" + str(job, "current") + ")");
    } else {
      progress = fmt::format("{}: {} sstables rewritten{}", verb, str(job, "sstables_rewritten"),
                             str(job, "current").empty()
                                 ? ""
                                 : fmt::format(" ({} {}/{})", str(job, "current"), str(job, "done"),
                                               str(job, "total")));
    }
    if (progress != last) {
      std::printf("%s\n", progress.c_str());
      std::fflush(stdout);
      last = progress;
    }
    if (state == "done") return Status::ok();
    if (state == "failed")
      return Status::io_error(fmt::format("{} failed: {}", verb, str(job, "error")));
    if (state != "running")
      return Status::corruption(fmt::format("job {} is in state '{}'", id, state));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

// -t TAG / --tag TAG / -t=TAG; returns the remaining arguments.
std::vector<std::string> take_tag(const std::string& verb, const std::vector<std::string>& args,
                                  std::string* tag, bool* all) {
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-t" || a == "--tag") {
      if (i + 1 >= args.size())
        throw UsageError{fmt::format("{}: {} needs a snapshot name", verb, a)};
      *tag = args[++i];
    } else if (a.starts_with("-t=") || a.starts_with("--tag=")) {
      *tag = a.substr(a.find('=') + 1);
    } else if (all != nullptr && a == "--all") {
      *all = true;
    } else if (a.starts_with("-")) {
      throw UsageError{fmt::format("{}: unknown option '{}'", verb, a)};
    } else {
      rest.push_back(a);
    }
  }
  return rest;
}

std::string keyspaces_text(const std::vector<std::string>& keyspaces) {
  if (keyspaces.empty()) return "[all keyspaces]";
  std::string out;
  for (const auto& k : keyspaces) out += (out.empty() ? "" : ", ") + k;
  return "[" + out + "]";
}

Json string_array(const std::vector<std::string>& items) {
  Json a = Json::array();
  for (const auto& s : items) a.push(Json(s));
  return a;
}

Status snapshot_verb(const Connection& c, const std::vector<std::string>& args) {
  std::string tag;
  const auto keyspaces = take_tag("snapshot", args, &tag, nullptr);
  CAIRN_ASSIGN_OR_RETURN(
      Json reply, call(c, "POST", "/storage_service/snapshots",
                       Json::object({{"tag", Json(tag)}, {"keyspaces", string_array(keyspaces)}})));
  std::printf(
      "Requested creating snapshot(s) for %s with snapshot name [%s] and options "
      "{skipFlush=false}\n",
      keyspaces_text(keyspaces).c_str(), str(reply, "tag").c_str());
  std::printf("Snapshot directory: %s\n", str(reply, "tag").c_str());
  return Status::ok();
}

Status listsnapshots_verb(const Connection& c) {
  CAIRN_ASSIGN_OR_RETURN(Json reply, call(c, "GET", "/storage_service/snapshots"));
  const Json* list = reply.find("snapshots");
  std::printf("Snapshot Details: \n");
  if (list == nullptr || !list->is_array() || list->as_array().empty()) {
    std::printf("There are no snapshots\n");
    return Status::ok();
  }
  std::vector<std::vector<std::string>> rows = {{"Snapshot name", "Keyspace name",
                                                 "Column family name", "True size", "Size on disk",
                                                 "Creation time"}};
  uint64_t true_total = 0;
  for (const auto& s : list->as_array()) {
    true_total += num(s, "true_bytes");
    rows.push_back({str(s, "name"), str(s, "keyspace"), str(s, "table"),
                    size_text(num(s, "true_bytes")), size_text(num(s, "total_bytes")),
                    str(s, "created_at")});
  }
  print_table(rows, 1);
  std::printf("\nTotal TrueDiskSpaceUsed: %s\n\n", size_text(true_total).c_str());
  return Status::ok();
}

Status clearsnapshot_verb(const Connection& c, const std::vector<std::string>& args) {
  std::string tag;
  bool all = false;
  const auto keyspaces = take_tag("clearsnapshot", args, &tag, &all);
  if (tag.empty() && !all) throw UsageError{"clearsnapshot: Specify snapshot name or --all"};
  if (!tag.empty() && all)
    throw UsageError{"clearsnapshot: Specify only one of snapshot name or --all"};
  CAIRN_RETURN_IF_ERROR(
      call(c, "DELETE", "/storage_service/snapshots",
           Json::object(
               {{"tag", Json(tag)}, {"all", Json(all)}, {"keyspaces", string_array(keyspaces)}}))
          .status());
  std::printf("Requested clearing snapshot(s) for %s with %s\n", keyspaces_text(keyspaces).c_str(),
              all ? "[all snapshots]" : ("snapshot name [" + tag + "]").c_str());
  return Status::ok();
}

Status getlogginglevels_verb(const Connection& c) {
  CAIRN_ASSIGN_OR_RETURN(Json reply, call(c, "GET", "/system/logger"));
  const Json* levels = reply.find("levels");
  if (levels == nullptr || !levels->is_object())
    return Status::corruption("the node sent no levels");
  std::printf("\n%-50s%10s\n", "Logger Name", "Log Level");
  for (const auto& [name, level] : levels->as_object()) {
    std::printf("%-50s%10s\n", name.c_str(), level.is_string() ? level.as_string().c_str() : "?");
  }
  return Status::ok();
}

Status run_verb(const Connection& c, const std::string& verb,
                const std::vector<std::string>& args) {
  if (verb == "status") return no_args(verb, args), status_verb(c);
  if (verb == "info") return info_verb(c, args);
  if (verb == "version") {
    no_args(verb, args);
    CAIRN_ASSIGN_OR_RETURN(Json r, call(c, "GET", "/storage_service/release_version"));
    std::printf("ReleaseVersion: %s\n", str(r, "release_version").c_str());
    return Status::ok();
  }
  if (verb == "describecluster") return no_args(verb, args), describecluster_verb(c);
  if (verb == "ring") return no_args(verb, args), ring_verb(c);
  if (verb == "tablestats" || verb == "cfstats") return tablestats_verb(c, args);
  if (verb == "flush") {
    no_options(verb, args);
    return call(c, "POST", "/storage_service/flush", keyspace_body(args)).status();
  }
  if (verb == "compact") {
    no_options(verb, args);
    return run_job(c, verb, keyspace_body(args));
  }
  if (verb == "upgradesstables") {
    bool include_all = false;
    std::vector<std::string> rest;
    for (const auto& a : args) {
      if (a == "-a" || a == "--include-all-sstables")
        include_all = true;
      else if (a.starts_with("-"))
        throw UsageError{fmt::format("upgradesstables: unknown option '{}'", a)};
      else
        rest.push_back(a);
    }
    Json body = keyspace_body(rest);
    body.set("include_all", Json(include_all));
    return run_job(c, verb, body);
  }
  if (verb == "snapshot") return snapshot_verb(c, args);
  if (verb == "listsnapshots") return no_args(verb, args), listsnapshots_verb(c);
  if (verb == "clearsnapshot") return clearsnapshot_verb(c, args);
  if (verb == "drain") {
    no_args(verb, args);
    return call(c, "POST", "/storage_service/drain").status();
  }
  if (verb == "getlogginglevels") return no_args(verb, args), getlogginglevels_verb(c);
  if (verb == "setlogginglevel") {
    if (args.size() != 2)
      throw UsageError{"setlogginglevel takes a logger name and a level, e.g. ROOT DEBUG"};
    return call(c, "POST", "/system/logger",
                Json::object({{"logger", Json(args[0])}, {"level", Json(args[1])}}))
        .status();
  }
  throw UsageError{fmt::format("unknown verb '{}'", verb)};
}

int run(int argc, char** argv) {
  Connection c;
  std::string verb;
  std::vector<std::string> args;
  try {
    int i = 1;
    for (; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "-h" || a == "--host") {
        if (i + 1 >= argc) throw UsageError{a + " needs a host"};
        c.host = argv[++i];
      } else if (a == "-p" || a == "--port") {
        if (i + 1 >= argc) throw UsageError{a + " needs a port"};
        const std::string p = argv[++i];
        int port = 0;
        const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
        if (ec != std::errc() || end != p.data() + p.size() || port < 1 || port > 65535) {
          throw UsageError{fmt::format("port must be a number from 1 to 65535, not '{}'", p)};
        }
        c.port = static_cast<uint16_t>(port);
      } else if (a == "--help" || a == "help") {
        std::fputs(kUsage, stdout);
        return 0;
      } else if (a.starts_with("-")) {
        throw UsageError{fmt::format("unknown option '{}'", a)};
      } else {
        break;
      }
    }
    if (i >= argc) throw UsageError{"no verb given"};
    verb = argv[i++];
    for (; i < argc; ++i) args.emplace_back(argv[i]);
    Status s = run_verb(c, verb, args);
    if (!s.is_ok()) {
      std::fprintf(stderr, "cairn-admin: %s\n", s.message().c_str());
      return 1;
    }
    return 0;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "cairn-admin: %s (cairn-admin help lists the verbs)\n", e.message.c_str());
    return 2;
  }
}

}  // namespace
}  // namespace cairn::tools

int main(int argc, char** argv) { return cairn::tools::run(argc, argv); }
