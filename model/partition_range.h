// PartitionRange: which partitions a token-range scan covers, in ring order.
//
// Like Cassandra's token ranges it is (start_token, end_token]: start exclusive, end
// inclusive; kMinToken as the start means "from the beginning" because no key has
// that token. resume_after, when set, restricts the range to keys strictly after that
// key, which is how a paged scan continues where its previous page stopped.
#pragma once

#include <optional>

#include "model/token.h"

namespace cairn {

struct PartitionRange {
  Token start_token = kMinToken;  // exclusive
  Token end_token = kMaxToken;    // inclusive
  std::optional<DecoratedKey> resume_after;

  static PartitionRange all() { return {}; }

  bool contains(const DecoratedKey& k) const {
    if (k.token <= start_token || k.token > end_token) return false;
    return !resume_after || compare(k, *resume_after) > 0;
  }
  // True when no key after `k` (in ring order) can be in the range.
  bool is_past_end(const DecoratedKey& k) const { return k.token > end_token; }
};

}  // namespace cairn
