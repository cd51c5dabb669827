#include "sstable/component_io.h"

#include <algorithm>
#include <cstring>

#include "common/checksum.h"
#include "common/coding.h"

namespace cairn::sstable_io {

namespace {

std::string at(const std::string& path, uint64_t offset) {
  return path + " at offset " + std::to_string(offset);
}

}  // namespace

void put_header(Bytes* out, std::string_view version, Component c) {
  out->append(kMagic, 8);
  out->append(version.data(), 2);
  put_u8(out, static_cast<uint8_t>(c));
}

Status check_header(BytesView data, std::string_view version, Component c,
                    const std::string& path) {
  if (data.size() < kHeaderSize) {
    return Status::corruption(path + ": file is shorter than its " +
                              std::to_string(kHeaderSize) + "-byte header");
  }
  if (std::memcmp(data.data(), kMagic, 8) != 0) {
    return Status::corruption(at(path, 0) + ": not a Cairn sstable component (bad magic)");
  }
  if (data.substr(8, 2) != version) {
    return Status::corruption(at(path, 8) + ": header says version '" +
                              std::string(data.substr(8, 2)) + "', file name says '" +
                              std::string(version) + "'");
  }
  if (static_cast<uint8_t>(data[10]) != static_cast<uint8_t>(c)) {
    return Status::corruption(at(path, 10) + ": header names component " +
                              std::to_string(static_cast<uint8_t>(data[10])) + ", expected " +
                              std::string(component_name(c)));
  }
  return Status::ok();
}

Bytes seal(std::string_view version, Component c, BytesView body) {
  Bytes out;
  out.reserve(kHeaderSize + body.size() + 4);
  put_header(&out, version, c);
  out.append(body);
  put_u32(&out, checksum32(out));
  return out;
}

Result<BytesView> unseal(BytesView data, std::string_view version, Component c,
                         const std::string& path) {
  CAIRN_RETURN_IF_ERROR(check_header(data, version, c, path));
  if (data.size() < kHeaderSize + 4) {
    return Status::corruption(path + ": file ends before its checksum");
  }
  const size_t end = data.size() - 4;
  const uint32_t stored = load_u32(data.data() + end);
  const uint32_t actual = checksum32(data.substr(0, end));
  if (stored != actual) {
    return Status::corruption(at(path, end) + ": checksum mismatch over the whole component");
  }
  return data.substr(kHeaderSize, end - kHeaderSize);
}

std::string encode_toc(const std::vector<Component>& components) {
  std::string text;
  for (Component c : components) {
    text += component_name(c);
    text += '\n';
  }
  text += "checksum32 " + std::to_string(checksum32(text)) + "\n";
  return text;
}

Result<std::vector<Component>> decode_toc(BytesView text, const std::string& path) {
  const size_t mark = text.rfind("checksum32 ");
  if (mark == BytesView::npos || (mark != 0 && text[mark - 1] != '\n')) {
    return Status::corruption(path + ": TOC has no checksum line");
  }
  const std::string stored(text.substr(mark + 11));
  const std::string expected = std::to_string(checksum32(text.substr(0, mark))) + "\n";
  if (stored != expected) {
    return Status::corruption(at(path, mark) + ": TOC checksum mismatch");
  }
  std::vector<Component> components;
  size_t pos = 0;
  while (pos < mark) {
    const size_t nl = text.find('\n', pos);
    const std::string_view name = text.substr(pos, nl - pos);
    bool known = false;
    for (Component c : kAllComponents) {
      if (component_name(c) == name) {
        components.push_back(c);
        known = true;
      }
    }
    if (!known) {
      return Status::corruption(at(path, pos) + ": TOC lists unknown component '" +
                                std::string(name) + "'");
    }
    pos = nl + 1;
  }
  return components;
}

Status check_toc(FileSystem& fs, const SSTableDescriptor& d,
                 std::initializer_list<Component> required) {
  const std::string toc_path = d.path(Component::kTOC);
  CAIRN_ASSIGN_OR_RETURN(Bytes toc, read_file(fs, toc_path));
  CAIRN_ASSIGN_OR_RETURN(auto listed, decode_toc(toc, toc_path));
  for (Component c : required) {
    if (std::find(listed.begin(), listed.end(), c) == listed.end()) {
      return Status::corruption(toc_path + ": TOC does not list the " +
                                std::string(component_name(c)) + " component");
    }
  }
  return Status::ok();
}

Result<Bytes> read_listed_component(FileSystem& fs, const SSTableDescriptor& d, Component c) {
  auto bytes = read_file(fs, d.path(c));
  if (!bytes.is_ok() && bytes.status().is_not_found()) {
    return Status::corruption(d.path(c) + ": component listed in the TOC is missing");
  }
  return bytes;
}

void put_base_stats(const SSTableStats& s, Bytes* out) {
  put_i64(out, s.min_timestamp);
  put_i64(out, s.max_timestamp);
  put_i32(out, s.min_local_deletion_time);
  put_i32(out, s.max_local_deletion_time);
  put_i64(out, s.min_token);
  put_i64(out, s.max_token);
  put_u64(out, s.partition_count);
  put_u64(out, s.row_count);
  put_u64(out, s.tombstone_count);
  put_u64(out, s.data_size_bytes);
  put_u64(out, s.commitlog_upper_bound.segment_id);
  put_u32(out, s.commitlog_upper_bound.offset);
}

bool get_base_stats(BufferReader& in, SSTableStats* s) {
  return in.get_i64(&s->min_timestamp) && in.get_i64(&s->max_timestamp) &&
         in.get_i32(&s->min_local_deletion_time) && in.get_i32(&s->max_local_deletion_time) &&
         in.get_i64(&s->min_token) && in.get_i64(&s->max_token) &&
         in.get_u64(&s->partition_count) && in.get_u64(&s->row_count) &&
         in.get_u64(&s->tombstone_count) && in.get_u64(&s->data_size_bytes) &&
         in.get_u64(&s->commitlog_upper_bound.segment_id) &&
         in.get_u32(&s->commitlog_upper_bound.offset);
}

}  // namespace cairn::sstable_io
