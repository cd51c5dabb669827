// The programs' allocator (common/allocator.h, CMake's cairn_allocator): when a build
// links jemalloc, malloc and operator new must really go through it — a library that is
// linked but not interposed would leave glibc's malloc doing the work.
#include "common/allocator.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <memory>

namespace cairn {
namespace {

#ifdef CAIRN_WITH_JEMALLOC
// Bytes this thread has allocated through jemalloc so far.
uint64_t jemalloc_thread_allocated() {
  uint64_t value = 0;
  size_t size = sizeof(value);
  EXPECT_EQ(mallctl("thread.allocated", &value, &size, nullptr, 0), 0);
  return value;
}

// Keeps the compiler from eliding an allocation it can see is unused.
void* volatile sink;

TEST(Allocator, MallocAndNewGoThroughJemalloc) {
  EXPECT_EQ(allocator_name().rfind("jemalloc ", 0), 0u) << allocator_name();
  constexpr size_t kBytes = 1 << 20;
  uint64_t before = jemalloc_thread_allocated();
  void* p = std::malloc(kBytes);
  sink = p;
  EXPECT_GE(jemalloc_thread_allocated() - before, kBytes);
  std::free(p);

  before = jemalloc_thread_allocated();
  auto q = std::make_unique<char[]>(kBytes);
  sink = q.get();
  EXPECT_GE(jemalloc_thread_allocated() - before, kBytes);
}
#else
TEST(Allocator, WithoutJemallocTheProgramSaysGlibc) {
  EXPECT_EQ(allocator_name(), "glibc malloc");
}
#endif

}  // namespace
}  // namespace cairn
