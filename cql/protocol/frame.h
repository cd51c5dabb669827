// Frames of the CQL native protocol, versions 3 and 4 (native_protocol_v4.spec §2):
// a 9-byte header — version (0x04 request, 0x84 response), flags, a 2-byte stream id,
// an opcode, a 4-byte body length — and the body, optionally compressed (LZ4 or
// Snappy, as negotiated at STARTUP).
//
// FrameDecoder cuts frames out of the bytes a connection receives, whatever pieces
// they arrive in, and never trusts a header: an unsupported version, an unknown
// opcode, a body longer than native_transport_max_frame_size or a body that does not
// decompress is reported as a FrameError carrying what the connection needs to answer
// (the stream id to reply on, whether the stream can go on) — never a crash, never an
// allocation the peer chose.
//
// This is the first piece of the node's transport (issue 6); nothing serves it yet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/bytes.h"
#include "common/compression.h"
#include "common/result.h"

namespace cairn::cql {

enum class Opcode : uint8_t {
  kError = 0x00,
  kStartup = 0x01,
  kReady = 0x02,
  kAuthenticate = 0x03,
  kOptions = 0x05,
  kSupported = 0x06,
  kQuery = 0x07,
  kResult = 0x08,
  kPrepare = 0x09,
  kExecute = 0x0A,
  kRegister = 0x0B,
  kEvent = 0x0C,
  kBatch = 0x0D,
  kAuthChallenge = 0x0E,
  kAuthResponse = 0x0F,
  kAuthSuccess = 0x10,
};
bool is_known_opcode(uint8_t op);

namespace frame_flags {
inline constexpr uint8_t kCompression = 0x01;
inline constexpr uint8_t kTracing = 0x02;
inline constexpr uint8_t kCustomPayload = 0x04;
inline constexpr uint8_t kWarning = 0x08;
}  // namespace frame_flags

inline constexpr size_t kFrameHeaderSize = 9;
inline constexpr uint8_t kResponseBit = 0x80;

struct Frame {
  uint8_t version = 4;  // without the response bit
  bool response = false;
  uint8_t flags = 0;
  int16_t stream = 0;
  Opcode opcode = Opcode::kError;
  Bytes body;  // decompressed
};

// How a frame failed, and what the connection must do about it.
struct FrameError {
  enum class Kind {
    kUnsupportedVersion,  // answer with a protocol error in a version the client reads
    kProtocol,            // answer with a protocol error on `stream`
  };
  Kind kind = Kind::kProtocol;
  std::string message;
  int16_t stream = 0;
  uint8_t version = 0;     // the version byte the client sent (without the response bit)
  bool can_continue = false;  // false: the byte stream is lost, close after answering
};

class FrameDecoder {
 public:
  // max_frame_bytes: native_transport_max_frame_size (header included).
  explicit FrameDecoder(uint64_t max_frame_bytes) : max_frame_bytes_(max_frame_bytes) {}

  // Set once STARTUP negotiated it; frames flagged compressed are then decompressed.
  void set_compression(CompressionAlgorithm algorithm) { compression_ = algorithm; }

  void feed(BytesView data) { buffer_.append(data); }

  // The next complete frame, nullopt when more bytes are needed, or the error. After an
  // error that cannot continue, the decoder must not be used again.
  Result<std::optional<Frame>> next(FrameError* error);

 private:
  uint64_t max_frame_bytes_;
  CompressionAlgorithm compression_ = CompressionAlgorithm::kNone;
  Bytes buffer_;
  size_t skip_ = 0;  // body bytes still to drop after an oversized frame
};

// The bytes of a frame (compressing the body if `compression` is not kNone, and
// setting the flag accordingly).
Bytes encode_frame(const Frame& frame, CompressionAlgorithm compression = CompressionAlgorithm::kNone);

// The v4 framing of compressed bodies: LZ4 is a 4-byte big-endian uncompressed length
// then the LZ4 block; Snappy is the raw Snappy block.
Bytes compress_body(CompressionAlgorithm algorithm, BytesView body);
Result<Bytes> decompress_body(CompressionAlgorithm algorithm, BytesView body, uint64_t max_bytes);

}  // namespace cairn::cql
