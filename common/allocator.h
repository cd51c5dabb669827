// The memory allocator a program runs on, named for its logs and benchmark settings.
//
// Programs built with jemalloc (CMake's cairn_allocator target, which defines
// CAIRN_WITH_JEMALLOC) report it with its version; anything else reports glibc's malloc.
// Header-only on purpose: the answer belongs to the program that links the allocator,
// not to the libraries it is built from.
#pragma once

#include <cstddef>
#include <string>

#ifdef CAIRN_WITH_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace cairn {

inline std::string allocator_name() {
#ifdef CAIRN_WITH_JEMALLOC
  const char* version = nullptr;
  size_t size = sizeof(version);
  if (mallctl("version", &version, &size, nullptr, 0) == 0 && version != nullptr) {
    return std::string("jemalloc ") + version;
  }
  return "jemalloc";
#else
  return "glibc malloc";
#endif
}

}  // namespace cairn
