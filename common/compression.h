// Block compression for on-disk formats: LZ4 (the default, as in Cassandra), Snappy,
// or none, chosen per table by the `compression` option map ({'class': 'LZ4Compressor',
// 'chunk_length_in_kb': '16'}; {'enabled': 'false'} for none).
//
// decompress() never trusts its input: a damaged block gives Corruption, never a
// crash or a buffer overrun.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/bytes.h"
#include "common/result.h"

namespace cairn {

enum class CompressionAlgorithm : uint8_t { kNone = 0, kLz4 = 1, kSnappy = 2 };

struct CompressionParams {
  CompressionAlgorithm algorithm = CompressionAlgorithm::kLz4;
  uint32_t chunk_length = 16 * 1024;  // bytes of uncompressed data per chunk

  // From a table's compression options, accepting Cassandra's class names with or
  // without the org.apache.cassandra.io.compress. prefix. InvalidArgument names a bad
  // class or chunk_length_in_kb (a power of two from 1 to 1024).
  static Result<CompressionParams> parse(const std::map<std::string, std::string>& options);
};

std::string_view compression_name(CompressionAlgorithm a);  // "LZ4Compressor", ...

// Replaces `out` with the compressed form of `in`.
void compress(CompressionAlgorithm a, BytesView in, Bytes* out);
// Replaces `out` with the decompression of `in`, which must be exactly
// `uncompressed_length` bytes; Corruption otherwise.
Status decompress(CompressionAlgorithm a, BytesView in, size_t uncompressed_length, Bytes* out);

}  // namespace cairn
