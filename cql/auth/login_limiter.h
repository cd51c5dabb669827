// Rate limiting of failed logins per source address: a token bucket per address. Each
// login attempt takes a token before its password is checked (so concurrent attempts
// cannot overrun the bucket) and a successful login gives it back; an address with no
// token left is refused without its password being checked. Buckets refill at one
// token per `refill_every` up to `burst`.
//
// With the defaults an address may fail 10 times in a row, then once per second.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/env/clock.h"

namespace cairn::cql::auth {

struct LoginLimits {
  // Failed attempts an address may make at once.
  int burst = 10;
  // One more attempt per this much time, up to `burst`.
  std::chrono::milliseconds refill_every{1000};
  // Addresses tracked at once; past it, addresses back to a full bucket are forgotten
  // (and if none is, every address is: a flood of addresses resets the limiter rather
  // than growing it without bound).
  size_t max_addresses = 65536;
};

class LoginRateLimiter {
 public:
  // `clock` must outlive the limiter.
  LoginRateLimiter(Clock* clock, LoginLimits limits) : clock_(clock), limits_(limits) {}

  // Takes a token for an attempt from `address`; false when none is left.
  bool try_acquire(const std::string& address);
  // Gives back the token of an attempt that succeeded.
  void release(const std::string& address);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated_nanos = 0;
  };
  void refill(Bucket* b, int64_t now) const;
  void forget_full(int64_t now);

  Clock* const clock_;
  const LoginLimits limits_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
};

}  // namespace cairn::cql::auth
