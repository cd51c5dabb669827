// The native-protocol server over real sockets: a Server on a free port with a fake
// QueryHandler, and a plain blocking client that writes frames with encode_frame and
// reads responses header by header. Timeouts only keep a broken server from hanging
// the test; nothing here measures time.
#include "cql/transport/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <vector>
#include <thread>

#include "common/coding.h"
#include "cql/protocol/body.h"
#include "cql/protocol/requests.h"

namespace cairn::cql {
namespace {

using namespace std::chrono_literals;

constexpr auto kTimeout = 30s;  // only against hangs

// ---- a query handler whose behaviour the query text chooses ----

ResultMessage echo(const std::string& text) {
  ResultMessage r;
  r.kind = ResultMessage::Kind::kRows;
  r.rows.columns = {ColumnSpec{"ks", "t", "echo", CqlType::text()}};
  r.rows.rows = {{Bytes(text)}};
  return r;
}

class FakeHandler : public QueryHandler {
 public:
  Outcome query(ClientState& state, const QueryRequest& request) override {
    const std::string& q = request.query;
    if (q == "throw") throw std::runtime_error("boom");
    if (q == "throw-int") throw 42;
    if (q.starts_with("block")) {
      std::unique_lock lock(mu_);
      ++entered_;
      cv_.notify_all();
      cv_.wait(lock, [&] { return open_; });
      return echo(q);
    }
    if (q == "warn") {
      auto r = echo(q);
      r.warnings = {"w1", "second warning"};
      return r;
    }
    if (q.starts_with("USE ")) {
      state.keyspace = q.substr(4);
      ResultMessage r;
      r.kind = ResultMessage::Kind::kSetKeyspace;
      r.keyspace = state.keyspace;
      return r;
    }
    if (q == "keyspace") return echo(state.keyspace);
    if (q == "version") return echo(std::to_string(state.protocol_version));
    if (q == "unavailable" || q == "read_failure") {
      CqlError e = CqlError::of(
          q == "unavailable" ? ErrorCode::kUnavailable : ErrorCode::kReadFailure, "not enough");
      e.consistency = 0x0004;
      e.required = 2;
      e.alive = 1;
      return e;
    }
    return echo(q);
  }
  Outcome prepare(ClientState&, const PrepareRequest& request) override {
    ResultMessage r;
    r.kind = ResultMessage::Kind::kPrepared;
    r.prepared.id = "id:" + request.query;
    r.prepared.bind_columns = {ColumnSpec{"ks", "t", "k", CqlType::int_()},
                               ColumnSpec{"ks", "t", "v", CqlType::text()}};
    r.prepared.partition_key_indexes = {0};
    return r;
  }
  Outcome execute(ClientState&, const ExecuteRequest& request) override {
    return echo("exec:" + request.id);
  }
  // Ids starting "quick" are quick: "quick-now" answers inside execute_async, any other
  // quick id is held until release_quick() answers it from another thread, as a write
  // waiting for group commit is answered from the commitlog's sync thread.
  bool is_quick(const ExecuteRequest& request) const override {
    return std::string_view(request.id).starts_with("quick");
  }
  void execute_async(ClientState&, const ExecuteRequest& request, Completion done) override {
    std::lock_guard lock(mu_);
    ++quick_calls_;
    if (request.id == "quick-now") return done(echo("now:" + request.id));
    held_.emplace_back(request.id, std::move(done));
    cv_.notify_all();
  }
  bool wait_held(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kTimeout, [&] { return held_.size() >= n; });
  }
  // Answers every held quick request from a thread of its own.
  void release_quick() {
    std::vector<std::pair<std::string, Completion>> held;
    {
      std::lock_guard lock(mu_);
      held.swap(held_);
    }
    std::thread([held = std::move(held)] {
      for (const auto& [id, done] : held) done(echo("later:" + id));
    }).join();
  }
  int quick_calls() {
    std::lock_guard lock(mu_);
    return quick_calls_;
  }
  Outcome batch(ClientState&, const BatchRequest& request) override {
    return echo("batch of " + std::to_string(request.statements.size()));
  }

  // Lets every "block" query through, now and later.
  void open_gate() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  // Waits until `n` "block" queries are running.
  bool wait_entered(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kTimeout, [&] { return entered_ >= n; });
  }
  int entered() {
    std::lock_guard lock(mu_);
    return entered_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  int entered_ = 0;
  int quick_calls_ = 0;
  std::vector<std::pair<std::string, Completion>> held_;
};

// ---- a blocking client ----

class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
    int one = 1;
    if (fd_ >= 0) ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return fd_ >= 0; }
  void set_compression(CompressionAlgorithm c) { compression_ = c; }
  void shutdown_writes() { ::shutdown(fd_, SHUT_WR); }

  void send_raw(BytesView bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
  }
  void send(const Frame& frame) { send_raw(encode_frame(frame, compression_)); }

  // Exactly n bytes; false on end of stream or timeout.
  bool read_exact(size_t n, Bytes* out) {
    out->clear();
    const auto deadline = std::chrono::steady_clock::now() + kTimeout;
    while (out->size() < n) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[65536];
      const ssize_t got = ::recv(fd_, buf, std::min(sizeof(buf), n - out->size()), 0);
      if (got <= 0) return false;
      out->append(buf, static_cast<size_t>(got));
    }
    return true;
  }

  // The next response frame (body decompressed), or nullopt at end of stream.
  std::optional<Frame> receive() {
    Bytes header;
    if (!read_exact(kFrameHeaderSize, &header)) return std::nullopt;
    Frame f;
    f.version = static_cast<uint8_t>(header[0]) & 0x7F;
    f.response = (static_cast<uint8_t>(header[0]) & kResponseBit) != 0;
    f.flags = static_cast<uint8_t>(header[1]);
    f.stream = static_cast<int16_t>(load_u16(header.data() + 2));
    f.opcode = static_cast<Opcode>(header[4]);
    Bytes body;
    if (!read_exact(load_u32(header.data() + 5), &body)) return std::nullopt;
    if ((f.flags & frame_flags::kCompression) != 0) {
      auto plain = decompress_body(compression_, body, 1 << 30);
      if (!plain.is_ok()) ADD_FAILURE() << plain.status().to_string();
      f.body = plain.is_ok() ? plain.value() : Bytes();
    } else {
      f.body = std::move(body);
    }
    return f;
  }

  // True when the server closes the connection (rather than sending more).
  bool closed_by_server() {
    Bytes b;
    return !read_exact(1, &b) && b.empty();
  }

 private:
  int fd_ = -1;
  CompressionAlgorithm compression_ = CompressionAlgorithm::kNone;
};

// ---- requests and responses ----

Frame request(Opcode opcode, int16_t stream, Bytes body = {}, uint8_t version = 4) {
  Frame f;
  f.version = version;
  f.stream = stream;
  f.opcode = opcode;
  f.body = std::move(body);
  return f;
}

Frame startup(int16_t stream = 0, std::string compression = "", uint8_t version = 4) {
  std::map<std::string, std::string> options{{"CQL_VERSION", "3.0.0"}};
  if (!compression.empty()) options["COMPRESSION"] = compression;
  BodyWriter w;
  w.write_string_map(options);
  return request(Opcode::kStartup, stream, w.take(), version);
}

Frame query(int16_t stream, const std::string& text, uint8_t version = 4) {
  BodyWriter w;
  w.write_long_string(text);
  encode_query_parameters(QueryParameters{}, &w);
  return request(Opcode::kQuery, stream, w.take(), version);
}

struct Error {
  int32_t code = -1;
  std::string message;
};

Error error_of(const Frame& f) {
  EXPECT_EQ(f.opcode, Opcode::kError);
  BodyReader r(f.body);
  Error e;
  auto code = r.read_int();
  auto message = r.read_string();
  if (code.is_ok()) e.code = code.value();
  if (message.is_ok()) e.message = message.value();
  return e;
}

// Skips one [option].
void skip_option(BodyReader* r) {
  const uint16_t id = r->read_short().value();
  if (id == 0x0000) {
    (void)r->read_string();
  } else if (id == 0x0020 || id == 0x0022) {
    skip_option(r);
  } else if (id == 0x0021) {
    skip_option(r);
    skip_option(r);
  } else if (id == 0x0031) {
    const uint16_t n = r->read_short().value();
    for (uint16_t i = 0; i < n; ++i) skip_option(r);
  }
}

// The values of a Rows body (after any warnings), row by row.
std::vector<std::vector<std::optional<Bytes>>> rows_of(BodyReader* r) {
  EXPECT_EQ(r->read_int().value(), 2);  // Rows
  const int32_t flags = r->read_int().value();
  const int32_t columns = r->read_int().value();
  if (flags & 0x0002) (void)r->read_bytes();
  if (!(flags & 0x0004)) {
    if (flags & 0x0001) {
      (void)r->read_string();
      (void)r->read_string();
    }
    for (int32_t c = 0; c < columns; ++c) {
      if (!(flags & 0x0001)) {
        (void)r->read_string();
        (void)r->read_string();
      }
      (void)r->read_string();
      skip_option(r);
    }
  }
  std::vector<std::vector<std::optional<Bytes>>> rows(r->read_int().value());
  for (auto& row : rows) {
    for (int32_t c = 0; c < columns; ++c) row.push_back(r->read_bytes().value());
  }
  return rows;
}

// The single text value of an echo result.
std::string echo_of(const Frame& f) {
  if (f.opcode != Opcode::kResult) {
    ADD_FAILURE() << "expected a RESULT, got an ERROR: " << error_of(f).message;
    return {};
  }
  BodyReader r(f.body);
  auto rows = rows_of(&r);
  if (rows.size() != 1 || rows[0].size() != 1 || !rows[0][0]) {
    ADD_FAILURE() << "not an echo result";
    return {};
  }
  return *rows[0][0];
}

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}) {
    options.port = 0;
    options.logger = &logger_;
    server_ = std::make_unique<Server>(options, handler_);
    const Status s = server_->start();
    ASSERT_TRUE(s.is_ok()) << s.to_string();
    ASSERT_NE(server_->port(), 0);
  }
  void TearDown() override {
    handler_.open_gate();
    if (server_) server_->stop();
    if (log_ != nullptr) std::fclose(log_);
  }

  // A connection that has done STARTUP.
  std::unique_ptr<Client> ready_client(std::string compression = "", uint8_t version = 4) {
    auto c = std::make_unique<Client>(server_->port());
    EXPECT_TRUE(c->connected());
    c->send(startup(0, compression, version));
    auto ready = c->receive();
    EXPECT_TRUE(ready.has_value());
    if (ready) {
      EXPECT_EQ(ready->opcode, Opcode::kReady);
      EXPECT_EQ(ready->version, version);
    }
    if (compression == "lz4") c->set_compression(CompressionAlgorithm::kLz4);
    if (compression == "snappy") c->set_compression(CompressionAlgorithm::kSnappy);
    return c;
  }

  // Sends a query and returns the echo it gets back.
  std::string round_trip(Client* c, const std::string& text, int16_t stream = 1) {
    c->send(query(stream, text));
    auto f = c->receive();
    if (!f) {
      ADD_FAILURE() << "no answer to " << text;
      return {};
    }
    EXPECT_EQ(f->stream, stream);
    return echo_of(*f);
  }

  // Debug logging on, into a scratch file, so the logging paths run too.
  std::FILE* log_ = std::tmpfile();
  Logger logger_{LogLevel::kDebug, log_ != nullptr ? log_ : stderr};
  FakeHandler handler_;  // outlives server_
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, OptionsIsAnsweredWithSupportedBeforeAndAfterStartup) {
  start();
  Client c(server_->port());
  ASSERT_TRUE(c.connected());
  for (int16_t stream : {3, 4}) {
    c.send(request(Opcode::kOptions, stream));
    auto f = c.receive();
    ASSERT_TRUE(f.has_value());
    EXPECT_TRUE(f->response);
    EXPECT_EQ(f->version, 4);
    EXPECT_EQ(f->stream, stream);
    EXPECT_EQ(f->opcode, Opcode::kSupported);
    BodyReader r(f->body);
    auto supported = r.read_string_multimap();
    ASSERT_TRUE(supported.is_ok());
    EXPECT_EQ(supported->at("COMPRESSION"), (std::vector<std::string>{"lz4", "snappy"}));
    if (stream == 3) {
      c.send(startup(9));
      auto ready = c.receive();
      ASSERT_TRUE(ready.has_value());
      EXPECT_EQ(ready->opcode, Opcode::kReady);
      EXPECT_EQ(ready->stream, 9);
      EXPECT_TRUE(ready->body.empty());
    }
  }
}

TEST_F(ServerTest, StartupThenQueriesPreparesExecutesAndBatchesRun) {
  start();
  auto c = ready_client();
  EXPECT_EQ(round_trip(c.get(), "SELECT 1"), "SELECT 1");

  BodyWriter prepare;
  prepare.write_long_string("INSERT INTO t (k, v) VALUES (?, ?)");
  c->send(request(Opcode::kPrepare, 2, prepare.take()));
  auto prepared = c->receive();
  ASSERT_TRUE(prepared.has_value());
  ASSERT_EQ(prepared->opcode, Opcode::kResult);
  BodyReader r(prepared->body);
  EXPECT_EQ(r.read_int().value(), 4);
  EXPECT_EQ(r.read_short_bytes().value(), "id:INSERT INTO t (k, v) VALUES (?, ?)");
  EXPECT_EQ(r.read_int().value(), 1);  // Global_tables_spec
  EXPECT_EQ(r.read_int().value(), 2);  // bind markers
  EXPECT_EQ(r.read_int().value(), 1);  // pk_count (v4)
  EXPECT_EQ(r.read_short().value(), 0);

  BodyWriter execute;
  execute.write_short_bytes("some-id");
  encode_query_parameters(QueryParameters{}, &execute);
  c->send(request(Opcode::kExecute, 3, execute.take()));
  auto executed = c->receive();
  ASSERT_TRUE(executed.has_value());
  EXPECT_EQ(echo_of(*executed), "exec:some-id");

  BodyWriter batch;
  batch.write_byte(1);
  batch.write_short(1);
  batch.write_byte(0);
  batch.write_long_string("INSERT INTO t (k) VALUES (1)");
  batch.write_short(0);
  batch.write_short(0x0001);  // consistency
  batch.write_byte(0);        // flags
  c->send(request(Opcode::kBatch, 4, batch.take()));
  auto batched = c->receive();
  ASSERT_TRUE(batched.has_value());
  EXPECT_EQ(batched->stream, 4);
  EXPECT_EQ(echo_of(*batched), "batch of 1");

  // A custom payload ([bytes map] first in the body) is skipped and ignored.
  BodyWriter payload;
  payload.write_short(1);
  payload.write_string("key");
  payload.write_bytes(Bytes("value"));
  Frame with_payload = query(5, "with payload");
  with_payload.flags |= frame_flags::kCustomPayload;
  with_payload.body = payload.take() + with_payload.body;
  c->send(with_payload);
  auto answered = c->receive();
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(echo_of(*answered), "with payload");
}

// Quick EXECUTEs go to execute_async on the I/O thread; an answer that comes later from
// another thread reaches the client, and the connection serves other requests meanwhile.
TEST_F(ServerTest, QuickExecutesAreAnsweredWhenTheirCompletionComesFromAnyThread) {
  start();
  auto c = ready_client();
  auto execute = [](int16_t stream, const std::string& id) {
    BodyWriter w;
    w.write_short_bytes(id);
    encode_query_parameters(QueryParameters{}, &w);
    return request(Opcode::kExecute, stream, w.take());
  };
  c->send(execute(1, "quick-held"));
  ASSERT_TRUE(handler_.wait_held(1));
  c->send(execute(2, "quick-now"));
  c->send(execute(3, "slow-id"));
  c->send(query(4, "plain query"));
  std::map<int16_t, std::string> answers;
  for (int i = 0; i < 3; ++i) {
    auto f = c->receive();
    ASSERT_TRUE(f.has_value()) << "after " << i << " answers";
    answers[f->stream] = echo_of(*f);
  }
  EXPECT_EQ(answers[2], "now:quick-now");
  EXPECT_EQ(answers[3], "exec:slow-id");  // not quick: execute() on a worker
  EXPECT_EQ(answers[4], "plain query");
  EXPECT_EQ(answers.count(1), 0u) << "the held request was answered before its completion";
  handler_.release_quick();
  auto held = c->receive();
  ASSERT_TRUE(held.has_value());
  EXPECT_EQ(held->stream, 1);
  EXPECT_EQ(echo_of(*held), "later:quick-held");
  EXPECT_EQ(handler_.quick_calls(), 2);
}

TEST_F(ServerTest, Lz4AndSnappySessionsCompressBothWays) {
  start();
  for (std::string algorithm : {"lz4", "snappy"}) {
    auto c = ready_client(algorithm);
    const std::string text = "SELECT " + std::string(4000, 'x');  // compressible
    c->send(query(1, text));
    auto f = c->receive();
    ASSERT_TRUE(f.has_value()) << algorithm;
    EXPECT_NE(f->flags & frame_flags::kCompression, 0) << algorithm;
    EXPECT_EQ(echo_of(*f), text);
    // Compression is allowed, not required: an uncompressed request is served too.
    Client* raw = c.get();
    raw->send_raw(encode_frame(query(2, "plain")));
    auto plain = raw->receive();
    ASSERT_TRUE(plain.has_value());
    EXPECT_EQ(echo_of(*plain), "plain");
  }
}

TEST_F(ServerTest, TwoHundredRequestsRunAtOnceOnOneConnection) {
  ServerOptions options;
  options.worker_threads = 256;
  start(options);
  auto c = ready_client();
  Bytes wire;
  for (int16_t s = 1; s <= 200; ++s) wire += encode_frame(query(s, "block " + std::to_string(s)));
  c->send_raw(wire);
  // All 200 are inside the handler at the same time: nothing is answered yet.
  ASSERT_TRUE(handler_.wait_entered(200));
  handler_.open_gate();
  std::map<int16_t, std::string> answers;
  for (int i = 0; i < 200; ++i) {
    auto f = c->receive();
    ASSERT_TRUE(f.has_value()) << "after " << i << " answers";
    answers[f->stream] = echo_of(*f);
  }
  ASSERT_EQ(answers.size(), 200u);
  for (int16_t s = 1; s <= 200; ++s) EXPECT_EQ(answers[s], "block " + std::to_string(s));
}

TEST_F(ServerTest, AFastRequestOvertakesASlowOne) {
  start();
  auto c = ready_client();
  c->send(query(1, "block slow"));
  ASSERT_TRUE(handler_.wait_entered(1));
  c->send(query(2, "fast"));
  auto first = c->receive();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->stream, 2);
  EXPECT_EQ(echo_of(*first), "fast");
  handler_.open_gate();
  auto second = c->receive();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->stream, 1);
  EXPECT_EQ(echo_of(*second), "block slow");
}

TEST_F(ServerTest, ManyConnectionsAtOnce) {
  start();
  constexpr int kClients = 16;
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(ready_client(i % 3 == 0 ? "lz4" : ""));
  EXPECT_EQ(server_->connection_count(), static_cast<size_t>(kClients));
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      for (int q = 0; q < 20; ++q) {
        const std::string text = "client " + std::to_string(i) + " query " + std::to_string(q);
        if (round_trip(clients[i].get(), text, static_cast<int16_t>(q)) == text) ++good;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), kClients * 20);
  clients.clear();
  const auto deadline = std::chrono::steady_clock::now() + kTimeout;
  while (server_->connection_count() != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(server_->connection_count(), 0u);
}

TEST_F(ServerTest, QueryBeforeStartupIsAProtocolErrorAndTheConnectionGoesOn) {
  start();
  Client c(server_->port());
  c.send(query(7, "SELECT 1"));
  auto f = c.receive();
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->stream, 7);
  EXPECT_EQ(error_of(*f).code, 0x000A);
  BodyWriter reg;
  reg.write_string_list({"SCHEMA_CHANGE"});
  c.send(request(Opcode::kRegister, 8, reg.take()));
  auto r = c.receive();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(error_of(*r).code, 0x000A);

  c.send(startup(0));
  auto ready = c.receive();
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(ready->opcode, Opcode::kReady);
  EXPECT_EQ(round_trip(&c, "SELECT 1"), "SELECT 1");

  // A second STARTUP is refused; the connection still serves.
  c.send(startup(3));
  auto again = c.receive();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->stream, 3);
  EXPECT_EQ(error_of(*again).code, 0x000A);
  EXPECT_EQ(round_trip(&c, "still here"), "still here");
}

TEST_F(ServerTest, NewerProtocolVersionsGetAV4ProtocolErrorThenTheConnectionCloses) {
  start();
  for (uint8_t version : {5, 6, 0x7F}) {
    Client c(server_->port());
    c.send(request(Opcode::kOptions, 5, {}, version));
    Bytes header;
    ASSERT_TRUE(c.read_exact(kFrameHeaderSize, &header));
    EXPECT_EQ(static_cast<uint8_t>(header[0]), 0x84) << int{version};
    EXPECT_EQ(load_u16(header.data() + 2), 5);
    EXPECT_EQ(static_cast<Opcode>(header[4]), Opcode::kError);
    Bytes body;
    ASSERT_TRUE(c.read_exact(load_u32(header.data() + 5), &body));
    Frame f;
    f.opcode = Opcode::kError;
    f.body = body;
    const Error e = error_of(f);
    EXPECT_EQ(e.code, 0x000A);
    EXPECT_EQ(e.message, "Invalid or unsupported protocol version (" + std::to_string(version) +
                             "); supported versions are (3/v3, 4/v4)");
    EXPECT_TRUE(c.closed_by_server());
  }
}

TEST_F(ServerTest, OldProtocolVersionsGetTheErrorInTheirOwnHeader) {
  start();
  Client c(server_->port());
  // A v2 STARTUP: version, flags, a one-byte stream, opcode, length.
  BodyWriter w;
  w.write_string_map({{"CQL_VERSION", "3.0.0"}});
  Bytes frame("\x02\x00\x06\x01", 4);
  put_u32(&frame, static_cast<uint32_t>(w.bytes().size()));
  frame += w.bytes();
  c.send_raw(frame);
  Bytes header;
  ASSERT_TRUE(c.read_exact(8, &header));
  EXPECT_EQ(static_cast<uint8_t>(header[0]), 0x82);
  EXPECT_EQ(header[2], 6);  // the stream
  EXPECT_EQ(static_cast<Opcode>(header[3]), Opcode::kError);
  Bytes body;
  ASSERT_TRUE(c.read_exact(load_u32(header.data() + 4), &body));
  BodyReader r(body);
  EXPECT_EQ(r.read_int().value(), 0x000A);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, UnknownOpcodesAndResponseOpcodesAreProtocolErrorsOnTheirStream) {
  start();
  auto c = ready_client();
  Frame unknown = request(Opcode::kOptions, 11, Bytes("junk"));
  Bytes wire = encode_frame(unknown);
  wire[4] = 0x04;  // no message has opcode 4
  c->send_raw(wire);
  wire[4] = 0x42;
  c->send_raw(wire);
  c->send(request(Opcode::kResult, 12));
  c->send(request(Opcode::kAuthResponse, 13));
  for (int16_t stream : {11, 11, 12, 13}) {
    auto f = c->receive();
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->stream, stream);
    EXPECT_EQ(error_of(*f).code, 0x000A);
  }
  EXPECT_EQ(round_trip(c.get(), "after"), "after");
}

TEST_F(ServerTest, AnOversizedFrameIsRefusedAndTheConnectionGoesOn) {
  ServerOptions options;
  options.max_frame_bytes = 4096;
  start(options);
  auto c = ready_client();
  c->send(query(21, std::string(10'000, 'x')));
  auto f = c->receive();
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->stream, 21);
  const Error e = error_of(*f);
  EXPECT_EQ(e.code, 0x000A);
  EXPECT_NE(e.message.find("too big"), std::string::npos) << e.message;
  EXPECT_EQ(round_trip(c.get(), "small"), "small");
}

TEST_F(ServerTest, ABodyShorterThanItsFieldsIsAProtocolErrorOnItsStream) {
  start();
  auto c = ready_client();
  BodyWriter w;
  w.write_int(100);  // a [long string] of 100 bytes...
  w.write_short(0);  // ...of which only 2 follow
  c->send(request(Opcode::kQuery, 31, w.take()));
  auto f = c->receive();
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->stream, 31);
  EXPECT_EQ(error_of(*f).code, 0x000A);
  EXPECT_EQ(round_trip(c.get(), "next"), "next");
}

TEST_F(ServerTest, AFrameCutShortByTheClientClosingIsDroppedAfterTheAnswersInFlight) {
  start();
  auto c = ready_client();
  c->send(query(1, "block before close"));
  ASSERT_TRUE(handler_.wait_entered(1));
  Bytes partial = encode_frame(query(2, "never complete"));
  partial.resize(partial.size() - 5);
  c->send_raw(partial);
  c->shutdown_writes();
  handler_.open_gate();
  auto f = c->receive();
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->stream, 1);
  EXPECT_EQ(echo_of(*f), "block before close");
  EXPECT_TRUE(c->closed_by_server());
}

TEST_F(ServerTest, WarningsComeFirstInTheBodyUnderTheWarningFlag) {
  start();
  auto c = ready_client();
  c->send(query(1, "warn"));
  auto f = c->receive();
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->opcode, Opcode::kResult);
  EXPECT_NE(f->flags & frame_flags::kWarning, 0);
  BodyReader r(f->body);
  EXPECT_EQ(r.read_string_list().value(), (std::vector<std::string>{"w1", "second warning"}));
  auto rows = rows_of(&r);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], Bytes("warn"));
  EXPECT_TRUE(r.at_end());

  c->send(query(2, "no warning"));
  auto plain = c->receive();
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->flags & frame_flags::kWarning, 0);
}

TEST_F(ServerTest, AThrowingHandlerAnswersServerErrorAndNothingElseBreaks) {
  start();
  auto c = ready_client();
  auto other = ready_client();
  for (std::string text : {"throw", "throw-int"}) {
    c->send(query(1, text));
    auto f = c->receive();
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->stream, 1);
    const Error e = error_of(*f);
    EXPECT_EQ(e.code, 0x0000);
    if (text == "throw") {
      EXPECT_EQ(e.message, "boom");
    }
  }
  EXPECT_EQ(round_trip(c.get(), "after throw"), "after throw");
  EXPECT_EQ(round_trip(other.get(), "other connection"), "other connection");
}

TEST_F(ServerTest, HandlerErrorsCarryTheirCodeSpecificFields) {
  start();
  auto c = ready_client();
  c->send(query(1, "unavailable"));
  auto f = c->receive();
  ASSERT_TRUE(f.has_value());
  BodyReader r(f->body);
  EXPECT_EQ(r.read_int().value(), 0x1000);
  EXPECT_EQ(r.read_string().value(), "not enough");
  EXPECT_EQ(r.read_short().value(), 0x0004);
  EXPECT_EQ(r.read_int().value(), 2);
  EXPECT_EQ(r.read_int().value(), 1);
  EXPECT_TRUE(r.at_end());
}

TEST_F(ServerTest, UseChangesTheKeyspaceOfItsConnectionOnly) {
  start();
  auto a = ready_client();
  auto b = ready_client();
  a->send(query(1, "USE chat"));
  auto f = a->receive();
  ASSERT_TRUE(f.has_value());
  BodyReader r(f->body);
  EXPECT_EQ(r.read_int().value(), 3);  // Set_keyspace
  EXPECT_EQ(r.read_string().value(), "chat");
  EXPECT_EQ(round_trip(a.get(), "keyspace"), "chat");
  EXPECT_EQ(round_trip(b.get(), "keyspace"), "");
  EXPECT_EQ(round_trip(a.get(), "version"), "4");
}

TEST_F(ServerTest, RegisteredConnectionsGetSchemaChangeEventsOnStreamMinusOne) {
  start();
  auto listener = ready_client("lz4");
  auto bystander = ready_client();
  BodyWriter reg;
  reg.write_string_list({"SCHEMA_CHANGE", "STATUS_CHANGE"});
  listener->send(request(Opcode::kRegister, 4, reg.take()));
  auto ready = listener->receive();
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(ready->opcode, Opcode::kReady);
  EXPECT_EQ(ready->stream, 4);

  SchemaChange change;
  change.change = SchemaChange::Change::kCreated;
  change.target = SchemaChange::Target::kTable;
  change.keyspace = "chat";
  change.table = "messages";
  server_->publish(change);
  auto event = listener->receive();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->opcode, Opcode::kEvent);
  EXPECT_EQ(event->stream, -1);
  EXPECT_EQ(event->body, encode_schema_change_event(change));

  // The event has gone out to everyone it was for: the next frame the bystander
  // sees is its own answer.
  bystander->send(request(Opcode::kOptions, 6));
  auto next = bystander->receive();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->opcode, Opcode::kSupported);

  BodyWriter bad;
  bad.write_string_list({"NO_SUCH_EVENT"});
  bystander->send(request(Opcode::kRegister, 7, bad.take()));
  auto refused = bystander->receive();
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(error_of(*refused).code, 0x000A);
}

TEST_F(ServerTest, APendingLimitStopsReadingUntilAnswersGoOut) {
  ServerOptions options;
  options.max_pending_requests_per_connection = 4;
  options.worker_threads = 16;
  start(options);
  auto c = ready_client();
  Bytes wire;
  for (int16_t s = 1; s <= 10; ++s) wire += encode_frame(query(s, "block " + std::to_string(s)));
  c->send_raw(wire);
  ASSERT_TRUE(handler_.wait_entered(4));
  // Past the limit nothing more is taken in (checking a while later can only miss a
  // bug, never invent one).
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(handler_.entered(), 4);
  handler_.open_gate();
  std::map<int16_t, std::string> answers;
  for (int i = 0; i < 10; ++i) {
    auto f = c->receive();
    ASSERT_TRUE(f.has_value());
    answers[f->stream] = echo_of(*f);
  }
  EXPECT_EQ(answers.size(), 10u);
}

TEST_F(ServerTest, StopFinishesTheRequestsInFlightThenCloses) {
  start();
  auto c = ready_client();
  for (int16_t s = 1; s <= 5; ++s) c->send(query(s, "block " + std::to_string(s)));
  ASSERT_TRUE(handler_.wait_entered(5));
  const uint16_t port = server_->port();
  std::thread stopper([&] { server_->stop(); });
  // Once the server refuses new connections, stop() is under way.
  const auto deadline = std::chrono::steady_clock::now() + kTimeout;
  while (Client(port).connected() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  handler_.open_gate();
  std::map<int16_t, std::string> answers;
  for (int i = 0; i < 5; ++i) {
    auto f = c->receive();
    ASSERT_TRUE(f.has_value()) << "after " << i << " answers";
    answers[f->stream] = echo_of(*f);
  }
  EXPECT_EQ(answers.size(), 5u);
  EXPECT_TRUE(c->closed_by_server());
  stopper.join();
  EXPECT_EQ(server_->connection_count(), 0u);
  server_->stop();                   // idempotent
  server_->publish(SchemaChange{});  // a no-op once stopped
}

TEST_F(ServerTest, AV3ConnectionIsServedInV3) {
  start();
  auto c = ready_client("", 3);
  c->send(query(1, "version", 3));
  auto f = c->receive();
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->version, 3);
  EXPECT_EQ(echo_of(*f), "3");

  // Prepared metadata has no partition key indexes in v3.
  BodyWriter prepare;
  prepare.write_long_string("SELECT");
  c->send(request(Opcode::kPrepare, 2, prepare.take(), 3));
  auto prepared = c->receive();
  ASSERT_TRUE(prepared.has_value());
  BodyReader r(prepared->body);
  EXPECT_EQ(r.read_int().value(), 4);
  EXPECT_EQ(r.read_short_bytes().value(), "id:SELECT");
  EXPECT_EQ(r.read_int().value(), 1);  // Global_tables_spec
  EXPECT_EQ(r.read_int().value(), 2);
  EXPECT_EQ(r.read_string().value(), "ks");  // straight to the global table spec
  EXPECT_EQ(r.read_string().value(), "t");

  // No warning flag in v3; v4-only error codes become their v3 equivalents.
  c->send(query(3, "warn", 3));
  auto warned = c->receive();
  ASSERT_TRUE(warned.has_value());
  EXPECT_EQ(warned->flags & frame_flags::kWarning, 0);
  EXPECT_EQ(echo_of(*warned), "warn");
  c->send(query(4, "read_failure", 3));
  auto failure = c->receive();
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(error_of(*failure).code, 0x1200);  // Read_timeout

  // One version per connection.
  c->send(query(5, "v4 now"));
  auto mixed = c->receive();
  ASSERT_TRUE(mixed.has_value());
  EXPECT_EQ(mixed->version, 3);
  EXPECT_EQ(error_of(*mixed).code, 0x000A);
}

TEST_F(ServerTest, StartNamesTheAddressItCannotUse) {
  start();
  ServerOptions taken;
  taken.port = server_->port();
  Server second(taken, handler_);
  const Status s = second.start();
  EXPECT_TRUE(s.is_io_error()) << s.to_string();
  EXPECT_NE(s.message().find("127.0.0.1:" + std::to_string(server_->port())), std::string::npos)
      << s.message();

  ServerOptions empty;
  empty.address = "";
  Server third(empty, handler_);
  EXPECT_TRUE(third.start().is_invalid_argument());
}

}  // namespace
}  // namespace cairn::cql
