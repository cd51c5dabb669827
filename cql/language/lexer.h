// The tokens of CQL, as Cassandra's Lexer.g cuts them.
//
// Unquoted identifiers and keywords are one token type with a lower-cased text (CQL
// keywords are case-insensitive and the parser decides which words are keywords where);
// "quoted" names keep their case. Constants carry their value's text: strings
// unescaped ('' -> ', $$...$$ verbatim), booleans lower-cased, NaN/Infinity spelled
// that way, everything else as written. A '-' directly before a digit (or before NaN,
// Infinity, or an ISO duration) belongs to the number, as in Cassandra, so `c-1` lexes
// as `c`, `-1`; the parser copes with that.
//
// Positions are Cassandra's: lines count from 1, columns from 0 (in bytes), so error
// messages read `line 1:14 ...` the way drivers and operators know them.
//
// Thread safety: tokenize() is a pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace cairn::cql {

enum class TokenType : uint8_t {
  kIdentifier,    // unquoted word (keywords too); text lower-cased
  kQuotedName,    // "Name"; text unescaped ("" -> "), case kept
  kString,        // 'it''s' or $$it's$$; text unescaped
  kInteger,       // -?[0-9]+
  kFloat,         // 1.5, 1e3, -2.5E-3, NaN, Infinity, -Infinity
  kBoolean,       // true / false; text lower-cased
  kUuid,          // 8-4-4-4-12 hex digits
  kHex,           // 0x...; text keeps the prefix (lower-cased 0x)
  kDuration,      // 1h30m, 12mo, -3d, P1Y2M, PT2H, P3W, P0001-02-03T04:05:06
  kQuestionMark,  // ?
  kPunctuation,   // ( ) [ ] { } , ; . : = < <= > >= != + - * += -=; text is the symbol
  kEnd,           // after the last token; text is empty
};

struct Token {
  TokenType type = TokenType::kEnd;
  std::string text;
  uint32_t line = 1;    // from 1
  uint32_t column = 0;  // from 0, in bytes
  size_t offset = 0;    // of the token's first byte in the statement text
  size_t length = 0;    // bytes of source the token spans

  bool is_punct(std::string_view p) const { return type == TokenType::kPunctuation && text == p; }
  // An unquoted word equal to `keyword` (given in lower case).
  bool is_word(std::string_view keyword) const {
    return type == TokenType::kIdentifier && text == keyword;
  }
};

// Every token of `text`, ending with one kEnd token. Comments (--, //, /* */) and
// whitespace are dropped. InvalidArgument, in Cassandra's words and with line:column,
// for an unterminated string, quoted name or comment, an empty quoted name, or a
// character no token starts with. Time and memory are linear in the input.
Result<std::vector<Token>> tokenize(std::string_view text);

}  // namespace cairn::cql
