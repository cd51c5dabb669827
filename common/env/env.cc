#include "common/env/env.h"

#include <random>

#include "common/env/posix_file_system.h"

namespace cairn {

DefaultEnv::DefaultEnv(int threads)
    : fs_(std::make_unique<PosixFileSystem>()),
      clock_(std::make_unique<SystemClock>()),
      random_(std::make_unique<RandomSource>(std::random_device{}())),
      failpoints_(std::make_unique<FailPoints>()),
      scheduler_(std::make_unique<ThreadScheduler>(clock_.get(), threads)) {
  env_.fs = fs_.get();
  env_.clock = clock_.get();
  env_.random = random_.get();
  env_.scheduler = scheduler_.get();
  env_.failpoints = failpoints_.get();
}

DefaultEnv::~DefaultEnv() { scheduler_.reset(); }

}  // namespace cairn
