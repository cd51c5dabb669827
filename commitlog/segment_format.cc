#include "commitlog/segment_format.h"

#include <cstring>

#include "common/checksum.h"
#include "common/coding.h"

namespace cairn::commitlog_format {

Bytes encode_header(uint64_t segment_id) {
  Bytes out(kMagic, sizeof kMagic);
  put_u32(&out, kVersion);
  put_u64(&out, segment_id);
  put_u32(&out, checksum32(out));
  return out;
}

void encode_record(BytesView payload, Bytes* out) {
  size_t start = out->size();
  put_u32(out, static_cast<uint32_t>(payload.size()));
  put_u32(out, checksum32(BytesView(*out).substr(start, 4)));
  out->append(payload.data(), payload.size());
  put_u32(out, checksum32(payload));
}

std::string segment_file_name(uint64_t segment_id) {
  return "CommitLog-" + std::to_string(kVersion) + "-" + std::to_string(segment_id) + ".log";
}

std::optional<uint64_t> parse_segment_file_name(const std::string& name) {
  const std::string prefix = "CommitLog-" + std::to_string(kVersion) + "-";
  const std::string suffix = ".log";
  if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return std::nullopt;
  }
  std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  if (digits.empty() || digits.size() > 19) return std::nullopt;
  uint64_t id = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + static_cast<uint64_t>(c - '0');
  }
  return id;
}

}  // namespace cairn::commitlog_format
