#include "cql/protocol/frame.h"

#include <snappy.h>

#include "common/coding.h"

namespace cairn::cql {

bool is_known_opcode(uint8_t op) { return op <= 0x10 && op != 0x04; }

Bytes compress_body(CompressionAlgorithm algorithm, BytesView body) {
  Bytes out;
  if (algorithm == CompressionAlgorithm::kLz4) {
    put_u32(&out, static_cast<uint32_t>(body.size()));
    Bytes block;
    compress(algorithm, body, &block);
    out.append(block);
    return out;
  }
  compress(algorithm, body, &out);
  return out;
}

Result<Bytes> decompress_body(CompressionAlgorithm algorithm, BytesView body, uint64_t max_bytes) {
  Bytes out;
  switch (algorithm) {
    case CompressionAlgorithm::kNone:
      return Bytes(body);
    case CompressionAlgorithm::kLz4: {
      if (body.size() < 4) return Status::invalid_argument("LZ4 body shorter than its length prefix");
      const uint32_t length = load_u32(body.data());
      if (length > max_bytes) {
        return Status::invalid_argument("LZ4 body claims " + std::to_string(length) +
                                        " bytes, over native_transport_max_frame_size");
      }
      CAIRN_RETURN_IF_ERROR(decompress(algorithm, body.substr(4), length, &out));
      return out;
    }
    case CompressionAlgorithm::kSnappy: {
      size_t length = 0;
      if (!snappy::GetUncompressedLength(body.data(), body.size(), &length)) {
        return Status::invalid_argument("malformed Snappy body");
      }
      if (length > max_bytes) {
        return Status::invalid_argument("Snappy body claims " + std::to_string(length) +
                                        " bytes, over native_transport_max_frame_size");
      }
      CAIRN_RETURN_IF_ERROR(decompress(algorithm, body, length, &out));
      return out;
    }
  }
  return Status::invalid_argument("unknown compression");
}

Bytes encode_frame(const Frame& frame, CompressionAlgorithm compression) {
  Bytes body_bytes;
  uint8_t flags = frame.flags;
  if (compression != CompressionAlgorithm::kNone) {
    body_bytes = compress_body(compression, frame.body);
    flags |= frame_flags::kCompression;
  } else {
    body_bytes = frame.body;
    flags &= static_cast<uint8_t>(~frame_flags::kCompression);
  }
  Bytes out;
  put_u8(&out, static_cast<uint8_t>(frame.version | (frame.response ? kResponseBit : 0)));
  put_u8(&out, flags);
  put_u16(&out, static_cast<uint16_t>(frame.stream));
  put_u8(&out, static_cast<uint8_t>(frame.opcode));
  put_u32(&out, static_cast<uint32_t>(body_bytes.size()));
  out.append(body_bytes);
  return out;
}

Result<std::optional<Frame>> FrameDecoder::next(FrameError* error) {
  auto fail = [&](FrameError::Kind kind, std::string message, int16_t stream, uint8_t version,
                  bool can_continue) -> Result<std::optional<Frame>> {
    *error = FrameError{kind, message, stream, version, can_continue};
    return Status::invalid_argument(std::move(message));
  };
  // Still dropping the body of a frame refused for its size.
  if (skip_ > 0) {
    const size_t n = std::min(skip_, buffer_.size());
    buffer_.erase(0, n);
    skip_ -= n;
    if (skip_ > 0) return std::optional<Frame>();
  }
  if (buffer_.size() < kFrameHeaderSize) return std::optional<Frame>();
  const uint8_t version_byte = static_cast<uint8_t>(buffer_[0]);
  const uint8_t version = version_byte & static_cast<uint8_t>(~kResponseBit);
  const uint8_t flags = static_cast<uint8_t>(buffer_[1]);
  const int16_t stream = static_cast<int16_t>(load_u16(buffer_.data() + 2));
  const uint8_t opcode = static_cast<uint8_t>(buffer_[4]);
  const uint32_t length = load_u32(buffer_.data() + 5);
  if (version < 3 || version > 4) {
    // Drivers open with their newest version and retry with an older one on this error.
    return fail(FrameError::Kind::kUnsupportedVersion,
                "Invalid or unsupported protocol version (" + std::to_string(version) +
                    "); supported versions are (3/v3, 4/v4)",
                stream, version, /*can_continue=*/false);
  }
  if ((version_byte & kResponseBit) != 0) {
    return fail(FrameError::Kind::kProtocol, "a client sent a response frame", stream, version,
                false);
  }
  if (uint64_t{length} + kFrameHeaderSize > max_frame_bytes_) {
    // The header is sound: drop the body and go on with the next frame.
    buffer_.erase(0, kFrameHeaderSize);
    skip_ = length;
    const size_t n = std::min(skip_, buffer_.size());
    buffer_.erase(0, n);
    skip_ -= n;
    return fail(FrameError::Kind::kProtocol,
                "Request is too big: length " + std::to_string(length) +
                    " exceeds maximum allowed length " + std::to_string(max_frame_bytes_),
                stream, version, /*can_continue=*/true);
  }
  if (!is_known_opcode(opcode)) {
    if (buffer_.size() < kFrameHeaderSize + length) return std::optional<Frame>();
    buffer_.erase(0, kFrameHeaderSize + length);
    return fail(FrameError::Kind::kProtocol, "unknown opcode " + std::to_string(opcode), stream,
                version, /*can_continue=*/true);
  }
  if (buffer_.size() < kFrameHeaderSize + length) return std::optional<Frame>();
  Frame frame;
  frame.version = version;
  frame.flags = flags;
  frame.stream = stream;
  frame.opcode = static_cast<Opcode>(opcode);
  const BytesView body = BytesView(buffer_).substr(kFrameHeaderSize, length);
  if ((flags & frame_flags::kCompression) != 0) {
    if (compression_ == CompressionAlgorithm::kNone) {
      buffer_.erase(0, kFrameHeaderSize + length);
      return fail(FrameError::Kind::kProtocol,
                  "frame is flagged compressed but no compression was negotiated", stream, version,
                  true);
    }
    auto decompressed = decompress_body(compression_, body, max_frame_bytes_);
    if (!decompressed.is_ok()) {
      buffer_.erase(0, kFrameHeaderSize + length);
      return fail(FrameError::Kind::kProtocol, decompressed.status().message(), stream, version,
                  true);
    }
    frame.body = std::move(decompressed).value();
    frame.flags &= static_cast<uint8_t>(~frame_flags::kCompression);
  } else {
    frame.body.assign(body);
  }
  buffer_.erase(0, kFrameHeaderSize + length);
  return std::optional<Frame>(std::move(frame));
}

}  // namespace cairn::cql
