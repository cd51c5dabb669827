// tokenize(): one pass over the text, each token decided by its first bytes the way
// Cassandra's Lexer.g decides it (UUIDs before numbers and words, durations before
// integers, ISO durations before identifiers).
#include "cql/language/lexer.h"

#include <cstdio>

namespace cairn::cql {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_word_char(char c) { return is_letter(c) || is_digit(c) || c == '_'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignore_case(std::string_view a, std::string_view lower_b) {
  if (a.size() != lower_b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower_b[i]) return false;
  }
  return true;
}

// How a character is shown in an error: printable ASCII as is, anything else escaped.
std::string show_char(char c) {
  if (c >= 0x20 && c < 0x7f) return std::string(1, c);
  char buf[8];
  std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
  return buf;
}

// Digits then one letter of the pattern, repeated: "P1Y2M3D" against "ymd" in order,
// each part optional. Returns how many parts matched, or -1 when `s` does not fit.
int match_designators(std::string_view s, std::string_view letters) {
  size_t pos = 0;
  int parts = 0;
  size_t next_letter = 0;
  while (pos < s.size()) {
    size_t digits = pos;
    while (digits < s.size() && is_digit(s[digits])) ++digits;
    if (digits == pos || digits == s.size()) return -1;
    const size_t found = letters.find(lower(s[digits]), next_letter);
    if (found == std::string_view::npos) return -1;
    next_letter = found + 1;
    ++parts;
    pos = digits + 1;
  }
  return parts;
}

// ISO 8601 "format with designators": P[nY][nM][nD][T[nH][nM][nS]] with at least one
// part, or PnW. `word` is a whole word starting with P.
bool is_iso_designator_duration(std::string_view word) {
  if (word.size() < 3 || lower(word[0]) != 'p') return false;
  std::string_view rest = word.substr(1);
  if (lower(rest.back()) == 'w') return match_designators(rest, "w") == 1;
  std::string_view date = rest;
  std::string_view time;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (lower(rest[i]) == 't') {
      date = rest.substr(0, i);
      time = rest.substr(i + 1);
      if (time.empty()) return false;
      break;
    }
  }
  const int date_parts = date.empty() ? 0 : match_designators(date, "ymd");
  const int time_parts = time.empty() ? 0 : match_designators(time, "hms");
  return date_parts >= 0 && time_parts >= 0 && date_parts + time_parts > 0;
}

// ISO 8601 "alternative format": PYYYY-MM-DDThh:mm:ss (20 bytes).
bool is_iso_alternative_duration(std::string_view s) {
  static constexpr std::string_view kShape = "P0000-00-00T00:00:00";
  if (s.size() < kShape.size()) return false;
  for (size_t i = 0; i < kShape.size(); ++i) {
    const char want = kShape[i];
    if (want == '0' ? !is_digit(s[i]) : lower(s[i]) != lower(want)) return false;
  }
  return s.size() == kShape.size() || !is_word_char(s[kShape.size()]);
}

// The length of an 8-4-4-4-12 UUID at the start of `s`, or 0.
size_t uuid_length(std::string_view s) {
  static constexpr std::string_view kShape = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
  if (s.size() < kShape.size()) return 0;
  for (size_t i = 0; i < kShape.size(); ++i) {
    if (kShape[i] == '-' ? s[i] != '-' : !is_hex(s[i])) return 0;
  }
  if (s.size() > kShape.size() && is_word_char(s[kShape.size()])) return 0;
  return kShape.size();
}

// A duration unit at the start of `s` (y, mo, w, d, h, m, s, ms, us, µs, ns, any case):
// its length, or 0.
size_t duration_unit_length(std::string_view s) {
  if (s.empty()) return 0;
  const char a = lower(s[0]);
  const char b = s.size() > 1 ? lower(s[1]) : '\0';
  if ((a == 'm' && (b == 'o' || b == 's')) || ((a == 'u' || a == 'n') && b == 's')) return 2;
  if (s.size() > 2 && s[0] == '\xc2' && s[1] == '\xb5' && lower(s[2]) == 's') return 3;  // µs
  if (a == 'y' || a == 'w' || a == 'd' || a == 'h' || a == 'm' || a == 's') return 1;
  return 0;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> run() {
    std::vector<Token> tokens;
    while (true) {
      CAIRN_RETURN_IF_ERROR(skip_space_and_comments());
      Token token;
      token.line = line_;
      token.column = column_;
      token.offset = pos_;
      if (pos_ == text_.size()) {
        tokens.push_back(std::move(token));
        return tokens;
      }
      CAIRN_RETURN_IF_ERROR(lex_one(&token));
      token.length = pos_ - token.offset;
      tokens.push_back(std::move(token));
    }
  }

 private:
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool at_end(size_t ahead = 0) const { return pos_ + ahead >= text_.size(); }
  std::string_view rest() const { return text_.substr(pos_); }

  // Moves to `end`, counting lines and columns on the way.
  void advance_to(size_t end) {
    for (; pos_ < end; ++pos_) {
      if (text_[pos_] == '\n') {
        ++line_;
        column_ = 0;
      } else {
        ++column_;
      }
    }
  }
  void advance(size_t n) { advance_to(pos_ + n); }

  Status error_here(const std::string& message) const {
    return Status::invalid_argument("line " + std::to_string(line_) + ":" +
                                    std::to_string(column_) + " " + message);
  }
  // At the end of the text, for what began at `start_line`:`start_column`.
  Status unterminated(const std::string& expecting, uint32_t start_line, uint32_t start_column,
                      const char* what) const {
    return error_here("mismatched character '<EOF>' expecting " + expecting + " (" + what +
                      " opened at line " + std::to_string(start_line) + ":" +
                      std::to_string(start_column) + " is not closed)");
  }

  Status skip_space_and_comments() {
    while (!at_end()) {
      const char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        advance(1);
      } else if ((c == '-' && peek(1) == '-') || (c == '/' && peek(1) == '/')) {
        const size_t eol = text_.find('\n', pos_);
        advance_to(eol == std::string_view::npos ? text_.size() : eol);
      } else if (c == '/' && peek(1) == '*') {
        const size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) {
          const uint32_t line = line_;
          const uint32_t column = column_;
          advance_to(text_.size());
          return unterminated("'*/'", line, column, "the comment");
        }
        advance_to(close + 2);
      } else {
        break;
      }
    }
    return Status::ok();
  }

  Status lex_one(Token* token) {
    const char c = peek();
    if (c == '\'') return lex_quoted('\'', TokenType::kString, token);
    if (c == '"') return lex_quoted('"', TokenType::kQuotedName, token);
    if (c == '$' && peek(1) == '$') return lex_dollar_string(token);
    if (c == '-') return lex_minus(token);
    if (is_hex(c)) {
      if (size_t n = uuid_length(rest()); n > 0) return take(TokenType::kUuid, n, token);
    }
    if (is_digit(c)) return lex_number(token);
    if (is_letter(c)) return lex_word(token);
    return lex_punctuation(token);
  }

  Status take(TokenType type, size_t n, Token* token) {
    token->type = type;
    token->text.assign(text_.substr(pos_, n));
    advance(n);
    return Status::ok();
  }

  // 'text' / "name": a doubled delimiter stands for one.
  Status lex_quoted(char quote, TokenType type, Token* token) {
    token->type = type;
    size_t p = pos_ + 1;
    while (true) {
      const size_t close = text_.find(quote, p);
      if (close == std::string_view::npos) {
        token->text.clear();
        advance_to(text_.size());
        return unterminated(std::string("'") + quote + "'", token->line, token->column,
                            type == TokenType::kString ? "the string" : "the quoted name");
      }
      token->text.append(text_.substr(p, close - p));
      if (close + 1 < text_.size() && text_[close + 1] == quote) {
        token->text.push_back(quote);
        p = close + 2;
        continue;
      }
      if (type == TokenType::kQuotedName && close == pos_ + 1) {
        return error_here("no viable alternative at character '\"' (an empty quoted name)");
      }
      advance_to(close + 1);
      return Status::ok();
    }
  }

  // $$text$$: verbatim up to the first $$.
  Status lex_dollar_string(Token* token) {
    const size_t close = text_.find("$$", pos_ + 2);
    if (close == std::string_view::npos) {
      advance_to(text_.size());
      return unterminated("'$$'", token->line, token->column, "the string");
    }
    token->type = TokenType::kString;
    token->text.assign(text_.substr(pos_ + 2, close - pos_ - 2));
    advance_to(close + 2);
    return Status::ok();
  }

  // A negative number, duration, -NaN / -Infinity, '-=' or a lone '-'.
  Status lex_minus(Token* token) {
    const char next = peek(1);
    if (is_digit(next)) return lex_number(token);
    if (lower(next) == 'p') {
      const std::string_view after = rest().substr(1);
      if (is_iso_alternative_duration(after)) return take(TokenType::kDuration, 21, token);
      const size_t word = word_length(1);
      if (is_iso_designator_duration(after.substr(0, word))) {
        return take(TokenType::kDuration, word + 1, token);
      }
    }
    if (is_letter(next)) {
      const size_t word = word_length(1);
      const std::string_view w = rest().substr(1, word);
      if (equals_ignore_case(w, "nan") || equals_ignore_case(w, "infinity")) {
        token->type = TokenType::kFloat;
        token->text = equals_ignore_case(w, "nan") ? "-NaN" : "-Infinity";
        advance(word + 1);
        return Status::ok();
      }
    }
    if (next == '=') return take(TokenType::kPunctuation, 2, token);
    return take(TokenType::kPunctuation, 1, token);
  }

  // Bytes of [A-Za-z0-9_]* from pos_ + from.
  size_t word_length(size_t from) const {
    size_t n = 0;
    while (!at_end(from + n) && is_word_char(peek(from + n))) ++n;
    return n;
  }
  size_t digits_at(size_t from) const {
    size_t n = 0;
    while (!at_end(from + n) && is_digit(peek(from + n))) ++n;
    return n;
  }

  // At a digit, or '-' then a digit.
  Status lex_number(Token* token) {
    const size_t sign = peek() == '-' ? 1 : 0;
    size_t n = sign + digits_at(sign);
    if (sign == 0 && peek() == '0' && lower(peek(1)) == 'x') {
      size_t end = 2;
      while (!at_end(end) && is_hex(peek(end))) ++end;
      Status s = take(TokenType::kHex, end, token);
      token->text[1] = 'x';
      return s;
    }
    // A duration: (digits unit)+, e.g. 1h30m, 12mo, 3µs.
    if (size_t unit = duration_unit_length(rest().substr(n)); unit > 0) {
      size_t end = n + unit;
      while (true) {
        const size_t digits = digits_at(end);
        if (digits == 0) break;
        const size_t next_unit = duration_unit_length(rest().substr(end + digits));
        if (next_unit == 0) break;
        end += digits + next_unit;
      }
      return take(TokenType::kDuration, end, token);
    }
    bool is_float = false;
    if (peek(n) == '.') {
      is_float = true;
      n += 1 + digits_at(n + 1);
    }
    if (lower(peek(n)) == 'e') {
      const size_t sign_len = (peek(n + 1) == '+' || peek(n + 1) == '-') ? 1 : 0;
      const size_t exp_digits = digits_at(n + 1 + sign_len);
      if (exp_digits > 0) {
        is_float = true;
        n += 1 + sign_len + exp_digits;
      }
    }
    return take(is_float ? TokenType::kFloat : TokenType::kInteger, n, token);
  }

  Status lex_word(Token* token) {
    if (lower(peek()) == 'p' && is_iso_alternative_duration(rest())) {
      return take(TokenType::kDuration, 20, token);
    }
    const size_t n = word_length(0);
    const std::string_view word = rest().substr(0, n);
    if (is_iso_designator_duration(word)) return take(TokenType::kDuration, n, token);
    token->type = TokenType::kIdentifier;
    token->text.resize(n);
    for (size_t i = 0; i < n; ++i) token->text[i] = lower(word[i]);
    if (token->text == "true" || token->text == "false") {
      token->type = TokenType::kBoolean;
    } else if (token->text == "nan" || token->text == "infinity") {
      token->type = TokenType::kFloat;
      token->text = token->text == "nan" ? "NaN" : "Infinity";
    }
    advance(n);
    return Status::ok();
  }

  Status lex_punctuation(Token* token) {
    const char c = peek();
    const char next = peek(1);
    if ((c == '<' || c == '>' || c == '!' || c == '+') && next == '=') {
      return take(TokenType::kPunctuation, 2, token);
    }
    if (c == '?') return take(TokenType::kQuestionMark, 1, token);
    static constexpr std::string_view kSingles = "()[]{},;.:=<>+*";
    if (kSingles.find(c) != std::string_view::npos) return take(TokenType::kPunctuation, 1, token);
    return error_here("no viable alternative at character '" + show_char(c) + "'");
  }

  std::string_view text_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t column_ = 0;
};

}  // namespace

Result<std::vector<Token>> tokenize(std::string_view text) { return Lexer(text).run(); }

}  // namespace cairn::cql
