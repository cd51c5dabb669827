// libFuzzer target: arbitrary bytes into cairn::cql::FrameDecoder, and every complete
// frame's body into every request decoder of cql/protocol (and the CQL text they carry
// into the parser).
//
// Input layout: byte 0 picks the negotiated compression (none, LZ4, Snappy) and the
// decoder's maximum frame size; byte 1 the size of the pieces the rest is fed in (as a
// socket would deliver it). Each decoded frame is also re-encoded and decoded again,
// which must give the same frame back.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "common/compression.h"
#include "cql/language/parser.h"
#include "cql/protocol/frame.h"
#include "cql/protocol/messages.h"
#include "cql/protocol/requests.h"

namespace {

using cairn::Bytes;
using cairn::BytesView;
using cairn::CompressionAlgorithm;
using cairn::cql::Frame;
using cairn::cql::FrameDecoder;
using cairn::cql::FrameError;

void check(bool condition) {
  if (!condition) std::abort();
}

// The parser's answer does not matter here, only that it gives one.
void parse(std::string_view query) { (void)cairn::cql::parse_statement(query); }

void decode_body(BytesView body) {
  (void)cairn::cql::decode_startup(body);
  (void)cairn::cql::decode_register(body);
  (void)cairn::cql::decode_execute(body);
  if (auto q = cairn::cql::decode_query(body); q.is_ok()) parse(q->query);
  if (auto p = cairn::cql::decode_prepare(body); p.is_ok()) parse(p->query);
  if (auto b = cairn::cql::decode_batch(body); b.is_ok()) {
    for (const auto& statement : b->statements) {
      if (!statement.prepared) parse(statement.query);
    }
  }
}

// encode_frame() of a decoded frame decodes to the same frame.
void check_round_trip(const Frame& frame, CompressionAlgorithm compression, uint64_t max_bytes) {
  const Bytes encoded = cairn::cql::encode_frame(frame, compression);
  if (encoded.size() > max_bytes) return;  // compression can make a body bigger
  FrameDecoder decoder(max_bytes);
  decoder.set_compression(compression);
  decoder.feed(encoded);
  FrameError error;
  auto again = decoder.next(&error);
  check(again.is_ok() && again->has_value());
  const Frame& f = **again;
  check(f.version == frame.version && f.stream == frame.stream && f.opcode == frame.opcode);
  check(f.body == frame.body);
  check((f.flags & ~cairn::cql::frame_flags::kCompression) ==
        (frame.flags & ~cairn::cql::frame_flags::kCompression));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static constexpr CompressionAlgorithm kAlgorithms[] = {
      CompressionAlgorithm::kNone, CompressionAlgorithm::kLz4, CompressionAlgorithm::kSnappy};
  const CompressionAlgorithm compression = kAlgorithms[data[0] % 3];
  const uint64_t max_bytes = (data[0] & 0x80) != 0 ? 64 : 256 * 1024 * 1024;
  const size_t piece = data[1] == 0 ? size : data[1];
  BytesView stream(reinterpret_cast<const char*>(data) + 2, size - 2);

  FrameDecoder decoder(max_bytes);
  if (compression != CompressionAlgorithm::kNone) decoder.set_compression(compression);
  while (!stream.empty()) {
    const size_t n = std::min(piece, stream.size());
    decoder.feed(stream.substr(0, n));
    stream.remove_prefix(n);
    while (true) {
      FrameError error;
      auto frame = decoder.next(&error);
      if (!frame.is_ok()) {
        if (!error.can_continue) return 0;  // the connection would close
        continue;
      }
      if (!frame->has_value()) break;
      check((*frame)->body.size() <= max_bytes);
      decode_body((*frame)->body);
      check_round_trip(**frame, compression, max_bytes);
    }
  }
  return 0;
}
