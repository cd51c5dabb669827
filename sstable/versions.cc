// The sstable versions this build knows: which one it writes, which it reads, and the
// dispatch from a descriptor's version to that version's reader or writer.
//
//   ca  first version: per-partition records, whole index in memory (sstable-ca.md)
//   cb  compressed checksummed chunks, paged index with a summary, row index inside
//       wide partitions, histograms in the statistics (sstable-cb.md)  <- written
#include "sstable/sstable.h"

namespace cairn {

const char* const kCurrentSSTableVersion = "cb";

bool is_readable_sstable_version(std::string_view version) {
  return version == "ca" || version == "cb";
}

Result<std::shared_ptr<SSTableReader>> open_ca_reader(const Env& env, SSTableDescriptor descriptor,
                                                      ClusteringComparatorRef comparator);
Result<std::shared_ptr<SSTableReader>> open_cb_reader(const Env& env, SSTableDescriptor descriptor,
                                                      ClusteringComparatorRef comparator);
Result<std::unique_ptr<SSTableWriter>> create_cb_writer(const Env& env,
                                                        SSTableDescriptor descriptor,
                                                        ClusteringComparatorRef comparator,
                                                        SSTableWriterOptions options);

Result<std::shared_ptr<SSTableReader>> SSTableReader::open(const Env& env,
                                                           SSTableDescriptor descriptor,
                                                           ClusteringComparatorRef comparator) {
  if (descriptor.version == "ca") return open_ca_reader(env, std::move(descriptor), comparator);
  if (descriptor.version == "cb") return open_cb_reader(env, std::move(descriptor), comparator);
  return Status::not_supported(descriptor.path(Component::kData) + ": sstable version '" +
                               descriptor.version + "' is not one this build reads (it reads " +
                               "ca and cb)");
}

Result<std::unique_ptr<SSTableWriter>> SSTableWriter::create(const Env& env,
                                                             SSTableDescriptor descriptor,
                                                             ClusteringComparatorRef comparator,
                                                             SSTableWriterOptions options) {
  if (descriptor.version != kCurrentSSTableVersion) {
    return Status::invalid_argument("cannot write sstable version '" + descriptor.version +
                                    "'; this build writes only '" + kCurrentSSTableVersion + "'");
  }
  return create_cb_writer(env, std::move(descriptor), std::move(comparator), options);
}

uint64_t SSTableReader::on_disk_bytes() const {
  uint64_t total = 0;
  for (const std::string& p : component_paths()) {
    auto size = fs_->file_size(p);
    if (size.is_ok()) total += size.value();
  }
  return total;
}

Result<std::optional<Partition>> SSTableReader::read(
    const DecoratedKey& key, const std::vector<ClusteringSlice>& slices) const {
  CAIRN_ASSIGN_OR_RETURN(auto p, read(key));
  if (!p) return p;
  return std::optional<Partition>(p->slice(slices));
}

Result<std::optional<Partition>> SSTableReader::read_first(const DecoratedKey& key,
                                                           const ClusteringSlice& slice,
                                                           size_t rows_wanted,
                                                           bool reversed) const {
  CAIRN_ASSIGN_OR_RETURN(auto p, read(key));
  if (!p) return p;
  return std::optional<Partition>(first_rows(*p, slice, rows_wanted, reversed));
}

Result<bool> SSTableReader::visit_slice(const DecoratedKey& key, const ClusteringSlice& slice,
                                        bool reversed, const std::function<void(Partition&&)>& head,
                                        const std::function<bool(Row&)>& row) const {
  CAIRN_ASSIGN_OR_RETURN(auto p, read(key));
  if (!p) return false;
  Partition rows = first_rows(*p, slice, SIZE_MAX, reversed);
  head(first_rows(*p, slice, 0, reversed));
  auto walk = [&](auto begin, auto end) {
    for (auto it = begin; it != end; ++it) {
      Row r = it->second;
      if (!row(r)) return;
    }
  };
  if (reversed) {
    walk(rows.rows().rbegin(), rows.rows().rend());
  } else {
    walk(rows.rows().begin(), rows.rows().end());
  }
  return true;
}

Partition first_rows(const Partition& p, const ClusteringSlice& slice, size_t n, bool reversed) {
  const ClusteringComparator& cmp = *p.comparator();
  Partition out(p.comparator(), p.key());
  out.delete_partition(p.deletion());
  out.apply_static(p.static_row());
  for (const auto& rt : p.range_tombstones()) {
    if (cmp.overlaps(rt.range, slice)) out.add_range_tombstone(rt);
  }
  const Partition::RowMap& rows = p.rows();
  // lower_bound on a bound's prefix lands on the first row sharing it; an exclusive
  // start (an inclusive end) also covers those rows, so step over them.
  if (!reversed) {
    auto it = rows.lower_bound(slice.start.prefix);
    while (it != rows.end() && cmp.compare(it->first, slice.start) < 0) ++it;
    for (; it != rows.end() && n > 0; ++it, --n) {
      if (cmp.compare(it->first, slice.end) > 0) break;
      out.apply_row(it->second);
    }
    return out;
  }
  // One past the slice's last row, then backwards until its start.
  auto it = slice.end.prefix.empty() ? rows.end() : rows.lower_bound(slice.end.prefix);
  while (it != rows.end() && cmp.compare(it->first, slice.end) < 0) ++it;
  for (; it != rows.begin() && n > 0; --n) {
    --it;
    if (cmp.compare(it->first, slice.start) < 0) break;
    out.apply_row(it->second);
  }
  return out;
}

}  // namespace cairn
