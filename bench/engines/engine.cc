// The engines --engines may name (see engine.h).
#include "bench/engines/engine.h"

#include <fmt/format.h>

#include "bench/engines/cairn_engine.h"

namespace cairn::bench {

std::vector<std::string> known_engines() { return {"cairn", "rocksdb", "leveldb"}; }

Result<std::unique_ptr<Engine>> make_engine(std::string_view name) {
  if (name == "cairn") return std::unique_ptr<Engine>(std::make_unique<CairnEngine>());
  if (name == "rocksdb" || name == "leveldb") {
    return Status::not_supported(fmt::format(
        "engine '{0}' has no adapter in this build: bench/peers/{0}_engine.cc is not written "
        "yet (issue 5); only 'cairn' can run",
        name));
  }
  return Status::invalid_argument(
      fmt::format("unknown engine '{}' (known: cairn, rocksdb, leveldb)", name));
}

}  // namespace cairn::bench
