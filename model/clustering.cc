#include "model/clustering.h"

#include <cassert>

namespace cairn {

ClusteringSlice ClusteringSlice::prefix(Clustering prefix) {
  ClusteringSlice s;
  s.start = {prefix, ClusteringBound::Kind::kInclusiveStart};
  s.end = {std::move(prefix), ClusteringBound::Kind::kInclusiveEnd};
  return s;
}

ClusteringComparator::ClusteringComparator(std::vector<TypeRef> types,
                                           std::vector<ClusteringOrder> orders)
    : types_(std::move(types)), orders_(std::move(orders)) {
  assert(types_.size() == orders_.size());
}

int ClusteringComparator::compare_prefix(const Clustering& a, const Clustering& b,
                                         size_t n) const {
  for (size_t i = 0; i < n; ++i) {
    int c = types_[i]->compare(a[i], b[i]);
    if (c != 0) return orders_[i] == ClusteringOrder::kDesc ? -c : c;
  }
  return 0;
}

int ClusteringComparator::compare(const Clustering& a, const Clustering& b) const {
  size_t n = std::min(a.size(), b.size());
  int c = compare_prefix(a, b, n);
  if (c != 0) return c;
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

int ClusteringComparator::compare(const Clustering& c, const ClusteringBound& b) const {
  size_t n = std::min(c.size(), b.prefix.size());
  int r = compare_prefix(c, b.prefix, n);
  if (r != 0) return r;
  // `c` shares the bound's prefix (or is a shorter prefix of it, which for rows of one
  // table cannot happen unless the bound is longer than a clustering).
  return b.before_prefix() ? 1 : -1;
}

int ClusteringComparator::compare(const ClusteringBound& a, const ClusteringBound& b) const {
  size_t n = std::min(a.prefix.size(), b.prefix.size());
  int r = compare_prefix(a.prefix, b.prefix, n);
  if (r != 0) return r;
  // One prefix extends the other (or they are equal). A bound's position relative to
  // the clusterings under the shorter prefix decides.
  auto side = [](const ClusteringBound& x) { return x.before_prefix() ? -1 : 1; };
  if (a.prefix.size() == b.prefix.size()) {
    int sa = side(a), sb = side(b);
    if (sa != sb) return sa < sb ? -1 : 1;
    // Same position: a start sorts after an end there, so that a slice whose bounds
    // meet without a clustering between them ([x, x), (x, x]) is empty.
    if (a.is_start() != b.is_start()) return a.is_start() ? 1 : -1;
    return 0;
  }
  if (a.prefix.size() < b.prefix.size()) return side(a);
  return -side(b);
}

Status ClusteringComparator::validate(const Clustering& c) const {
  if (c.size() != types_.size()) {
    return Status::invalid_argument("clustering has " + std::to_string(c.size()) +
                                    " values, the table has " + std::to_string(types_.size()) +
                                    " clustering columns");
  }
  for (size_t i = 0; i < c.size(); ++i) CAIRN_RETURN_IF_ERROR(types_[i]->validate(c[i]));
  return Status::ok();
}

}  // namespace cairn
