// Clustering keys, the bounds of clustering slices, and their order.
//
// A Clustering is the serialized values of a row's clustering columns. Rows of a
// partition are ordered by ClusteringComparator: column by column with the column's
// CQL type order, reversed for DESC columns. A ClusteringBound is a prefix of a
// clustering plus which side of the rows sharing that prefix it stands on, so
// `ck > (1)`, `ck >= (1, 'a')` and "everything" are all bounds.
#pragma once

#include <memory>
#include <vector>

#include "common/bytes.h"
#include "model/types.h"

namespace cairn {

using Clustering = std::vector<Bytes>;

enum class ClusteringOrder { kAsc, kDesc };

struct ClusteringBound {
  enum class Kind {
    kInclusiveStart,  // sorts before every clustering with this prefix
    kExclusiveStart,  // sorts after every clustering with this prefix
    kInclusiveEnd,    // sorts after every clustering with this prefix
    kExclusiveEnd,    // sorts before every clustering with this prefix
  };
  Clustering prefix;
  Kind kind = Kind::kInclusiveStart;

  static ClusteringBound bottom() { return {{}, Kind::kInclusiveStart}; }
  static ClusteringBound top() { return {{}, Kind::kInclusiveEnd}; }
  bool is_start() const { return kind == Kind::kInclusiveStart || kind == Kind::kExclusiveStart; }
  // True when the bound sorts before the clusterings that share its prefix.
  bool before_prefix() const {
    return kind == Kind::kInclusiveStart || kind == Kind::kExclusiveEnd;
  }
  friend bool operator==(const ClusteringBound&, const ClusteringBound&) = default;
};

// The clusterings between two bounds, in clustering order.
struct ClusteringSlice {
  ClusteringBound start = ClusteringBound::bottom();
  ClusteringBound end = ClusteringBound::top();

  static ClusteringSlice all() { return {}; }
  // Exactly the rows whose clustering starts with `prefix`.
  static ClusteringSlice prefix(Clustering prefix);
  friend bool operator==(const ClusteringSlice&, const ClusteringSlice&) = default;
};

class ClusteringComparator {
 public:
  ClusteringComparator(std::vector<TypeRef> types, std::vector<ClusteringOrder> orders);

  size_t size() const { return types_.size(); }
  const std::vector<TypeRef>& types() const { return types_; }
  const std::vector<ClusteringOrder>& orders() const { return orders_; }

  // Orders two clusterings (or prefixes; a prefix sorts before its extensions).
  int compare(const Clustering& a, const Clustering& b) const;
  // < 0 when `c` sorts before bound `b`, > 0 when after (never 0).
  int compare(const Clustering& c, const ClusteringBound& b) const;
  // Orders two bounds.
  int compare(const ClusteringBound& a, const ClusteringBound& b) const;

  bool contains(const ClusteringSlice& slice, const Clustering& c) const {
    return compare(c, slice.start) > 0 && compare(c, slice.end) < 0;
  }
  // Whether two slices share any clustering position.
  bool overlaps(const ClusteringSlice& a, const ClusteringSlice& b) const {
    return compare(a.start, b.end) < 0 && compare(b.start, a.end) < 0;
  }

  // InvalidArgument unless `c` has one valid value per clustering column.
  Status validate(const Clustering& c) const;

 private:
  int compare_prefix(const Clustering& a, const Clustering& b, size_t n) const;

  std::vector<TypeRef> types_;
  std::vector<ClusteringOrder> orders_;
};

using ClusteringComparatorRef = std::shared_ptr<const ClusteringComparator>;

// A std::map comparator over clusterings.
struct ClusteringLess {
  ClusteringComparatorRef comparator;
  bool operator()(const Clustering& a, const Clustering& b) const {
    return comparator->compare(a, b) < 0;
  }
};

}  // namespace cairn
