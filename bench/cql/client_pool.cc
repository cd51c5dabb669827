// ClientPool: opening the connections and running the groups (see client_pool.h).
#include "bench/cql/client_pool.h"

#include <fmt/format.h>

#include <thread>

namespace cairn::bench::cqlclient {

Result<std::unique_ptr<ClientPool>> ClientPool::open(const PoolOptions& options) {
  std::unique_ptr<ClientPool> pool(new ClientPool());
  const size_t threads = std::max<size_t>(1, options.io_threads);
  for (size_t g = 0; g < threads; ++g) pool->groups_.push_back(std::make_unique<IoGroup>());
  for (size_t i = 0; i < options.connections; ++i) {
    IoGroup& group = *pool->groups_[i % threads];
    auto& c = group.connections.emplace_back(
        std::make_unique<CqlConnection>(group.io, options.connection, i));
    if (Status s = c->open(options.connect_timeout); !s.is_ok()) {
      return s.with_context(fmt::format("connection {} of {}", i + 1, options.connections));
    }
    ++pool->size_;
  }
  return pool;
}

Result<Response> ClientPool::call(size_t i, cql::Opcode opcode, Bytes body,
                                  std::chrono::milliseconds timeout) {
  return connection(i).call(opcode, std::move(body), timeout);
}

void ClientPool::run_groups(const std::function<void(size_t g)>& body) {
  std::vector<std::thread> threads;
  for (size_t g = 1; g < groups_.size(); ++g) threads.emplace_back([&body, g] { body(g); });
  body(0);
  for (auto& t : threads) t.join();
}

}  // namespace cairn::bench::cqlclient
