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

}  // namespace cairn
