// RandomSource: seeded randomness. Everything random in Cairn draws from the Env's
// source, so a test that fixes the seed replays exactly. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>

namespace cairn {

class RandomSource {
 public:
  explicit RandomSource(uint64_t seed) : engine_(seed) {}

  uint64_t next_u64() {
    std::lock_guard<std::mutex> lock(mu_);
    return engine_();
  }
  // Uniform in [0, bound); bound must be > 0.
  uint64_t uniform(uint64_t bound) { return next_u64() % bound; }

 private:
  std::mutex mu_;
  std::mt19937_64 engine_;
};

}  // namespace cairn
