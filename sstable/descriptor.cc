// Sstable names, versions, listing and deletion: everything that is the same for every
// format version.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "sstable/sstable.h"

namespace cairn {

std::string_view component_name(Component c) {
  switch (c) {
    case Component::kData: return "Data";
    case Component::kIndex: return "Index";
    case Component::kFilter: return "Filter";
    case Component::kStatistics: return "Statistics";
    case Component::kDigest: return "Digest";
    case Component::kTOC: return "TOC";
    case Component::kSummary: return "Summary";
    case Component::kCompressionInfo: return "CompressionInfo";
  }
  return "?";
}

std::string SSTableDescriptor::path(Component c) const {
  std::string name = version + "-" + std::to_string(generation) + "-cairn-" +
                     std::string(component_name(c)) + (c == Component::kTOC ? ".txt" : ".db");
  return join_path(directory, name);
}

Result<std::pair<SSTableDescriptor, Component>> SSTableDescriptor::parse(const std::string& path) {
  const std::string name = base_name(path);
  auto bad = [&](const char* why) {
    return Status::invalid_argument("'" + path + "' is not an sstable component name (" + why +
                                    "; expected <version>-<generation>-cairn-<Component>.db)");
  };
  const size_t dash1 = name.find('-');
  if (dash1 == std::string::npos) return bad("no version");
  const size_t dash2 = name.find('-', dash1 + 1);
  if (dash2 == std::string::npos) return bad("no generation");
  SSTableDescriptor d;
  d.directory = parent_dir(path);
  d.version = name.substr(0, dash1);
  if (d.version.size() != 2 || !std::islower(static_cast<unsigned char>(d.version[0])) ||
      !std::islower(static_cast<unsigned char>(d.version[1]))) {
    return bad("version is not two lowercase letters");
  }
  const char* gen_begin = name.data() + dash1 + 1;
  const char* gen_end = name.data() + dash2;
  auto [ptr, ec] = std::from_chars(gen_begin, gen_end, d.generation);
  if (ec != std::errc() || ptr != gen_end || gen_begin == gen_end) {
    return bad("generation is not a number");
  }
  const std::string rest = name.substr(dash2 + 1);
  for (Component c : kAllComponents) {
    const std::string expected = "cairn-" + std::string(component_name(c)) +
                                 (c == Component::kTOC ? ".txt" : ".db");
    if (rest == expected) return std::make_pair(std::move(d), c);
  }
  return bad("unknown component");
}

Status delete_sstable(FileSystem& fs, const SSTableDescriptor& descriptor) {
  // TOC first: from then on a crash leaves an incomplete sstable, which startup removes.
  for (Component c : kAllComponents) {
    const std::string p = descriptor.path(c);
    if (fs.exists(p)) CAIRN_RETURN_IF_ERROR(fs.remove_file(p));
  }
  const std::string toc_tmp = descriptor.path(Component::kTOC) + ".tmp";
  if (fs.exists(toc_tmp)) CAIRN_RETURN_IF_ERROR(fs.remove_file(toc_tmp));
  return fs.sync_dir(descriptor.directory);
}

Result<std::vector<SSTableDescriptor>> list_sstables(FileSystem& fs, const std::string& directory,
                                                     std::vector<SSTableDescriptor>* incomplete) {
  CAIRN_ASSIGN_OR_RETURN(auto names, fs.list_dir(directory));
  // generation -> (descriptor, has TOC)
  std::map<uint64_t, std::pair<SSTableDescriptor, bool>> found;
  for (const std::string& name : names) {
    std::string component_path = join_path(directory, name);
    // A TOC being written atomically (write_file_atomically's temporary) counts as a
    // component of an incomplete sstable.
    const bool toc_tmp = name.size() > 4 && name.ends_with("-TOC.txt.tmp");
    if (toc_tmp) component_path.resize(component_path.size() - 4);
    auto parsed = SSTableDescriptor::parse(component_path);
    if (!parsed.is_ok()) continue;  // not an sstable file (LOCK, snapshots/, ...)
    auto& [descriptor, component] = parsed.value();
    auto& slot = found[descriptor.generation];
    if (slot.first.version.empty()) slot.first = descriptor;
    if (component == Component::kTOC && !toc_tmp) slot.second = true;
  }
  std::vector<SSTableDescriptor> complete;
  for (auto& [generation, entry] : found) {
    if (entry.second) {
      complete.push_back(std::move(entry.first));
    } else if (incomplete != nullptr) {
      incomplete->push_back(std::move(entry.first));
    }
  }
  return complete;
}

}  // namespace cairn
