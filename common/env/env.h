// Env: the one way Cairn code reaches the outside world — files, clocks, randomness
// and background execution. Nothing in Cairn uses a global for any of these, so
// several nodes (each with its own Env) can live in one test process.
//
// An Env is a bundle of non-owning pointers; whoever builds it keeps the parts alive
// longer than every user. DefaultEnv owns production implementations.
#pragma once

#include <cstdint>
#include <memory>

#include "common/env/clock.h"
#include "common/env/failpoints.h"
#include "common/env/file_system.h"
#include "common/env/random.h"
#include "common/env/scheduler.h"

namespace cairn {

struct Env {
  FileSystem* fs = nullptr;
  Clock* clock = nullptr;
  RandomSource* random = nullptr;
  Scheduler* scheduler = nullptr;
  FailPoints* failpoints = nullptr;
};

// The production Env: POSIX files, the system clock, a random seed from the OS, and
// a scheduler with `threads` worker threads.
class DefaultEnv {
 public:
  explicit DefaultEnv(int threads = 2);
  ~DefaultEnv();
  DefaultEnv(const DefaultEnv&) = delete;
  DefaultEnv& operator=(const DefaultEnv&) = delete;

  const Env& env() const { return env_; }

 private:
  std::unique_ptr<FileSystem> fs_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<RandomSource> random_;
  std::unique_ptr<FailPoints> failpoints_;
  std::unique_ptr<Scheduler> scheduler_;  // last: its workers use the clock
  Env env_;
};

}  // namespace cairn
