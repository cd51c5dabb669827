// cairnd: one Cairn node serving CQL (native protocol v4) to unmodified Cassandra drivers.
//
//   cairnd [--config cairn.yaml]     run in the foreground until SIGTERM or SIGINT
//   cairnd --print-default-config    the embedded default configuration, as YAML
//
// Without --config it runs the embedded default: one node, data under ./data, CQL on
// 127.0.0.1:9042, and the admin HTTP API (cairn-admin, GET /metrics) on api_address:api_port,
// 127.0.0.1:10000 by default. On SIGTERM/SIGINT it stops accepting connections, finishes the
// requests in flight, flushes every memtable and exits 0; after a SIGKILL the next start
// replays the commitlog.
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "common/allocator.h"
#include "common/metrics.h"
#include "cql/auth/auth_service.h"
#include "cql/query/query_processor.h"
#include "cql/query/request_metrics.h"
#include "cql/system/system_tables.h"
#include "cql/transport/server.h"
#include "storage/database.h"
#include "tools/cairnd/admin/admin_routes.h"
#include "tools/cairnd/admin/admin_server.h"
#include "tools/cairnd/admin/node_metrics.h"
#include "tools/cairnd/config.h"
#include "tools/cairnd/node_identity.h"

namespace {

constexpr const char* kUsage =
    "usage: cairnd [--config FILE] | --print-default-config | --help\n"
    "  --config FILE             cairn.yaml with Cassandra's keys (default: the embedded\n"
    "                            configuration: data under ./data, CQL on 127.0.0.1:9042)\n"
    "  --print-default-config    print the embedded configuration as YAML and exit\n";

int fail(const std::string& message) {
  std::fprintf(stderr, "cairnd: %s\n", message.c_str());
  return 1;
}

int run(const std::string& config_path) {
  using namespace cairn;
  using namespace cairn::tools;
  std::vector<std::string> warnings;
  Result<NodeConfig> loaded = config_path.empty() ? Result<NodeConfig>(default_config())
                                                  : load_config(config_path, &warnings);
  if (!loaded.is_ok()) return fail(loaded.status().message());
  const NodeConfig& config = loaded.value();

  Logger logger(config.log_level, stderr);
  std::FILE* log_file = nullptr;
  if (!config.log_file.empty()) {
    log_file = std::fopen(config.log_file.c_str(), "a");
    if (log_file == nullptr) {
      return fail("log_file: cannot open " + config.log_file + ": " + std::strerror(errno));
    }
    logger.add_file_sink(log_file);
  }
  for (const auto& w : warnings) logger.warn("{}", w);
  logger.info("cairnd starting: cluster '{}', data in {}, commitlog in {}, commitlog_sync {}, "
              "allocator {}",
              config.cluster_name, config.data_file_directories.front(), config.commitlog_directory,
              config.commitlog_sync == CommitLogSync::kPeriodic ? "periodic"
              : config.commitlog_sync == CommitLogSync::kGroup  ? "group"
                                                                : "batch",
              allocator_name());

  DefaultEnv default_env(2);
  const Env& env = default_env.env();
  std::string identity_warning;
  auto identity = load_or_create_identity(env, config.data_file_directories.front(),
                                          config.num_tokens, &identity_warning);
  if (!identity.is_ok()) return fail(identity.status().message());
  if (!identity_warning.empty()) logger.warn("{}", identity_warning);

  DatabaseOptions options = config.to_database_options();
  options.logger = &logger;
  auto db = Database::open(env, options);
  if (!db.is_ok()) return fail("opening the database: " + db.status().message());

  cql::NodeInfo node;
  node.cluster_name = config.cluster_name;
  node.listen_address = config.listen_address;
  node.rpc_address = config.rpc_address == "0.0.0.0" ? config.listen_address : config.rpc_address;
  node.native_port = static_cast<uint16_t>(config.native_transport_port);
  node.host_id = identity->host_id;
  node.tokens = identity->tokens;
  node.gossip_generation = static_cast<int32_t>(env.clock->now_seconds());
  if (Status s = cql::SystemTables::validate(node); !s.is_ok()) {
    (void)(*db)->close();
    return fail(s.message() + " (listen_address and rpc_address must be IP addresses)");
  }
  cql::SystemTables system(**db, node);

  std::unique_ptr<cql::auth::AuthService> auth;
  if (config.authenticator == "PasswordAuthenticator") {
    cql::auth::AuthOptions auth_options;
    auth_options.password_authenticator = true;
    auth_options.cassandra_authorizer = config.authorizer == "CassandraAuthorizer";
    auto opened = cql::auth::AuthService::open(**db, system, env.clock, auth_options, &logger);
    if (!opened.is_ok()) {
      (void)(*db)->close();
      return fail("setting up authentication (system_auth): " + opened.status().message());
    }
    auth = std::move(opened).value();
    logger.info("authenticator {}, authorizer {}", config.authenticator, config.authorizer);
  }

  cql::Server* server_ptr = nullptr;
  cql::QueryProcessor processor(**db, system, [&server_ptr](const cql::SchemaChange& change) {
    if (server_ptr != nullptr) server_ptr->publish(change);
  });
  MetricsRegistry metrics;
  cql::RequestMetrics request_metrics(*env.clock);
  processor.set_metrics(&request_metrics);
  metrics.add_collector([&request_metrics](MetricsWriter& w) { request_metrics.collect(w); });
  cql::ServerOptions server_options;
  server_options.address = config.rpc_address;
  server_options.port = static_cast<uint16_t>(config.native_transport_port);
  server_options.max_frame_bytes = config.native_transport_max_frame_size_bytes;
  server_options.worker_threads = static_cast<size_t>(config.native_transport_max_threads);
  server_options.logger = &logger;
  server_options.tls = config.client_encryption_options;
  processor.set_auth(auth.get());
  server_options.auth = auth.get();
  cql::Server server(server_options, processor);
  server_ptr = &server;
  if (Status s = server.start(); !s.is_ok()) {
    (void)(*db)->close();
    return fail("starting the CQL server: " + s.message());
  }
  register_node_metrics(metrics, **db, [&server] { return server.connection_count(); });

  AdminNode admin_node;
  admin_node.db = db->get();
  admin_node.system = &system;
  admin_node.logger = &logger;
  admin_node.metrics = &metrics;
  admin_node.clock = env.clock;
  admin_node.snitch = "org.apache.cassandra.locator." + config.endpoint_snitch;
  std::atomic<bool> native_running{true};
  admin_node.stop_native_transport = [&server, &native_running] {
    server.stop();
    native_running.store(false);
  };
  admin_node.native_transport_running = [&native_running] { return native_running.load(); };
  AdminRoutes routes(admin_node);
  AdminServerOptions admin_options;
  admin_options.address = config.api_address;
  admin_options.port = static_cast<uint16_t>(config.api_port);
  admin_options.logger = &logger;
  AdminServer admin(admin_options, [&routes](const std::string& method, const std::string& target,
                                             const std::string& body) {
    return routes.handle(method, target, body);
  });
  if (Status s = admin.start(); !s.is_ok()) {
    server.stop();
    (void)(*db)->close();
    return fail("starting the admin API: " + s.message());
  }
  logger.info("admin API (cairn-admin, /metrics) listening on {}:{}", config.api_address,
              admin.port());
  logger.info("cairnd ready: CQL native protocol v4 on {}:{} (host id {}, {} tokens)",
              config.rpc_address, server.port(), node.host_id.to_string(), node.tokens.size());

  // Signals were blocked in every thread (main() did it before any thread started):
  // this thread takes them here, synchronously.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  logger.info("cairnd received {}: stopping (no new connections, finishing requests in flight)",
              signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  admin.stop();  // waits for admin requests in flight
  routes.wait_for_jobs();  // a compaction or upgrade running finishes before the close
  server.stop();
  server_ptr = nullptr;
  logger.info("flushing memtables and closing the commitlog");
  Status closed = (*db)->close();
  if (!closed.is_ok()) {
    logger.error("closing the database: {}", closed.to_string());
    return 1;
  }
  logger.info("cairnd stopped cleanly");
  if (log_file != nullptr) std::fclose(log_file);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--config" || arg == "-f") {
      if (i + 1 >= argc) return fail("--config needs a file name");
      config_path = argv[++i];
    } else if (arg.starts_with("--config=")) {
      config_path = arg.substr(9);
    } else if (arg == "--print-default-config") {
      std::fputs(cairn::tools::default_config_yaml().c_str(), stdout);
      return 0;
    } else if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      std::fprintf(stderr, "cairnd: unknown argument '%s'\n%s", arg.c_str(), kUsage);
      return 2;
    }
  }
  // Block the stop signals before any thread exists, so every thread inherits the mask
  // and only sigwait() in run() sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return run(config_path);
}
