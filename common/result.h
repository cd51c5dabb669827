// Result<T>: a value or the Status explaining why there is none.
//
// Construct from a T (success) or from a non-OK Status (failure). Reading value()
// of a failed Result is a bug and asserts.
#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "common/status.h"

namespace cairn {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.is_ok() && "a Result built from a Status must be a failure");
  }

  bool is_ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & {
    assert(is_ok());
    return *value_;
  }
  const T& value() const& {
    assert(is_ok());
    return *value_;
  }
  // By value, not T&&: `for (auto& x : f().value())` and `auto& v = f().value()` then
  // hold a live object instead of a reference into a destroyed temporary.
  T value() && {
    assert(is_ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace cairn

#define CAIRN_CONCAT_INNER_(a, b) a##b
#define CAIRN_CONCAT_(a, b) CAIRN_CONCAT_INNER_(a, b)

// `CAIRN_ASSIGN_OR_RETURN(auto x, f());` binds x to f()'s value or returns its Status.
#define CAIRN_ASSIGN_OR_RETURN(decl, expr)                         \
  auto CAIRN_CONCAT_(cairn_result_, __LINE__) = (expr);            \
  if (!CAIRN_CONCAT_(cairn_result_, __LINE__).is_ok())             \
    return CAIRN_CONCAT_(cairn_result_, __LINE__).status();        \
  decl = std::move(CAIRN_CONCAT_(cairn_result_, __LINE__)).value()
