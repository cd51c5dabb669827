#include "tests/lib/test_env.h"

#include <cstdlib>
#include <filesystem>

namespace cairn::testing {
namespace {

uint64_t choose_seed(uint64_t seed) {
  if (const char* s = std::getenv("CAIRN_TEST_SEED")) return std::strtoull(s, nullptr, 10);
  return seed;
}

}  // namespace

TestEnv::TestEnv(uint64_t seed)
    : seed_(choose_seed(seed)), random_(seed_), scheduler_(&clock_) {
  env_.fs = &fs_;
  env_.clock = &clock_;
  env_.random = &random_;
  env_.scheduler = &scheduler_;
  env_.failpoints = &failpoints_;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "cairn-test-XXXXXX").string();
  char* made = ::mkdtemp(pattern.data());
  path_ = made != nullptr ? made : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

}  // namespace cairn::testing
