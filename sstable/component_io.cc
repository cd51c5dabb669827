#include "sstable/component_io.h"

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

}  // namespace cairn::sstable_io
