// CQL constants to serialized values (cql/query/constants.h): Cassandra's
// Constants.Literal with each type's fromString, and the number and time parsers
// they need.
#include "cql/query/constants.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "common/coding.h"
#include "model/uuid.h"

namespace cairn::cql {
namespace {

__extension__ typedef __int128 Int128;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}


// The "^-?\d+$" raw-number form the time types accept before their text formats.
bool is_raw_number(std::string_view s) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  return all_digits(s);
}

// Java's Double.parseDouble / Float.parseFloat syntax (without the f/d suffixes).
bool is_java_floating(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s == "NaN" || s == "Infinity") return true;
  size_t i = 0, digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i == s.size()) return false;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  return i == s.size();
}

template <typename F>
std::optional<F> parse_java_floating(std::string_view text) {
  if (!is_java_floating(text)) return std::nullopt;
  std::string s(text);
  if (s.back() == 'N') return std::numeric_limits<F>::quiet_NaN();  // [+-]NaN
  if (s.back() == 'y') {
    return s[0] == '-' ? -std::numeric_limits<F>::infinity() : std::numeric_limits<F>::infinity();
  }
  // Correctly rounded; out of range gives +-inf or 0 as Java does (errno is ignored).
  if constexpr (sizeof(F) == 4) {
    return std::strtof(s.c_str(), nullptr);
  } else {
    return std::strtod(s.c_str(), nullptr);
  }
}

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += extra + 1;
  }
  return true;
}

// --- Calendars ---

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 of a Julian-calendar date: Julian 1582-10-04 is the day before
// Gregorian 1582-10-15.
int64_t days_from_julian(int64_t y, unsigned m, unsigned d) {
  auto raw = [](int64_t yy, unsigned mm, unsigned dd) {
    yy -= mm <= 2;
    const unsigned doy = (153 * (mm > 2 ? mm - 3 : mm + 9) + 2) / 5 + dd - 1;
    return 365 * yy + floor_div(yy, 4) + doy;
  };
  return raw(y, m, d) - raw(1582, 10, 4) + days_from_civil(1582, 10, 15) - 1;
}

bool gregorian_leap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

unsigned days_in_month(int64_t y, unsigned m, bool julian) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = julian ? floor_div(y, 4) * 4 == y : gregorian_leap(y);
  return m == 2 && leap ? 29 : kDays[m - 1];
}

constexpr int64_t kMillisPerDay = 86'400'000;
constexpr int64_t kNanosPerDay = 86'400'000'000'000;

// --- Timestamps (TimestampSerializer) ---

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool at_end() const { return pos_ == s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[pos_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  bool eat(std::string_view word) {
    if (s_.substr(pos_).substr(0, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  // `min`..`max` digits (greedy); nullopt when fewer than `min`.
  std::optional<int64_t> number(size_t min, size_t max) {
    size_t start = pos_;
    int64_t v = 0;
    while (pos_ < s_.size() && pos_ - start < max && is_digit(s_[pos_])) {
      v = v * 10 + (s_[pos_++] - '0');
    }
    if (pos_ - start < min) return std::nullopt;
    return v;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// [+-]hh[[:]mm] as minutes east of UTC, the hours taking `min_hour_digits` or 2 digits.
std::optional<int64_t> signed_offset(Scanner& in, int min_hour_digits) {
  char sign = in.peek();
  if (sign != '+' && sign != '-') return std::nullopt;
  in.eat(sign);
  auto hh = in.number(min_hour_digits, 2);
  if (!hh || *hh > 23) return std::nullopt;
  int64_t mm = 0;
  if (!in.at_end()) {
    in.eat(':');
    auto m = in.number(2, 2);
    if (!m || *m > 59) return std::nullopt;
    mm = *m;
  }
  int64_t minutes = *hh * 60 + mm;
  return sign == '-' ? -minutes : minutes;
}

// Offset in minutes of a zone written directly after the time (SimpleDateFormat's X,
// XX, XXX): Z, +hh, +hhmm, +hh:mm.
std::optional<int64_t> iso_zone(Scanner& in) {
  if (in.eat('Z')) return 0;
  return signed_offset(in, 2);
}

// Offset in minutes of a zone written after a space (SimpleDateFormat's z): UTC, GMT,
// GMT+h[h][:mm], +hhmm (RFC 822), +hh:mm.
std::optional<int64_t> general_zone(Scanner& in) {
  if (in.eat("UTC")) return in.at_end() ? std::optional<int64_t>(0) : std::nullopt;
  bool gmt = in.eat("GMT");
  if (gmt && in.at_end()) return 0;
  return signed_offset(in, gmt ? 1 : 2);
}

std::optional<int64_t> parse_formatted_timestamp(std::string_view text) {
  Scanner in(text);
  // SimpleDateFormat reads each number field greedily, whatever its pattern width.
  auto year = in.number(1, 9);
  if (!year || !in.eat('-')) return std::nullopt;
  auto month = in.number(1, 9);
  if (!month || !in.eat('-')) return std::nullopt;
  auto day = in.number(1, 9);
  if (!day) return std::nullopt;
  int64_t hour = 0, minute = 0, second = 0, millis = 0;
  bool has_time = false;
  if (in.peek() == 'T' || in.peek() == ' ') {  // ' ' may also start a zone
    Scanner probe = in;
    probe.eat(in.peek());
    if (is_digit(probe.peek())) {
      in = probe;
      has_time = true;
    }
  }
  if (has_time) {
    auto h = in.number(1, 9);
    if (!h || !in.eat(':')) return std::nullopt;
    auto mi = in.number(1, 9);
    if (!mi) return std::nullopt;
    hour = *h, minute = *mi;
    if (in.eat(':')) {
      auto s = in.number(1, 9);
      if (!s) return std::nullopt;
      second = *s;
      if (in.eat('.')) {
        auto ms = in.number(1, 9);  // an integer count of milliseconds, not a fraction
        if (!ms) return std::nullopt;
        millis = *ms;
      }
    }
  }
  std::optional<int64_t> offset_minutes = 0;
  if (!in.at_end()) offset_minutes = in.eat(' ') ? general_zone(in) : iso_zone(in);
  if (!offset_minutes || !in.at_end()) return std::nullopt;

  // Strict (non-lenient) GregorianCalendar: every field in range, Julian calendar before
  // the 1582-10-15 cutover, and the ten skipped days do not exist.
  if (*year < 1 || *month < 1 || *month > 12 || *day < 1) return std::nullopt;
  if (hour > 23 || minute > 59 || second > 59 || millis > 999) return std::nullopt;
  unsigned m = static_cast<unsigned>(*month);
  unsigned d = static_cast<unsigned>(std::min<int64_t>(*day, 99));
  int64_t y = *year;
  bool julian = y < 1582 || (y == 1582 && (m < 10 || (m == 10 && d < 15)));
  if (y == 1582 && m == 10 && d > 4 && d < 15) return std::nullopt;
  if (d > days_in_month(y, m, julian)) return std::nullopt;
  int64_t days = julian ? days_from_julian(y, m, d) : days_from_civil(y, m, d);
  Int128 total = Int128{days} * kMillisPerDay + hour * 3'600'000 + minute * 60'000 + second * 1000 +
                 millis - *offset_minutes * 60'000;
  if (total > std::numeric_limits<int64_t>::max() || total < std::numeric_limits<int64_t>::min()) {
    return std::nullopt;
  }
  return static_cast<int64_t>(total);
}

// --- Durations (org.apache.cassandra.cql3.Duration) ---

class DurationBuilder {
 public:
  explicit DurationBuilder(bool negative) : negative_(negative) {}

  // unit: 1 years, 2 months, 3 weeks, 4 days, 5 hours, 6 minutes, 7 seconds,
  // 8 milliseconds, 9 microseconds, 10 nanoseconds.
  Status add(int unit, std::string_view digits) {
    if (unit == unit_) {
      return Status::invalid_argument(std::string("Invalid duration. The ") + unit_name(unit) +
                                      " are specified multiple times");
    }
    if (unit < unit_) {
      return Status::invalid_argument(std::string("Invalid duration. The ") + unit_name(unit_) +
                                      " should be after " + unit_name(unit));
    }
    unit_ = unit;
    static constexpr int64_t kPer[] = {
        0, 12, 1, 7, 1, 3'600'000'000'000, 60'000'000'000, 1'000'000'000, 1'000'000, 1'000, 1};
    auto n = parse_java_long(digits);
    const char* total_name = unit <= 2 ? "months" : unit <= 4 ? "days" : "nanoseconds";
    int64_t current = unit <= 2 ? months_ : unit <= 4 ? days_ : nanos_;
    int64_t max =
        unit <= 4 ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int64_t>::max();
    if (!n || *n > (max - current) / kPer[unit]) {
      return Status::invalid_argument(std::string("Invalid duration. The total number of ") +
                                      total_name + " must be less or equal to 2147483647");
    }
    int64_t added = *n * kPer[unit];
    if (unit <= 2) {
      months_ += added;
    } else if (unit <= 4) {
      days_ += added;
    } else {
      nanos_ += added;
    }
    return Status::ok();
  }

  CqlDuration build() const {
    int64_t sign = negative_ ? -1 : 1;
    return CqlDuration{static_cast<int32_t>(sign * months_), static_cast<int32_t>(sign * days_),
                       sign * nanos_};
  }

 private:
  static const char* unit_name(int unit) {
    static constexpr const char* kNames[] = {
        "",        "years",   "months",       "weeks",        "days",       "hours",
        "minutes", "seconds", "milliseconds", "microseconds", "nanoseconds"};
    return kNames[unit];
  }

  bool negative_;
  int unit_ = 0;
  int64_t months_ = 0, days_ = 0, nanos_ = 0;
};

// The unit of the standard format at the start of `s` and its length; 0 if none.
// Alternatives are tried in the order of Cassandra's regular expression.
int standard_unit(std::string_view s, size_t* length) {
  auto starts = [&](std::string_view unit) {
    if (s.size() < unit.size()) return false;
    for (size_t i = 0; i < unit.size(); ++i) {
      char c = s[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != unit[i]) return false;
    }
    *length = unit.size();
    return true;
  };
  if (starts("y")) return 1;
  if (starts("mo")) return 2;
  if (starts("w")) return 3;
  if (starts("d")) return 4;
  if (starts("h")) return 5;
  if (starts("s")) return 7;
  if (starts("ms")) return 8;
  if (starts("us") || starts("\xc2\xb5s")) return 9;
  if (starts("ns")) return 10;
  if (starts("m")) return 6;
  return 0;
}

Status unable_to_convert(std::string_view source) {
  return Status::invalid_argument("Unable to convert '" + std::string(source) + "' to a duration");
}

// Reads `count` digits exactly.
bool fixed_digits(std::string_view s, size_t* pos, size_t count, std::string_view* out) {
  if (*pos + count > s.size() || !all_digits(s.substr(*pos, count))) return false;
  *out = s.substr(*pos, count);
  *pos += count;
  return true;
}

Result<CqlDuration> parse_iso_duration(bool negative, std::string_view source) {
  DurationBuilder b(negative);
  if (source.back() == 'W') {  // P<n>W
    std::string_view n = source.substr(1, source.size() - 2);
    if (!all_digits(n)) return unable_to_convert(source);
    CAIRN_RETURN_IF_ERROR(b.add(3, n));
    return b.build();
  }
  if (source.find('-') != std::string_view::npos) {  // PYYYY-MM-DDThh:mm:ss
    size_t pos = 1;
    std::string_view parts[6];
    static constexpr size_t kWidth[] = {4, 2, 2, 2, 2, 2};
    static constexpr char kAfter[] = {'-', '-', 'T', ':', ':', '\0'};
    for (int i = 0; i < 6; ++i) {
      if (!fixed_digits(source, &pos, kWidth[i], &parts[i])) return unable_to_convert(source);
      if (kAfter[i] != '\0') {
        if (pos >= source.size() || source[pos] != kAfter[i]) return unable_to_convert(source);
        ++pos;
      }
    }
    if (pos != source.size()) return unable_to_convert(source);
    static constexpr int kUnits[] = {1, 2, 4, 5, 6, 7};
    for (int i = 0; i < 6; ++i) CAIRN_RETURN_IF_ERROR(b.add(kUnits[i], parts[i]));
    return b.build();
  }
  // P[nY][nM][nD][T[nH][nM][nS]]: designators must come in this order, each once.
  struct Part {
    char designator;
    bool time;
    int unit;
  };
  static constexpr Part kParts[] = {{'Y', false, 1}, {'M', false, 2}, {'D', false, 4},
                                    {'H', true, 5},  {'M', true, 6},  {'S', true, 7}};
  size_t pos = 1, next_part = 0;
  bool in_time = false;
  while (pos < source.size()) {
    if (source[pos] == 'T' && !in_time) {
      in_time = true;
      ++pos;
      while (next_part < 6 && !kParts[next_part].time) ++next_part;
      continue;
    }
    size_t start = pos;
    while (pos < source.size() && is_digit(source[pos])) ++pos;
    if (pos == start || pos == source.size()) return unable_to_convert(source);
    char designator = source[pos++];
    while (next_part < 6 &&
           (kParts[next_part].time != in_time || kParts[next_part].designator != designator)) {
      if (kParts[next_part].time != in_time) return unable_to_convert(source);
      ++next_part;
    }
    if (next_part == 6) return unable_to_convert(source);
    CAIRN_RETURN_IF_ERROR(b.add(kParts[next_part].unit, source.substr(start, pos - 1 - start)));
    ++next_part;
  }
  return b.build();
}

// --- Per-type conversions (each type's fromString) ---

Status marshal_error(const char* prefix, std::string_view text, const char* suffix = "'") {
  return Status::invalid_argument(std::string(prefix) + std::string(text) + suffix);
}

template <typename T>
Result<Bytes> java_integer(std::string_view text, const char* java_name, Bytes (*encode)(T)) {
  auto v = parse_java_long(text);
  if (!v || *v < std::numeric_limits<T>::min() || *v > std::numeric_limits<T>::max()) {
    return marshal_error((std::string("Unable to make ") + java_name + " from '").c_str(), text);
  }
  return encode(static_cast<T>(*v));
}

Result<Bytes> timestamp_value(std::string_view text) {
  if (text.empty()) return Bytes();
  CAIRN_ASSIGN_OR_RETURN(int64_t millis, parse_timestamp(text));
  return values::from_timestamp(millis);
}

Result<Bytes> date_value(std::string_view text) {
  if (is_raw_number(text)) {
    // The raw unsigned form (epoch at 2^31), stored as is.
    auto raw = parse_java_long(text);
    if (!raw || *raw < 0 || *raw > 0xffffffffll) {
      return marshal_error("Unable to make unsigned int (for date) from: '", text);
    }
    Bytes out;
    put_u32(&out, static_cast<uint32_t>(*raw));
    return out;
  }
  CAIRN_ASSIGN_OR_RETURN(int32_t days, parse_date(text));
  return values::from_date(days);
}

Result<Bytes> time_value(std::string_view text) {
  if (is_raw_number(text)) {
    auto raw = parse_java_long(text);
    if (!raw || *raw < 0 || *raw >= kNanosPerDay) {
      return marshal_error("Unable to make long (for time) from: '", text);
    }
    return values::from_time(*raw);
  }
  CAIRN_ASSIGN_OR_RETURN(int64_t nanos, parse_time(text));
  return values::from_time(nanos);
}

Result<Bytes> inet_value(std::string_view text) {
  if (text.empty()) return Bytes();
  std::string s(text);
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  unsigned char buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) {
    return values::from_inet(BytesView(reinterpret_cast<const char*>(buf), 4));
  }
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    // Java's InetAddress turns an IPv4-mapped IPv6 address into the IPv4 address.
    static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(buf, kMapped, 12) == 0) {
      return values::from_inet(BytesView(reinterpret_cast<const char*>(buf + 12), 4));
    }
    return values::from_inet(BytesView(reinterpret_cast<const char*>(buf), 16));
  }
  return marshal_error("Unable to make inet address from '", text);
}

Result<Bytes> hex_value(std::string_view text) {
  std::string_view digits = text.substr(std::min<size_t>(2, text.size()));
  auto nibble = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Bytes out;
  bool ok = text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') &&
            digits.size() % 2 == 0;
  for (size_t i = 0; ok && i < digits.size(); i += 2) {
    int hi = nibble(digits[i]), lo = nibble(digits[i + 1]);
    ok = hi >= 0 && lo >= 0;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  if (!ok) return marshal_error("cannot parse '", digits, "' as hex bytes");
  return out;
}

Result<Bytes> uuid_value(std::string_view text, bool time_based) {
  auto uuid = Uuid::parse(text);
  if (!uuid.is_ok()) {
    return time_based ? marshal_error("Unknown timeuuid representation: ", text, "")
                      : marshal_error("Unable to make UUID from '", text);
  }
  if (time_based && uuid->version() != 1) {
    return Status::invalid_argument("TimeUUID supports only version 1 UUIDs");
  }
  return uuid->to_bytes();
}

// The value of a constant already known to fit `type` (testAssignment passed).
Result<Bytes> parse_for_type(const CqlType& type, Term::ConstantKind kind, std::string_view text) {
  if (kind == Term::ConstantKind::kHex) {
    CAIRN_ASSIGN_OR_RETURN(Bytes bytes, hex_value(text));
    if (type.kind() == TypeKind::kTinyint && bytes.size() > 1) {
      return Status::invalid_argument("Expected 1 byte for a tinyint (" +
                                      std::to_string(bytes.size()) + ")");
    }
    return bytes;
  }
  switch (type.kind()) {
    case TypeKind::kAscii:
      for (char c : text) {
        if (static_cast<unsigned char>(c) > 0x7f) {
          return Status::invalid_argument("Invalid ASCII character in string literal");
        }
      }
      return values::from_ascii(text);
    case TypeKind::kText:
      if (!valid_utf8(text)) return Status::invalid_argument("String didn't validate.");
      return values::from_text(text);
    case TypeKind::kBoolean:
      if (text.size() == 4 && strncasecmp(text.data(), "true", 4) == 0) {
        return values::from_boolean(true);
      }
      if (text.size() == 5 && strncasecmp(text.data(), "false", 5) == 0) {
        return values::from_boolean(false);
      }
      return marshal_error("Unable to make boolean from '", text);
    case TypeKind::kTinyint: return java_integer<int8_t>(text, "byte", values::from_tinyint);
    case TypeKind::kSmallint: return java_integer<int16_t>(text, "short", values::from_smallint);
    case TypeKind::kInt: return java_integer<int32_t>(text, "int", values::from_int);
    case TypeKind::kBigint: return java_integer<int64_t>(text, "long", values::from_bigint);
    case TypeKind::kVarint: {
      auto v = BigInteger::parse(text);
      if (!v) return marshal_error("unable to make int from '", text);
      return v->to_twos_complement();
    }
    case TypeKind::kDecimal: {
      auto v = BigDecimal::parse(text);
      if (!v) return marshal_error("unable to make BigDecimal from '", text);
      return v->to_bytes();
    }
    case TypeKind::kFloat: {
      auto v = parse_java_floating<float>(text);
      if (!v) return marshal_error("Unable to make float from '", text);
      return values::from_float(*v);
    }
    case TypeKind::kDouble: {
      auto v = parse_java_floating<double>(text);
      if (!v) return marshal_error("Unable to make double from '", text);
      return values::from_double(*v);
    }
    case TypeKind::kTimestamp: return timestamp_value(text);
    case TypeKind::kDate: return date_value(text);
    case TypeKind::kTime: return time_value(text);
    case TypeKind::kInet: return inet_value(text);
    case TypeKind::kUuid: return uuid_value(text, false);
    case TypeKind::kTimeuuid: return uuid_value(text, true);
    case TypeKind::kDuration: {
      CAIRN_ASSIGN_OR_RETURN(CqlDuration d, parse_duration(text));
      return values::from_duration(d.months, d.days, d.nanos);
    }
    default: break;
  }
  return Status::invalid_argument("no constant for type " + type.cql_name());
}

// The constant's type when it is used without a receiver (Constants.Type.getPreferedTypeFor).
std::optional<TypeKind> preferred_kind(Term::ConstantKind kind, std::string_view text) {
  switch (kind) {
    case Term::ConstantKind::kString:
      return std::all_of(text.begin(), text.end(),
                         [](char c) { return static_cast<unsigned char>(c) < 0x80; })
                 ? TypeKind::kAscii
                 : TypeKind::kText;
    case Term::ConstantKind::kInteger: {
      auto v = parse_java_long(text);
      if (!v) return TypeKind::kVarint;
      return *v == static_cast<int32_t>(*v) ? TypeKind::kInt : TypeKind::kBigint;
    }
    case Term::ConstantKind::kUuid: {
      auto u = Uuid::parse(text);
      return u.is_ok() && u->version() == 1 ? TypeKind::kTimeuuid : TypeKind::kUuid;
    }
    case Term::ConstantKind::kFloat: {
      if (text == "NaN" || text == "-NaN" || text == "Infinity" || text == "-Infinity") {
        return TypeKind::kDouble;
      }
      // Double when the text's value is the double's shortest decimal form's value.
      auto exact = BigDecimal::parse(text);
      auto d = parse_java_floating<double>(text);
      if (!exact || !d || !std::isfinite(*d)) return TypeKind::kDecimal;
      char buf[40];
      for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*e", precision - 1, *d);
        if (std::strtod(buf, nullptr) == *d) break;
      }
      auto shortest = BigDecimal::parse(buf);
      if (!shortest) return TypeKind::kDecimal;
      auto difference = exact->minus(*shortest);
      return difference.is_ok() && difference->unscaled.is_zero() ? TypeKind::kDouble
                                                                  : TypeKind::kDecimal;
    }
    case Term::ConstantKind::kBoolean: return TypeKind::kBoolean;
    case Term::ConstantKind::kHex: return TypeKind::kTinyint;  // sic: Cassandra's ByteType
    case Term::ConstantKind::kDuration: return TypeKind::kDuration;
  }
  return std::nullopt;
}

bool weakly_assignable(Term::ConstantKind kind, TypeKind type) {
  using K = TypeKind;
  switch (kind) {
    case Term::ConstantKind::kString:
      return type == K::kAscii || type == K::kText || type == K::kInet || type == K::kDate ||
             type == K::kTime || type == K::kTimestamp;
    case Term::ConstantKind::kInteger:
      return type == K::kBigint || type == K::kDate || type == K::kDecimal || type == K::kDouble ||
             type == K::kDuration || type == K::kFloat || type == K::kInt || type == K::kSmallint ||
             type == K::kTime || type == K::kTimestamp || type == K::kTinyint || type == K::kVarint;
    case Term::ConstantKind::kUuid: return type == K::kUuid || type == K::kTimeuuid;
    case Term::ConstantKind::kFloat:
      return type == K::kDecimal || type == K::kDouble || type == K::kFloat;
    case Term::ConstantKind::kBoolean: return type == K::kBoolean;
    case Term::ConstantKind::kHex: return type == K::kBlob;
    case Term::ConstantKind::kDuration: return type == K::kDuration;
  }
  return false;
}

}  // namespace

// --- Public API ---

const char* constant_kind_name(Term::ConstantKind kind) {
  switch (kind) {
    case Term::ConstantKind::kString: return "STRING";
    case Term::ConstantKind::kInteger: return "INTEGER";
    case Term::ConstantKind::kFloat: return "FLOAT";
    case Term::ConstantKind::kBoolean: return "BOOLEAN";
    case Term::ConstantKind::kUuid: return "UUID";
    case Term::ConstantKind::kHex: return "HEX";
    case Term::ConstantKind::kDuration: return "DURATION";
  }
  return "?";
}

AssignmentTest test_constant_assignment(const CqlType& type, Term::ConstantKind kind,
                                        std::string_view text) {
  if (type.is_collection() || type.kind() == TypeKind::kTuple)
    return AssignmentTest::kNotAssignable;
  if (preferred_kind(kind, text) == type.kind()) return AssignmentTest::kExactMatch;
  return weakly_assignable(kind, type.kind()) ? AssignmentTest::kWeaklyAssignable
                                              : AssignmentTest::kNotAssignable;
}

Result<Bytes> constant_value(const CqlType& type, Term::ConstantKind kind, std::string_view text,
                             std::string_view receiver_name) {
  if (test_constant_assignment(type, kind, text) == AssignmentTest::kNotAssignable) {
    std::string msg = std::string("Invalid ") + constant_kind_name(kind) + " constant (" +
                      std::string(text) + ") for ";
    if (!receiver_name.empty()) msg += "\"" + std::string(receiver_name) + "\" of ";
    return Status::invalid_argument(msg + "type " + type.cql_name());
  }
  return parse_for_type(type, kind, text);
}

Result<int64_t> parse_timestamp(std::string_view text) {
  if (is_raw_number(text)) {
    auto v = parse_java_long(text);
    if (!v) return marshal_error("Unable to make long (for date) from: '", text);
    return *v;
  }
  auto millis = parse_formatted_timestamp(text);
  if (!millis) return marshal_error("Unable to coerce '", text, "' to a formatted date (long)");
  return *millis;
}

Result<int32_t> parse_date(std::string_view text) {
  auto bad = [&] {
    return marshal_error("Unable to coerce '", text, "' to a formatted date (long)");
  };
  // ISO_LOCAL_DATE, strict: a 4-digit year, or a sign and 4 to 10 digits ('+' only when
  // more than 4), then -MM-dd with two digits each.
  size_t pos = 0;
  char sign = text.empty() ? '\0' : text[0];
  if (sign == '+' || sign == '-') ++pos;
  size_t year_start = pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  size_t year_digits = pos - year_start;
  if (year_digits < 4 || year_digits > 10) return bad();
  if (year_digits > 4 && sign != '+' && sign != '-') return bad();
  if (year_digits == 4 && sign == '+') return bad();
  if (text.size() != pos + 6 || text[pos] != '-' || text[pos + 3] != '-') return bad();
  std::string_view mm = text.substr(pos + 1, 2), dd = text.substr(pos + 4, 2);
  if (!all_digits(mm) || !all_digits(dd)) return bad();
  int64_t year = *parse_java_long(text.substr(year_start, year_digits));
  if (sign == '-') year = -year;
  unsigned month = static_cast<unsigned>((mm[0] - '0') * 10 + (mm[1] - '0'));
  unsigned day = static_cast<unsigned>((dd[0] - '0') * 10 + (dd[1] - '0'));
  if (year > 999'999'999 || year < -999'999'999 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month, false)) {
    return bad();
  }
  int64_t days = days_from_civil(year, month, day);
  if (days < std::numeric_limits<int32_t>::min()) {
    return marshal_error("Input date ", text,
                         " is less than min supported date -5877641-06-23T00:00Z");
  }
  if (days > std::numeric_limits<int32_t>::max()) {
    return marshal_error("Input date ", text,
                         " is greater than max supported date 5881580-07-11T00:00Z");
  }
  return static_cast<int32_t>(days);
}

Result<int64_t> parse_time(std::string_view text) {
  auto bad = [&] {
    return marshal_error("(TimeType) Unable to coerce '", text, "' to a formatted time (long)");
  };
  // TimeSerializer.parseTimeStrictly: hh:mm:ss[.fffffffff] after trimming, each of
  // hh, mm, ss read by Integer.parseInt.
  std::string_view s = text;
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  size_t first = s.find(':');
  if (first == std::string_view::npos || first == 0) return bad();
  size_t second = s.find(':', first + 1);
  if (second == std::string_view::npos || second + 1 >= s.size()) return bad();
  auto field = [&](std::string_view f, int64_t max) -> std::optional<int64_t> {
    auto v = parse_java_long(f);
    if (!v || *v < 0 || *v > max) return std::nullopt;
    return v;
  };
  auto hour = field(s.substr(0, first), 23);
  auto minute = field(s.substr(first + 1, second - first - 1), 59);
  if (!hour || !minute) return bad();
  size_t period = s.find('.', second + 1);
  int64_t nanos = 0;
  std::optional<int64_t> sec;
  if (period != std::string_view::npos) {
    if (period + 1 >= s.size()) return bad();
    sec = field(s.substr(second + 1, period - second - 1), 59);
    std::string_view fraction = s.substr(period + 1);
    if (fraction.size() > 9 || !all_digits(fraction)) return bad();
    nanos = *parse_java_long(fraction);
    for (size_t i = fraction.size(); i < 9; ++i) nanos *= 10;
  } else {
    sec = field(s.substr(second + 1), 59);
  }
  if (!sec) return bad();
  return *hour * 3'600'000'000'000 + *minute * 60'000'000'000 + *sec * 1'000'000'000 + nanos;
}

Result<CqlDuration> parse_duration(std::string_view text) {
  bool negative = !text.empty() && text[0] == '-';
  std::string_view source = negative ? text.substr(1) : text;
  if (!source.empty() && source[0] == 'P') return parse_iso_duration(negative, source);
  DurationBuilder b(negative);
  size_t pos = 0;
  if (source.empty()) return unable_to_convert(source);
  while (pos < source.size()) {
    size_t start = pos;
    while (pos < source.size() && is_digit(source[pos])) ++pos;
    size_t length = 0;
    int unit = pos > start ? standard_unit(source.substr(pos), &length) : 0;
    if (unit == 0) return unable_to_convert(source);
    CAIRN_RETURN_IF_ERROR(b.add(unit, source.substr(start, pos - start)));
    pos += length;
  }
  return b.build();
}

}  // namespace cairn::cql
