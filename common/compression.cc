#include "common/compression.h"

#include <lz4.h>
#include <snappy.h>

#include <charconv>

namespace cairn {

std::string_view compression_name(CompressionAlgorithm a) {
  switch (a) {
    case CompressionAlgorithm::kNone: return "none";
    case CompressionAlgorithm::kLz4: return "LZ4Compressor";
    case CompressionAlgorithm::kSnappy: return "SnappyCompressor";
  }
  return "?";
}

Result<CompressionParams> CompressionParams::parse(
    const std::map<std::string, std::string>& options) {
  CompressionParams p;
  auto enabled = options.find("enabled");
  if (enabled != options.end() && enabled->second == "false") {
    p.algorithm = CompressionAlgorithm::kNone;
    return p;
  }
  auto cls = options.find("class");
  if (cls != options.end()) {
    std::string name = cls->second;
    const std::string prefix = "org.apache.cassandra.io.compress.";
    if (name.starts_with(prefix)) name = name.substr(prefix.size());
    if (name == "LZ4Compressor") {
      p.algorithm = CompressionAlgorithm::kLz4;
    } else if (name == "SnappyCompressor") {
      p.algorithm = CompressionAlgorithm::kSnappy;
    } else if (name.empty()) {
      p.algorithm = CompressionAlgorithm::kNone;
    } else {
      return Status::invalid_argument("compression class '" + cls->second +
                                      "' is not supported (LZ4Compressor, SnappyCompressor, or "
                                      "enabled: false)");
    }
  }
  auto chunk = options.find("chunk_length_in_kb");
  if (chunk != options.end()) {
    uint32_t kb = 0;
    const std::string& t = chunk->second;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), kb);
    if (ec != std::errc() || ptr != t.data() + t.size() || kb == 0 || kb > 1024 ||
        (kb & (kb - 1)) != 0) {
      return Status::invalid_argument("compression option chunk_length_in_kb: '" + t +
                                      "' is not a power of two from 1 to 1024");
    }
    p.chunk_length = kb * 1024;
  }
  return p;
}

void compress(CompressionAlgorithm a, BytesView in, Bytes* out) {
  switch (a) {
    case CompressionAlgorithm::kNone:
      out->assign(in);
      return;
    case CompressionAlgorithm::kLz4: {
      const int bound = LZ4_compressBound(static_cast<int>(in.size()));
      out->resize(static_cast<size_t>(bound));
      const int n = LZ4_compress_default(in.data(), out->data(), static_cast<int>(in.size()), bound);
      out->resize(static_cast<size_t>(n));
      return;
    }
    case CompressionAlgorithm::kSnappy:
      out->clear();
      snappy::Compress(in.data(), in.size(), out);
      return;
  }
}

Status decompress(CompressionAlgorithm a, BytesView in, size_t uncompressed_length, Bytes* out) {
  switch (a) {
    case CompressionAlgorithm::kNone:
      if (in.size() != uncompressed_length) break;
      out->assign(in);
      return Status::ok();
    case CompressionAlgorithm::kLz4: {
      out->resize(uncompressed_length);
      const int n = LZ4_decompress_safe(in.data(), out->data(), static_cast<int>(in.size()),
                                        static_cast<int>(uncompressed_length));
      if (n < 0 || static_cast<size_t>(n) != uncompressed_length) break;
      return Status::ok();
    }
    case CompressionAlgorithm::kSnappy: {
      size_t length = 0;
      if (!snappy::GetUncompressedLength(in.data(), in.size(), &length) ||
          length != uncompressed_length) {
        break;
      }
      out->resize(length);
      if (!snappy::RawUncompress(in.data(), in.size(), out->data())) break;
      return Status::ok();
    }
  }
  return Status::corruption(std::string(compression_name(a)) + " block of " +
                            std::to_string(in.size()) + " bytes does not decompress to " +
                            std::to_string(uncompressed_length) + " bytes");
}

}  // namespace cairn
