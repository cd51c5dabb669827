#include "cql/auth/login_limiter.h"

#include <algorithm>

namespace cairn::cql::auth {

void LoginRateLimiter::refill(Bucket* b, int64_t now) const {
  const double per_token = static_cast<double>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(limits_.refill_every).count());
  if (now > b->updated_nanos && per_token > 0) {
    b->tokens = std::min<double>(
        limits_.burst, b->tokens + static_cast<double>(now - b->updated_nanos) / per_token);
  }
  b->updated_nanos = now;
}

void LoginRateLimiter::forget_full(int64_t now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    refill(&it->second, now);
    it = it->second.tokens >= limits_.burst ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() >= limits_.max_addresses) buckets_.clear();
}

bool LoginRateLimiter::try_acquire(const std::string& address) {
  const int64_t now = clock_->monotonic_nanos();
  std::lock_guard lock(mu_);
  auto it = buckets_.find(address);
  if (it == buckets_.end()) {
    if (buckets_.size() >= limits_.max_addresses) forget_full(now);
    it = buckets_.emplace(address, Bucket{static_cast<double>(limits_.burst), now}).first;
  }
  refill(&it->second, now);
  if (it->second.tokens < 1) return false;
  it->second.tokens -= 1;
  return true;
}

void LoginRateLimiter::release(const std::string& address) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(address);
  if (it == buckets_.end()) return;
  it->second.tokens = std::min<double>(limits_.burst, it->second.tokens + 1);
}

}  // namespace cairn::cql::auth
