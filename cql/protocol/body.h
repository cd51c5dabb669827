// The notations of native_protocol_v4.spec §3 — [int], [long], [short], [string],
// [long string], [uuid], [string list], [bytes], [value], [short bytes], [inet],
// [consistency], [string map], [string multimap] — read from and written to frame
// bodies. Everything is big-endian.
//
// BodyReader never reads past the body and never allocates by a length it has not
// checked against the bytes present: malformed input gives InvalidArgument naming
// what was malformed and where, which the connection answers with a protocol error.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace cairn::cql {

// A [value]: bytes, null (length -1) or unset (length -2, v4).
struct Value {
  enum class Kind { kSet, kNull, kUnset };
  Kind kind = Kind::kNull;
  Bytes bytes;
  static Value of(Bytes b) { return Value{Kind::kSet, std::move(b)}; }
  static Value null() { return Value{}; }
  static Value unset() { return Value{Kind::kUnset, {}}; }
  friend bool operator==(const Value&, const Value&) = default;
};

class BodyReader {
 public:
  explicit BodyReader(BytesView body) : body_(body) {}
  // The reader borrows the body: a temporary would be gone before the first read.
  explicit BodyReader(Bytes&&) = delete;

  Result<int32_t> read_int();
  Result<int64_t> read_long();
  Result<uint16_t> read_short();
  Result<uint8_t> read_byte();
  Result<std::string> read_string();       // [short] n, n bytes
  Result<std::string> read_long_string();  // [int] n, n bytes
  Result<Bytes> read_uuid();               // 16 bytes
  Result<std::vector<std::string>> read_string_list();
  Result<std::optional<Bytes>> read_bytes();  // [int] n (< 0: null), n bytes
  Result<Value> read_value();                 // [bytes] with -2 meaning unset
  Result<Bytes> read_short_bytes();
  Result<uint16_t> read_consistency();
  Result<std::map<std::string, std::string>> read_string_map();
  Result<std::map<std::string, std::vector<std::string>>> read_string_multimap();

  bool at_end() const { return pos_ == body_.size(); }
  size_t offset() const { return pos_; }

 private:
  Status malformed(const std::string& what) const;
  Result<BytesView> take(size_t n, const char* what);

  BytesView body_;
  size_t pos_ = 0;
};

class BodyWriter {
 public:
  void write_int(int32_t v);
  void write_long(int64_t v);
  void write_short(uint16_t v);
  void write_byte(uint8_t v);
  void write_string(std::string_view s);
  void write_long_string(std::string_view s);
  void write_uuid(BytesView uuid16);
  void write_string_list(const std::vector<std::string>& list);
  void write_bytes(const std::optional<Bytes>& b);
  void write_value(const Value& v);
  void write_short_bytes(BytesView b);
  void write_string_map(const std::map<std::string, std::string>& m);
  void write_string_multimap(const std::map<std::string, std::vector<std::string>>& m);

  const Bytes& bytes() const { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

}  // namespace cairn::cql
