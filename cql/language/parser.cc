// The core of the CQL parser (parser_internal.h describes it): the keyword table,
// error messages, tokens, names, terms, the statement dispatch, and parse_statement()
// and parse_statements() of parser.h. parser_schema.cc and parser_data.cc hold the
// rules of the statements themselves.
#include "cql/language/parser.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

#include "cql/language/lexer.h"
#include "cql/language/parser_internal.h"

namespace cairn::cql {
namespace parser_internal {
namespace {

// Cassandra's reserved keywords (ReservedKeywords.java and the words its grammar never
// takes as a name), less `token` and `set`, which Cairn also accepts as names.
constexpr std::string_view kReserved[] = {
    "add",      "allow",  "alter",        "and",          "apply",  "asc",         "authorize",
    "batch",    "begin",  "by",           "columnfamily", "create", "delete",      "desc",
    "describe", "drop",   "entries",      "execute",      "from",   "full",        "grant",
    "if",       "in",     "index",        "infinity",     "insert", "into",        "is",
    "keyspace", "limit",  "materialized", "modify",       "nan",    "norecursive", "not",
    "null",     "of",     "on",           "or",           "order",  "primary",     "rename",
    "revoke",   "schema", "select",       "table",        "to",     "truncate",    "unlogged",
    "update",   "use",    "using",        "view",         "where",  "with",
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

constexpr size_t kSnippetTokensBefore = 10;
constexpr size_t kSnippetTokensAfter = 2;
constexpr size_t kMaxShownTokenBytes = 48;

}  // namespace

bool is_reserved(std::string_view word) {
  return std::find(std::begin(kReserved), std::end(kReserved), word) != std::end(kReserved);
}

// Text from the statement as an error message shows it: at most kMaxShownTokenBytes,
// on one line, and valid UTF-8 (drivers decode the message), other bytes as '?'.
std::string display(std::string_view raw) {
  const std::string_view text = raw.substr(0, kMaxShownTokenBytes);
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += (c < 0x20 || c == 0x7f) ? ' ' : static_cast<char>(c);
      ++i;
      continue;
    }
    // The length a lead byte announces, and the range of its first continuation byte
    // (narrower after E0, ED, F0, F4: no overlong forms, surrogates or code points
    // past U+10FFFF).
    const size_t n = c >= 0xc2 && c <= 0xdf   ? 2
                     : c >= 0xe0 && c <= 0xef ? 3
                     : c >= 0xf0 && c <= 0xf4 ? 4
                                              : 0;
    const unsigned char low = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
    const unsigned char high = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
    bool valid = n > 0 && i + n <= text.size();
    for (size_t k = 1; valid && k < n; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      valid = k == 1 ? (b >= low && b <= high) : (b & 0xc0) == 0x80;
    }
    if (valid) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out += '?';
      ++i;
    }
  }
  if (raw.size() > kMaxShownTokenBytes) out += "...";
  return out;
}

// --- Tokens ---

Status Parser::expect_word(std::string_view keyword) {
  return accept_word(keyword) ? Status::ok() : mismatched("K_" + upper(keyword));
}

Status Parser::expect_punct(std::string_view p) {
  return accept_punct(p) ? Status::ok() : mismatched("'" + std::string(p) + "'");
}

// --- Errors ---

// The source of token `i` as an error shows it.
std::string Parser::shown(size_t i) const {
  const Token& t = tokens_[i];
  if (t.type == TokenType::kEnd) return "<EOF>";
  return display(text_.substr(t.offset, t.length));
}

// Cassandra's query snippet: up to ten tokens before the offending one and two after,
// the offending one in brackets, "..." where the statement goes on.
std::string Parser::snippet(size_t index) const {
  const size_t end = tokens_.size() - 1;  // the kEnd token
  if (end == 0) return "";
  const size_t from = index > kSnippetTokensBefore ? index - kSnippetTokensBefore : 0;
  const size_t to = std::min(index + kSnippetTokensAfter, end - 1);
  std::string out = " (";
  if (from > 0) out += "...";
  for (size_t i = from; i <= to; ++i) {
    if (i > from && tokens_[i].offset > tokens_[i - 1].offset + tokens_[i - 1].length) {
      out += ' ';
    }
    out += i == index ? "[" + shown(i) + "]" : shown(i);
  }
  if (to + 1 < end) out += "...";
  return out + ")";
}

Status Parser::error_at(size_t index, const std::string& message) const {
  const Token& t = tokens_[index];
  return Status::invalid_argument("line " + std::to_string(t.line) + ":" +
                                  std::to_string(t.column) + " " + message + snippet(index));
}

Status Parser::error_here(const std::string& message) const { return error_at(pos_, message); }

Status Parser::mismatched(const std::string& expecting) const {
  return error_here("mismatched input '" + shown(pos_) + "' expecting " + expecting);
}

Status Parser::no_viable() const {
  return error_here("no viable alternative at input '" + shown(pos_) + "'");
}

Status Parser::too_deep() const {
  return error_here("statement nested more than " + std::to_string(kMaxNesting) + " levels deep");
}

Status Parser::unsupported(const std::string& what) const {
  return error_here(what + " are not supported");
}

// A statement that parses but that CQL refuses: NotSupported, which the node answers
// as Invalid (not SyntaxError), with Cassandra's text and no position.
Status Parser::request_error(const std::string& message) { return Status::not_supported(message); }

// --- Names ---

Status Parser::parse_name(std::string* out) {
  if (!at_name()) return at_end() ? mismatched("IDENT") : no_viable();
  *out = advance().text;
  return Status::ok();
}

Status Parser::parse_table_name(TableName* out) {
  std::string first;
  CAIRN_RETURN_IF_ERROR(parse_name(&first));
  if (accept_punct(".")) {
    out->keyspace = std::move(first);
    return parse_name(&out->name);
  }
  out->name = std::move(first);
  return Status::ok();
}

// a, b, c) — after the opening parenthesis; at least one name.
Status Parser::parse_name_list(std::vector<std::string>* out) {
  do {
    out->emplace_back();
    CAIRN_RETURN_IF_ERROR(parse_name(&out->back()));
  } while (accept_punct(","));
  return expect_punct(")");
}

// `name (` or `keyspace . name (`: how many tokens the function name takes, or 0.
size_t Parser::function_name_length() const {
  if (!at_name()) return 0;
  if (at_punct("(", 1)) return 1;
  if (at_punct(".", 1) && at_name(2) && at_punct("(", 3)) return 3;
  return 0;
}

std::string Parser::take_function_name(size_t length) {
  std::string name = advance().text;
  if (length == 3) {
    advance();
    name += "." + advance().text;
  }
  return name;
}

// --- Terms ---

Term Parser::make_marker(std::string name) {
  Term t;
  t.kind = Term::Kind::kBindMarker;
  t.bind_index = static_cast<int>(bind_names_.size());
  t.bind_name = name;
  bind_names_.push_back(std::move(name));
  return t;
}

Status Parser::parse_marker(Term* out) {
  // The protocol counts bind variables in an unsigned short, as Cassandra checks.
  if (bind_names_.size() >= kMaxBindMarkers) {
    return error_here("Too many markers(?). " + std::to_string(bind_names_.size() + 1) +
                      " markers exceed the allowed maximum of " + std::to_string(kMaxBindMarkers));
  }
  if (advance().type == TokenType::kQuestionMark) {
    *out = make_marker("");
    return Status::ok();
  }
  std::string name;
  CAIRN_RETURN_IF_ERROR(parse_name(&name));
  *out = make_marker(std::move(name));
  return Status::ok();
}

bool Parser::constant_kind(TokenType type, Term::ConstantKind* kind) {
  switch (type) {
    case TokenType::kString: *kind = Term::ConstantKind::kString; return true;
    case TokenType::kInteger: *kind = Term::ConstantKind::kInteger; return true;
    case TokenType::kFloat: *kind = Term::ConstantKind::kFloat; return true;
    case TokenType::kBoolean: *kind = Term::ConstantKind::kBoolean; return true;
    case TokenType::kUuid: *kind = Term::ConstantKind::kUuid; return true;
    case TokenType::kHex: *kind = Term::ConstantKind::kHex; return true;
    case TokenType::kDuration: *kind = Term::ConstantKind::kDuration; return true;
    default: return false;
  }
}

// A constant, or '-' then NaN/Infinity written apart.
bool Parser::accept_constant(Term* out) {
  Term::ConstantKind kind;
  if (at_punct("-") && peek(1).type == TokenType::kFloat &&
      (peek(1).text == "NaN" || peek(1).text == "Infinity")) {
    advance();
    out->kind = Term::Kind::kConstant;
    out->constant_kind = Term::ConstantKind::kFloat;
    out->text = "-" + advance().text;
    return true;
  }
  if (!constant_kind(peek().type, &kind)) return false;
  out->kind = Term::Kind::kConstant;
  out->constant_kind = kind;
  out->text = advance().text;
  return true;
}

// Terms separated by ',' up to `close` (which is consumed); none is fine.
Status Parser::parse_term_list(std::string_view close, std::vector<Term>* out) {
  if (accept_punct(close)) return Status::ok();
  do {
    out->emplace_back();
    CAIRN_RETURN_IF_ERROR(parse_term(&out->back()));
  } while (accept_punct(","));
  return expect_punct(close);
}

Status Parser::parse_term(Term* out) {
  DepthGuard guard(&depth_);
  if (depth_ > kMaxNesting) return too_deep();
  if (accept_constant(out)) return Status::ok();
  if (at_marker()) return parse_marker(out);
  if (accept_word("null")) {
    out->kind = Term::Kind::kNull;
    return Status::ok();
  }
  if (accept_punct("[")) {
    out->kind = Term::Kind::kList;
    return parse_term_list("]", &out->elements);
  }
  if (at_punct("{")) return parse_set_or_map(out);
  if (at_punct("(")) {
    if (at_name(1) && at_punct(")", 2)) return error_here("type casts are not supported");
    advance();
    out->kind = Term::Kind::kTuple;
    do {
      out->elements.emplace_back();
      CAIRN_RETURN_IF_ERROR(parse_term(&out->elements.back()));
    } while (accept_punct(","));
    return expect_punct(")");
  }
  if (size_t length = function_name_length(); length > 0) {
    out->kind = Term::Kind::kFunction;
    out->function_name = take_function_name(length);
    advance();  // (
    return parse_term_list(")", &out->elements);
  }
  return no_viable();
}

Status Parser::parse_set_or_map(Term* out) {
  advance();  // {
  out->kind = Term::Kind::kMap;
  if (accept_punct("}")) return Status::ok();
  if (at_name() && at_punct(":", 1)) return unsupported("user-defined type literals");
  out->elements.emplace_back();
  CAIRN_RETURN_IF_ERROR(parse_term(&out->elements.back()));
  const bool is_map = at_punct(":");
  out->kind = is_map ? Term::Kind::kMap : Term::Kind::kSet;
  while (true) {
    if (is_map) {
      CAIRN_RETURN_IF_ERROR(expect_punct(":"));
      out->elements.emplace_back();
      CAIRN_RETURN_IF_ERROR(parse_term(&out->elements.back()));
    }
    if (!accept_punct(",")) break;
    out->elements.emplace_back();
    CAIRN_RETURN_IF_ERROR(parse_term(&out->elements.back()));
  }
  return expect_punct("}");
}

// LIMIT, TTL, TIMESTAMP: an integer or a bind marker.
Status Parser::parse_int_value(std::optional<Term>* out) {
  Term t;
  if (at_marker()) {
    CAIRN_RETURN_IF_ERROR(parse_marker(&t));
  } else if (peek().type == TokenType::kInteger) {
    accept_constant(&t);
  } else {
    return mismatched("INTEGER");
  }
  *out = std::move(t);
  return Status::ok();
}

// --- Statements ---

// One statement; its bind markers are numbered from 0.
Status Parser::parse_statement(ParsedStatement* out) {
  bind_names_.clear();
  CAIRN_RETURN_IF_ERROR(parse_any_statement(&out->statement));
  out->bind_names = std::move(bind_names_);
  bind_names_.clear();
  return Status::ok();
}

Status Parser::parse_any_statement(Statement* out) {
  const Token& t = peek();
  if (t.type != TokenType::kIdentifier) return no_viable();
  const std::string& w = t.text;
  if (w == "select") return parse_into<SelectStatement>(out, &Parser::parse_select);
  if (w == "insert") return parse_into<InsertStatement>(out, &Parser::parse_insert);
  if (w == "update") return parse_into<UpdateStatement>(out, &Parser::parse_update);
  if (w == "delete") return parse_into<DeleteStatement>(out, &Parser::parse_delete);
  if (w == "begin") return parse_into<BatchStatement>(out, &Parser::parse_batch);
  if (w == "use") {
    advance();
    UseStatement use;
    CAIRN_RETURN_IF_ERROR(parse_name(&use.keyspace));
    *out = std::move(use);
    return Status::ok();
  }
  if (w == "truncate") {
    advance();
    if (!accept_word("table")) accept_word("columnfamily");
    TruncateStatement truncate;
    CAIRN_RETURN_IF_ERROR(parse_table_name(&truncate.table));
    *out = std::move(truncate);
    return Status::ok();
  }
  if ((w == "create" || w == "alter" || w == "drop") &&
      (at_word("role", 1) || at_word("user", 1))) {
    return parse_role_statement(out);
  }
  if (w == "create") return parse_create(out);
  if (w == "alter") return parse_alter(out);
  if (w == "drop") return parse_drop(out);
  if (w == "grant" || w == "revoke") return parse_grant(out);
  if (w == "list") return parse_list(out);
  if (w == "describe" || w == "desc") return unsupported("DESCRIBE statements");
  return no_viable();
}

// IF NOT EXISTS (with_not) or IF EXISTS, when present: of CREATE, DROP and INSERT.
Status Parser::parse_if_exists(bool* out, bool with_not) {
  if (!accept_word("if")) return Status::ok();
  if (with_not) CAIRN_RETURN_IF_ERROR(expect_word("not"));
  CAIRN_RETURN_IF_ERROR(expect_word("exists"));
  *out = true;
  return Status::ok();
}

}  // namespace parser_internal

using parser_internal::Parser;

bool is_reserved_keyword(std::string_view word) { return parser_internal::is_reserved(word); }

Result<ParsedStatement> parse_statement(std::string_view text) {
  auto tokens = tokenize(text);
  if (!tokens.is_ok()) return tokens.status();
  Parser parser(text, std::move(tokens).value());
  ParsedStatement statement;
  CAIRN_RETURN_IF_ERROR(parser.parse_statement(&statement));
  while (parser.accept_punct(";")) {
  }
  CAIRN_RETURN_IF_ERROR(parser.expect_end());
  return statement;
}

Result<std::vector<ParsedStatement>> parse_statements(std::string_view text) {
  auto tokens = tokenize(text);
  if (!tokens.is_ok()) return tokens.status();
  Parser parser(text, std::move(tokens).value());
  std::vector<ParsedStatement> statements;
  while (true) {
    while (parser.accept_punct(";")) {
    }
    if (parser.at_end()) return statements;
    statements.emplace_back();
    CAIRN_RETURN_IF_ERROR(parser.parse_statement(&statements.back()));
    if (!parser.at_end() && !parser.accept_punct(";")) return parser.expect_semicolon();
  }
}

}  // namespace cairn::cql
