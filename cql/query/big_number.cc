// BigInteger and BigDecimal (cql/query/big_number.h): sign-and-magnitude integers on
// 32-bit limbs, and decimals as an unscaled BigInteger with a scale, as Java has them.
#include "cql/query/big_number.h"

#include <algorithm>
#include <cassert>
#include <limits>

#include "common/coding.h"

namespace cairn::cql {
namespace {

__extension__ typedef __int128 Int128;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

}  // namespace

std::optional<int64_t> parse_java_long(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (!all_digits(s)) return std::nullopt;
  uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  uint64_t v = 0;
  for (char c : s) {
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (v > (limit - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  return negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

// --- BigInteger ---

BigInteger BigInteger::of(int64_t v) {
  BigInteger out;
  out.negative_ = v < 0;
  uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  while (mag) {
    out.magnitude_.push_back(static_cast<uint32_t>(mag));
    mag >>= 32;
  }
  return out;
}

std::optional<BigInteger> BigInteger::parse(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (!all_digits(text)) return std::nullopt;
  BigInteger out;
  // Nine digits at a time: out = out * 10^k + chunk.
  for (size_t i = 0; i < text.size();) {
    size_t n = std::min<size_t>(9, text.size() - i);
    uint64_t chunk = 0, scale = 1;
    for (size_t k = 0; k < n; ++k) chunk = chunk * 10 + static_cast<uint64_t>(text[i + k] - '0');
    for (size_t k = 0; k < n; ++k) scale *= 10;
    uint64_t carry = chunk;
    for (auto& limb : out.magnitude_) {
      uint64_t v = limb * scale + carry;
      limb = static_cast<uint32_t>(v);
      carry = v >> 32;
    }
    if (carry) out.magnitude_.push_back(static_cast<uint32_t>(carry));
    i += n;
  }
  out.trim();
  out.negative_ = negative && !out.is_zero();
  return out;
}

BigInteger BigInteger::from_twos_complement(BytesView bytes) {
  BigInteger out;
  if (bytes.empty()) return out;
  bool negative = static_cast<unsigned char>(bytes[0]) & 0x80;
  // Limbs of the raw bits, then negate (invert and add one) for a negative value.
  std::vector<uint32_t> limbs((bytes.size() + 3) / 4, negative ? 0xffffffffu : 0);
  for (size_t i = 0; i < bytes.size(); ++i) {
    size_t bit = 8 * (bytes.size() - 1 - i);
    uint32_t& limb = limbs[bit / 32];
    limb &= ~(0xffu << (bit % 32));
    limb |= uint32_t{static_cast<unsigned char>(bytes[i])} << (bit % 32);
  }
  if (negative) {
    uint64_t carry = 1;
    for (auto& limb : limbs) {
      uint64_t v = uint64_t{static_cast<uint32_t>(~limb)} + carry;
      limb = static_cast<uint32_t>(v);
      carry = v >> 32;
    }
  }
  out.magnitude_ = std::move(limbs);
  out.trim();
  out.negative_ = negative && !out.is_zero();
  return out;
}

Bytes BigInteger::to_twos_complement() const {
  // Big-endian bytes of the magnitude, negated if needed, with one sign byte of room.
  std::vector<uint8_t> bytes(magnitude_.size() * 4 + 1, 0);
  for (size_t i = 0; i < magnitude_.size(); ++i) {
    for (int k = 0; k < 4; ++k) {
      bytes[bytes.size() - 1 - (4 * i + k)] = static_cast<uint8_t>(magnitude_[i] >> (8 * k));
    }
  }
  if (negative_) {
    unsigned carry = 1;
    for (size_t i = bytes.size(); i-- > 0;) {
      unsigned v = static_cast<uint8_t>(~bytes[i]) + carry;
      bytes[i] = static_cast<uint8_t>(v);
      carry = v >> 8;
    }
  }
  size_t start = 0;
  while (start + 1 < bytes.size() && ((bytes[start] == 0x00 && !(bytes[start + 1] & 0x80)) ||
                                      (bytes[start] == 0xff && (bytes[start + 1] & 0x80)))) {
    ++start;
  }
  return Bytes(reinterpret_cast<const char*>(bytes.data() + start), bytes.size() - start);
}

std::string BigInteger::to_string() const {
  if (is_zero()) return "0";
  std::string digits;
  BigInteger rest = *this;
  rest.negative_ = false;
  while (!rest.is_zero()) {
    uint32_t chunk;
    rest = rest.divided_by(1'000'000'000, &chunk);
    for (int k = 0; k < 9 && (!rest.is_zero() || chunk); ++k) {
      digits.push_back(static_cast<char>('0' + chunk % 10));
      chunk /= 10;
    }
  }
  if (negative_) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::optional<int64_t> BigInteger::to_int64() const {
  if (magnitude_.size() > 2) return std::nullopt;
  uint64_t mag = 0;
  for (size_t i = magnitude_.size(); i-- > 0;) mag = (mag << 32) | magnitude_[i];
  if (negative_) {
    if (mag > uint64_t{1} << 63) return std::nullopt;
    return static_cast<int64_t>(0 - mag);
  }
  if (mag > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return static_cast<int64_t>(mag);
}

int BigInteger::compare_magnitude(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

void BigInteger::trim() {
  while (!magnitude_.empty() && magnitude_.back() == 0) magnitude_.pop_back();
  if (magnitude_.empty()) negative_ = false;
}

int BigInteger::compare(const BigInteger& other) const {
  if (negative_ != other.negative_) return negative_ ? -1 : 1;
  int c = compare_magnitude(magnitude_, other.magnitude_);
  return negative_ ? -c : c;
}

BigInteger BigInteger::negated() const {
  BigInteger out = *this;
  out.negative_ = !negative_ && !is_zero();
  return out;
}

BigInteger BigInteger::operator+(const BigInteger& other) const {
  BigInteger out;
  if (negative_ == other.negative_) {
    out.negative_ = negative_;
    uint64_t carry = 0;
    size_t n = std::max(magnitude_.size(), other.magnitude_.size());
    for (size_t i = 0; i < n; ++i) {
      uint64_t v = carry;
      if (i < magnitude_.size()) v += magnitude_[i];
      if (i < other.magnitude_.size()) v += other.magnitude_[i];
      out.magnitude_.push_back(static_cast<uint32_t>(v));
      carry = v >> 32;
    }
    if (carry) out.magnitude_.push_back(static_cast<uint32_t>(carry));
    out.trim();
    return out;
  }
  // Different signs: the larger magnitude minus the smaller, with the larger's sign.
  int c = compare_magnitude(magnitude_, other.magnitude_);
  if (c == 0) return out;
  const BigInteger& big = c > 0 ? *this : other;
  const BigInteger& small = c > 0 ? other : *this;
  out.negative_ = big.negative_;
  int64_t borrow = 0;
  for (size_t i = 0; i < big.magnitude_.size(); ++i) {
    int64_t v = int64_t{big.magnitude_[i]} - borrow -
                (i < small.magnitude_.size() ? int64_t{small.magnitude_[i]} : 0);
    borrow = v < 0;
    if (v < 0) v += int64_t{1} << 32;
    out.magnitude_.push_back(static_cast<uint32_t>(v));
  }
  out.trim();
  return out;
}

BigInteger BigInteger::operator-(const BigInteger& other) const { return *this + other.negated(); }

BigInteger BigInteger::times_power_of_ten(uint32_t n) const {
  BigInteger out = *this;
  while (n > 0 && !out.is_zero()) {
    uint32_t step = std::min<uint32_t>(n, 9);
    uint64_t factor = 1;
    for (uint32_t k = 0; k < step; ++k) factor *= 10;
    uint64_t carry = 0;
    for (auto& limb : out.magnitude_) {
      uint64_t v = limb * factor + carry;
      limb = static_cast<uint32_t>(v);
      carry = v >> 32;
    }
    if (carry) out.magnitude_.push_back(static_cast<uint32_t>(carry));
    n -= step;
  }
  return out;
}

BigInteger BigInteger::divided_by(uint32_t divisor, uint32_t* remainder) const {
  assert(divisor > 0);
  BigInteger out = *this;
  uint64_t rest = 0;
  for (size_t i = out.magnitude_.size(); i-- > 0;) {
    uint64_t v = (rest << 32) | out.magnitude_[i];
    out.magnitude_[i] = static_cast<uint32_t>(v / divisor);
    rest = v % divisor;
  }
  if (remainder) *remainder = static_cast<uint32_t>(rest);
  out.trim();
  return out;
}

// --- BigDecimal ---

std::optional<BigDecimal> BigDecimal::parse(std::string_view text) {
  std::string digits;
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) digits.push_back(text[i++]);
  int64_t scale = 0;
  size_t count = 0;
  while (i < text.size() && is_digit(text[i])) digits.push_back(text[i++]), ++count;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i])) digits.push_back(text[i++]), ++count, ++scale;
  }
  if (count == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    auto exponent = parse_java_long(text.substr(i + 1));
    if (!exponent) return std::nullopt;
    Int128 s = Int128{scale} - *exponent;
    if (s > std::numeric_limits<int32_t>::max() || s < std::numeric_limits<int32_t>::min()) {
      return std::nullopt;
    }
    scale = static_cast<int64_t>(s);
    i = text.size();
  }
  if (i != text.size()) return std::nullopt;
  if (scale > std::numeric_limits<int32_t>::max()) return std::nullopt;
  BigDecimal out;
  out.unscaled = *BigInteger::parse(digits);
  out.scale = static_cast<int32_t>(scale);
  return out;
}

Result<BigDecimal> BigDecimal::from_bytes(BytesView bytes) {
  if (bytes.size() < 4) {
    return Status::invalid_argument("invalid decimal value: " + std::to_string(bytes.size()) +
                                    " bytes");
  }
  BigDecimal out;
  out.scale = static_cast<int32_t>(load_u32(bytes.data()));
  out.unscaled = BigInteger::from_twos_complement(bytes.substr(4));
  return out;
}

Bytes BigDecimal::to_bytes() const {
  Bytes out;
  put_i32(&out, scale);
  out += unscaled.to_twos_complement();
  return out;
}

Result<BigDecimal> BigDecimal::plus(const BigDecimal& other) const {
  int64_t gap = int64_t{scale} - other.scale;
  if (gap > kMaxScaleGap || gap < -kMaxScaleGap) {
    return Status::invalid_argument("decimal scales " + std::to_string(scale) + " and " +
                                    std::to_string(other.scale) + " are too far apart");
  }
  BigDecimal out;
  out.scale = std::max(scale, other.scale);
  BigInteger a = unscaled.times_power_of_ten(static_cast<uint32_t>(out.scale - scale));
  BigInteger b = other.unscaled.times_power_of_ten(static_cast<uint32_t>(out.scale - other.scale));
  out.unscaled = a + b;
  return out;
}

Result<BigDecimal> BigDecimal::minus(const BigDecimal& other) const {
  return plus(BigDecimal{other.unscaled.negated(), other.scale});
}

BigDecimal BigDecimal::divided_by(uint32_t divisor) const {
  uint32_t remainder;
  BigInteger q = unscaled.divided_by(divisor, &remainder);
  // Half to even on the magnitude: round away from zero above half, or at half when odd.
  uint64_t twice = uint64_t{remainder} * 2;
  uint32_t last_bit;
  q.divided_by(2, &last_bit);
  if (twice > divisor || (twice == divisor && last_bit == 1)) {
    q = q + BigInteger::of(unscaled.is_negative() ? -1 : 1);
  }
  return BigDecimal{q, scale};
}

}  // namespace cairn::cql
