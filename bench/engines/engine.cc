// The engines --engines may name (see engine.h).
#include "bench/engines/engine.h"

#include <fmt/format.h>

#include "bench/engines/cairn_engine.h"
#if CAIRN_BENCH_HAVE_ROCKSDB
#include "bench/peers/rocksdb_engine.h"
#endif
#if CAIRN_BENCH_HAVE_LEVELDB
#include "bench/peers/leveldb_engine.h"
#endif

namespace cairn::bench {
namespace {

// Unused when the build has every peer.
[[maybe_unused]] Status missing_library(std::string_view name) {
  return Status::not_supported(fmt::format(
      "engine '{0}' is not in this build: cairn-bench was configured without lib{0} (not "
      "found, or -DCAIRN_BENCH_PEERS=OFF); install Debian's lib{0}-dev (./dev deps) and "
      "re-run cmake",
      name));
}

}  // namespace

std::vector<std::string> known_engines() { return {"cairn", "rocksdb", "leveldb"}; }

Result<std::unique_ptr<Engine>> make_engine(std::string_view name) {
  if (name == "cairn") return std::unique_ptr<Engine>(std::make_unique<CairnEngine>());
  if (name == "rocksdb") {
#if CAIRN_BENCH_HAVE_ROCKSDB
    return std::unique_ptr<Engine>(std::make_unique<RocksDbEngine>());
#else
    return missing_library(name);
#endif
  }
  if (name == "leveldb") {
#if CAIRN_BENCH_HAVE_LEVELDB
    return std::unique_ptr<Engine>(std::make_unique<LevelDbEngine>());
#else
    return missing_library(name);
#endif
  }
  return Status::invalid_argument(
      fmt::format("unknown engine '{}' (known: cairn, rocksdb, leveldb)", name));
}

}  // namespace cairn::bench
