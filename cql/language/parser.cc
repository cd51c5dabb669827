// A recursive-descent reading of Cassandra 4's Parser.g over the tokens of lexer.h.
//
// Every rule is a method `Status parse_x(X* out)` that consumes its tokens or fails
// with an error pointing at the token it could not use. Decisions look at most four
// tokens ahead and never backtrack, so bind markers can be numbered as they are read
// and the whole parse is linear. Recursive rules (terms, selectors, types,
// parenthesized relations) go through a DepthGuard bounded by kMaxNesting.
#include "cql/language/parser.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "cql/language/lexer.h"

namespace cairn::cql {
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

bool is_reserved(std::string_view word) {
  return std::find(std::begin(kReserved), std::end(kReserved), word) != std::end(kReserved);
}

constexpr std::string_view kNativeTypes[] = {
    "ascii",  "bigint",    "blob",     "boolean", "counter", "date",     "decimal",
    "double", "duration",  "float",    "inet",    "int",     "smallint", "text",
    "time",   "timestamp", "timeuuid", "tinyint", "uuid",    "varchar",  "varint",
};

bool is_native_type(std::string_view word) {
  return std::find(std::begin(kNativeTypes), std::end(kNativeTypes), word) !=
         std::end(kNativeTypes);
}

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

class DepthGuard {
 public:
  explicit DepthGuard(int* depth) : depth_(depth) { ++*depth_; }
  ~DepthGuard() { --*depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  int* depth_;
};

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  bool at_end() const { return peek().type == TokenType::kEnd; }
  bool accept_punct(std::string_view p) {
    if (!peek().is_punct(p)) return false;
    advance();
    return true;
  }
  Status expect_end() { return at_end() ? Status::ok() : mismatched("EOF"); }
  Status expect_semicolon() { return expect_punct(";"); }

  // One statement; its bind markers are numbered from 0.
  Status parse_statement(ParsedStatement* out) {
    bind_names_.clear();
    CAIRN_RETURN_IF_ERROR(parse_any_statement(&out->statement));
    out->bind_names = std::move(bind_names_);
    bind_names_.clear();
    return Status::ok();
  }

 private:
  // --- Tokens ---

  const Token& peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& advance() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool at_word(std::string_view keyword, size_t ahead = 0) const {
    return peek(ahead).is_word(keyword);
  }
  bool at_punct(std::string_view p, size_t ahead = 0) const { return peek(ahead).is_punct(p); }
  bool accept_word(std::string_view keyword) {
    if (!at_word(keyword)) return false;
    advance();
    return true;
  }
  Status expect_word(std::string_view keyword) {
    return accept_word(keyword) ? Status::ok() : mismatched("K_" + upper(keyword));
  }
  Status expect_punct(std::string_view p) {
    return accept_punct(p) ? Status::ok() : mismatched("'" + std::string(p) + "'");
  }
  bool at_marker(size_t ahead = 0) const {
    return peek(ahead).type == TokenType::kQuestionMark || at_punct(":", ahead);
  }
  // A word usable as a name here: quoted, or unquoted and not reserved.
  bool at_name(size_t ahead = 0) const {
    const Token& t = peek(ahead);
    return t.type == TokenType::kQuotedName ||
           (t.type == TokenType::kIdentifier && !is_reserved(t.text));
  }

  // --- Errors ---

  // The source of token `i` as an error shows it.
  std::string shown(size_t i) const {
    const Token& t = tokens_[i];
    if (t.type == TokenType::kEnd) return "<EOF>";
    return display(text_.substr(t.offset, t.length));
  }

  // Cassandra's query snippet: up to ten tokens before the offending one and two after,
  // the offending one in brackets, "..." where the statement goes on.
  std::string snippet(size_t index) const {
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

  Status error_at(size_t index, const std::string& message) const {
    const Token& t = tokens_[index];
    return Status::invalid_argument("line " + std::to_string(t.line) + ":" +
                                    std::to_string(t.column) + " " + message + snippet(index));
  }
  Status error_here(const std::string& message) const { return error_at(pos_, message); }
  Status mismatched(const std::string& expecting) const {
    return error_here("mismatched input '" + shown(pos_) + "' expecting " + expecting);
  }
  Status no_viable() const {
    return error_here("no viable alternative at input '" + shown(pos_) + "'");
  }
  Status too_deep() const {
    return error_here("statement nested more than " + std::to_string(kMaxNesting) + " levels deep");
  }
  Status unsupported(const std::string& what) const {
    return error_here(what + " are not supported");
  }
  // A statement that parses but that CQL refuses: NotSupported, which the node answers
  // as Invalid (not SyntaxError), with Cassandra's text and no position.
  static Status request_error(const std::string& message) { return Status::not_supported(message); }

  // --- Names ---

  Status parse_name(std::string* out) {
    if (!at_name()) return at_end() ? mismatched("IDENT") : no_viable();
    *out = advance().text;
    return Status::ok();
  }

  Status parse_table_name(TableName* out) {
    std::string first;
    CAIRN_RETURN_IF_ERROR(parse_name(&first));
    if (accept_punct(".")) {
      out->keyspace = std::move(first);
      return parse_name(&out->name);
    }
    out->name = std::move(first);
    return Status::ok();
  }

  // `name (` or `keyspace . name (`: how many tokens the function name takes, or 0.
  size_t function_name_length() const {
    if (!at_name()) return 0;
    if (at_punct("(", 1)) return 1;
    if (at_punct(".", 1) && at_name(2) && at_punct("(", 3)) return 3;
    return 0;
  }
  std::string take_function_name(size_t length) {
    std::string name = advance().text;
    if (length == 3) {
      advance();
      name += "." + advance().text;
    }
    return name;
  }

  // --- Terms ---

  Term make_marker(std::string name) {
    Term t;
    t.kind = Term::Kind::kBindMarker;
    t.bind_index = static_cast<int>(bind_names_.size());
    t.bind_name = name;
    bind_names_.push_back(std::move(name));
    return t;
  }

  Status parse_marker(Term* out) {
    // The protocol counts bind variables in an unsigned short, as Cassandra checks.
    if (bind_names_.size() >= kMaxBindMarkers) {
      return error_here("Too many markers(?). " + std::to_string(bind_names_.size() + 1) +
                        " markers exceed the allowed maximum of " +
                        std::to_string(kMaxBindMarkers));
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

  static bool constant_kind(TokenType type, Term::ConstantKind* kind) {
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
  bool accept_constant(Term* out) {
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
  Status parse_term_list(std::string_view close, std::vector<Term>* out) {
    if (accept_punct(close)) return Status::ok();
    do {
      out->emplace_back();
      CAIRN_RETURN_IF_ERROR(parse_term(&out->back()));
    } while (accept_punct(","));
    return expect_punct(close);
  }

  Status parse_term(Term* out) {
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

  Status parse_set_or_map(Term* out) {
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
  Status parse_int_value(std::optional<Term>* out) {
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

  // --- Types ---

  // The text of a type, checked for user-defined and custom types, for parse_cql_type.
  Status parse_type_text(std::string* out) {
    DepthGuard guard(&depth_);
    if (depth_ > kMaxNesting) return too_deep();
    const Token& t = peek();
    if (t.type == TokenType::kString) return unsupported("custom types ('class name' types)");
    if (!at_name()) return no_viable();
    if (t.type == TokenType::kIdentifier && at_punct("<", 1) &&
        (t.text == "frozen" || t.text == "list" || t.text == "set" || t.text == "map" ||
         t.text == "tuple")) {
      *out += advance().text;
      *out += "<";
      advance();
      CAIRN_RETURN_IF_ERROR(parse_type_text(out));
      while (accept_punct(",")) {
        *out += ", ";
        CAIRN_RETURN_IF_ERROR(parse_type_text(out));
      }
      *out += ">";
      return expect_punct(">");
    }
    if (t.type == TokenType::kIdentifier && t.text == "counter") {
      return unsupported("counter columns");
    }
    if (t.type == TokenType::kIdentifier && !is_native_type(t.text)) {
      // An unknown name is a user-defined type to CQL; Cairn has none.
      std::string name = t.text;
      if (at_punct(".", 1) && peek(2).type == TokenType::kIdentifier) name += "." + peek(2).text;
      return request_error("Unknown type " + name);
    }
    if (t.type != TokenType::kIdentifier || at_punct(".", 1)) return unsupported("user-defined types");
    *out += advance().text;
    return Status::ok();
  }

  Status parse_type(TypeRef* out) {
    const size_t start = pos_;
    std::string text;
    CAIRN_RETURN_IF_ERROR(parse_type_text(&text));
    auto type = parse_cql_type(text);
    if (!type.is_ok()) return error_at(start, type.status().message());
    *out = std::move(type).value();
    return Status::ok();
  }

  Status parse_column_declaration(ColumnDeclaration* out) {
    CAIRN_RETURN_IF_ERROR(parse_name(&out->name));
    CAIRN_RETURN_IF_ERROR(parse_type(&out->type));
    out->is_static = accept_word("static");
    return Status::ok();
  }

  // --- Properties (WITH a = b AND ...) ---

  Status parse_property_constant(std::string* out) {
    Term t;
    if (accept_constant(&t)) {
      *out = std::move(t.text);
      return Status::ok();
    }
    if (peek().type == TokenType::kIdentifier && !is_reserved(peek().text)) {
      *out = advance().text;
      return Status::ok();
    }
    return no_viable();
  }

  Status parse_property(Property* out) {
    CAIRN_RETURN_IF_ERROR(parse_name(&out->name));
    CAIRN_RETURN_IF_ERROR(expect_punct("="));
    if (!accept_punct("{")) {
      out->value.emplace();
      return parse_property_constant(&*out->value);
    }
    out->is_map = true;
    if (accept_punct("}")) return Status::ok();
    do {
      const size_t key_at = pos_;
      std::string key;
      std::string value;
      CAIRN_RETURN_IF_ERROR(parse_property_constant(&key));
      CAIRN_RETURN_IF_ERROR(expect_punct(":"));
      CAIRN_RETURN_IF_ERROR(parse_property_constant(&value));
      if (!out->map_value.emplace(key, std::move(value)).second) {
        return error_at(key_at, "Multiple definition for key '" + display(key) + "' of property '" +
                                    display(out->name) + "'");
      }
    } while (accept_punct(","));
    return expect_punct("}");
  }

  // `table` is given for CREATE TABLE, which also takes CLUSTERING ORDER BY and
  // COMPACT STORAGE here.
  Status parse_properties(std::vector<Property>* out, CreateTableStatement* table) {
    std::set<std::string> names;
    do {
      if (table != nullptr && at_word("clustering") && at_word("order", 1)) {
        advance();
        advance();
        CAIRN_RETURN_IF_ERROR(expect_word("by"));
        CAIRN_RETURN_IF_ERROR(parse_orderings(&table->clustering_order));
        continue;
      }
      if (table != nullptr && at_word("compact") && at_word("storage", 1)) {
        advance();
        advance();
        table->compact_storage = true;
        continue;
      }
      const size_t at = pos_;
      Property p;
      CAIRN_RETURN_IF_ERROR(parse_property(&p));
      if (!names.insert(p.name).second) {
        return error_at(at, "Multiple definition for property '" + display(p.name) + "'");
      }
      out->push_back(std::move(p));
    } while (accept_word("and"));
    return Status::ok();
  }

  // (c DESC, d ASC)
  Status parse_orderings(std::vector<std::pair<std::string, bool>>* out) {
    CAIRN_RETURN_IF_ERROR(expect_punct("("));
    do {
      std::string name;
      CAIRN_RETURN_IF_ERROR(parse_name(&name));
      if (accept_word("desc")) {
        out->emplace_back(std::move(name), true);
      } else if (accept_word("asc")) {
        out->emplace_back(std::move(name), false);
      } else {
        return mismatched("K_ASC or K_DESC");
      }
    } while (accept_punct(","));
    return expect_punct(")");
  }

  // --- Statements ---

  Status parse_any_statement(Statement* out) {
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
    if (w == "create") return parse_create(out);
    if (w == "alter") return parse_alter(out);
    if (w == "drop") return parse_drop(out);
    if (w == "grant" || w == "revoke" || w == "list") return unsupported("roles and permissions");
    if (w == "describe" || w == "desc") return unsupported("DESCRIBE statements");
    return no_viable();
  }

  template <typename T>
  Status parse_into(Statement* out, Status (Parser::*rule)(T*)) {
    T statement;
    CAIRN_RETURN_IF_ERROR((this->*rule)(&statement));
    *out = std::move(statement);
    return Status::ok();
  }

  // What CREATE/ALTER/DROP name that Cairn does not run, or null.
  const char* unsupported_schema_object() const {
    const Token& t = peek();
    if (t.type != TokenType::kIdentifier) return nullptr;
    const std::string& w = t.text;
    if (w == "index" || w == "custom") return "secondary indexes (INDEX)";
    if (w == "type") return "user-defined types (TYPE)";
    if (w == "function" || w == "or") return "user-defined functions (FUNCTION)";
    if (w == "aggregate") return "user-defined aggregates (AGGREGATE)";
    if (w == "materialized") return "materialized views (MATERIALIZED VIEW)";
    if (w == "trigger") return "triggers (TRIGGER)";
    if (w == "role" || w == "user") return "roles and users (ROLE, USER)";
    return nullptr;
  }

  bool accept_table_word() { return accept_word("table") || accept_word("columnfamily"); }
  bool accept_keyspace_word() { return accept_word("keyspace") || accept_word("schema"); }

  Status parse_if_exists(bool* out, bool with_not) {
    if (!accept_word("if")) return Status::ok();
    if (with_not) CAIRN_RETURN_IF_ERROR(expect_word("not"));
    CAIRN_RETURN_IF_ERROR(expect_word("exists"));
    *out = true;
    return Status::ok();
  }

  Status parse_create(Statement* out) {
    advance();
    if (const char* what = unsupported_schema_object()) return unsupported(what);
    if (accept_keyspace_word()) {
      CreateKeyspaceStatement s;
      CAIRN_RETURN_IF_ERROR(parse_if_exists(&s.if_not_exists, true));
      CAIRN_RETURN_IF_ERROR(parse_name(&s.keyspace));
      CAIRN_RETURN_IF_ERROR(expect_word("with"));
      CAIRN_RETURN_IF_ERROR(parse_properties(&s.properties, nullptr));
      *out = std::move(s);
      return Status::ok();
    }
    if (accept_table_word())
      return parse_into<CreateTableStatement>(out, &Parser::parse_create_table);
    return no_viable();
  }

  Status parse_create_table(CreateTableStatement* s) {
    CAIRN_RETURN_IF_ERROR(parse_if_exists(&s->if_not_exists, true));
    CAIRN_RETURN_IF_ERROR(parse_table_name(&s->table));
    CAIRN_RETURN_IF_ERROR(expect_punct("("));
    bool has_key = false;
    bool first = true;
    do {
      if (!first && at_punct(")")) break;  // a trailing comma, as Cassandra allows
      first = false;
      if (accept_word("primary")) {
        CAIRN_RETURN_IF_ERROR(expect_word("key"));
        if (has_key) return request_error("Multiple PRIMARY KEYs specified (exactly one required)");
        has_key = true;
        CAIRN_RETURN_IF_ERROR(parse_primary_key(s));
        continue;
      }
      ColumnDeclaration column;
      CAIRN_RETURN_IF_ERROR(parse_column_declaration(&column));
      if (at_word("primary")) {
        if (has_key) return request_error("Multiple PRIMARY KEYs specified (exactly one required)");
        advance();
        CAIRN_RETURN_IF_ERROR(expect_word("key"));
        has_key = true;
        s->partition_key = {column.name};
      }
      s->columns.push_back(std::move(column));
    } while (accept_punct(","));
    CAIRN_RETURN_IF_ERROR(expect_punct(")"));
    if (!has_key) {
      return request_error("No PRIMARY KEY specifed for table '" +
                           (s->table.keyspace.empty() ? "" : s->table.keyspace + ".") + s->table.name +
                           "' (exactly one required)");
    }
    if (accept_word("with")) return parse_properties(&s->properties, s);
    return Status::ok();
  }

  // PRIMARY KEY ((a, b), c, d) / (a, c) / (a), after the words.
  Status parse_primary_key(CreateTableStatement* s) {
    CAIRN_RETURN_IF_ERROR(expect_punct("("));
    if (accept_punct("(")) {
      CAIRN_RETURN_IF_ERROR(parse_name_list(&s->partition_key));
    } else {
      s->partition_key.emplace_back();
      CAIRN_RETURN_IF_ERROR(parse_name(&s->partition_key.back()));
    }
    while (accept_punct(",")) {
      s->clustering.emplace_back();
      CAIRN_RETURN_IF_ERROR(parse_name(&s->clustering.back()));
    }
    return expect_punct(")");
  }

  // a, b, c) — after the opening parenthesis; at least one name.
  Status parse_name_list(std::vector<std::string>* out) {
    do {
      out->emplace_back();
      CAIRN_RETURN_IF_ERROR(parse_name(&out->back()));
    } while (accept_punct(","));
    return expect_punct(")");
  }

  Status parse_alter(Statement* out) {
    advance();
    if (const char* what = unsupported_schema_object()) return unsupported(what);
    if (accept_keyspace_word()) {
      AlterKeyspaceStatement s;
      CAIRN_RETURN_IF_ERROR(parse_name(&s.keyspace));
      CAIRN_RETURN_IF_ERROR(expect_word("with"));
      CAIRN_RETURN_IF_ERROR(parse_properties(&s.properties, nullptr));
      *out = std::move(s);
      return Status::ok();
    }
    if (accept_table_word())
      return parse_into<AlterTableStatement>(out, &Parser::parse_alter_table);
    return no_viable();
  }

  Status parse_alter_table(AlterTableStatement* s) {
    using Kind = AlterTableStatement::Kind;
    CAIRN_RETURN_IF_ERROR(parse_table_name(&s->table));
    if (accept_word("alter")) {
      s->kind = Kind::kAlterType;
      CAIRN_RETURN_IF_ERROR(parse_name(&s->altered.name));
      CAIRN_RETURN_IF_ERROR(expect_word("type"));
      return parse_type(&s->altered.type);
    }
    if (accept_word("add")) {
      s->kind = Kind::kAdd;
      const bool many = accept_punct("(");
      do {
        s->added.emplace_back();
        CAIRN_RETURN_IF_ERROR(parse_column_declaration(&s->added.back()));
      } while (many && accept_punct(","));
      return many ? expect_punct(")") : Status::ok();
    }
    if (accept_word("drop")) {
      s->kind = Kind::kDrop;
      if (accept_punct("(")) return parse_name_list(&s->dropped);
      s->dropped.emplace_back();
      return parse_name(&s->dropped.back());
    }
    if (accept_word("with")) {
      s->kind = Kind::kWith;
      return parse_properties(&s->properties, nullptr);
    }
    if (accept_word("rename")) {
      s->kind = Kind::kRename;
      do {
        std::string from;
        std::string to;
        CAIRN_RETURN_IF_ERROR(parse_name(&from));
        CAIRN_RETURN_IF_ERROR(expect_word("to"));
        CAIRN_RETURN_IF_ERROR(parse_name(&to));
        s->renamed.emplace_back(std::move(from), std::move(to));
      } while (accept_word("and"));
      return Status::ok();
    }
    return no_viable();
  }

  Status parse_drop(Statement* out) {
    advance();
    if (const char* what = unsupported_schema_object()) return unsupported(what);
    if (accept_keyspace_word()) {
      DropKeyspaceStatement s;
      CAIRN_RETURN_IF_ERROR(parse_if_exists(&s.if_exists, false));
      CAIRN_RETURN_IF_ERROR(parse_name(&s.keyspace));
      *out = std::move(s);
      return Status::ok();
    }
    if (accept_table_word()) {
      DropTableStatement s;
      CAIRN_RETURN_IF_ERROR(parse_if_exists(&s.if_exists, false));
      CAIRN_RETURN_IF_ERROR(parse_table_name(&s.table));
      *out = std::move(s);
      return Status::ok();
    }
    return no_viable();
  }

  // --- SELECT ---

  // After SELECT, JSON and DISTINCT are modifiers unless they are the selected column.
  bool at_modifier(std::string_view word) const {
    if (!at_word(word)) return false;
    const Token& next = peek(1);
    return !(next.is_word("from") || next.is_word("as") || next.is_punct(",") ||
             next.is_punct("(") || next.is_punct("."));
  }

  Status parse_select(SelectStatement* s) {
    advance();
    if (at_modifier("json")) {
      advance();
      s->json = true;
    }
    if (at_modifier("distinct")) {
      advance();
      s->distinct = true;
    }
    if (accept_punct("*")) {
      s->select_all = true;
    } else {
      do {
        s->selectors.emplace_back();
        CAIRN_RETURN_IF_ERROR(parse_selector(&s->selectors.back()));
        if (accept_word("as")) CAIRN_RETURN_IF_ERROR(parse_name(&s->selectors.back().alias));
      } while (accept_punct(","));
    }
    CAIRN_RETURN_IF_ERROR(expect_word("from"));
    CAIRN_RETURN_IF_ERROR(parse_table_name(&s->table));
    if (accept_word("where")) CAIRN_RETURN_IF_ERROR(parse_where(&s->where));
    if (at_word("group") && at_word("by", 1)) return unsupported("GROUP BY clauses");
    if (accept_word("order")) {
      CAIRN_RETURN_IF_ERROR(expect_word("by"));
      do {
        std::string name;
        CAIRN_RETURN_IF_ERROR(parse_name(&name));
        const bool desc = accept_word("desc");
        if (!desc) accept_word("asc");
        s->order_by.emplace_back(std::move(name), desc);
      } while (accept_punct(","));
    }
    if (accept_word("per")) {
      CAIRN_RETURN_IF_ERROR(expect_word("partition"));
      CAIRN_RETURN_IF_ERROR(expect_word("limit"));
      CAIRN_RETURN_IF_ERROR(parse_int_value(&s->per_partition_limit));
    }
    if (accept_word("limit")) CAIRN_RETURN_IF_ERROR(parse_int_value(&s->limit));
    if (accept_word("allow")) {
      CAIRN_RETURN_IF_ERROR(expect_word("filtering"));
      s->allow_filtering = true;
    }
    return Status::ok();
  }

  Status parse_selector(Selector* out) {
    DepthGuard guard(&depth_);
    if (depth_ > kMaxNesting) return too_deep();
    if (at_word("count") && at_punct("(", 1) && at_punct(")", 3) &&
        (at_punct("*", 2) || peek(2).type == TokenType::kInteger)) {
      if (peek(2).type == TokenType::kInteger && peek(2).text != "1") {
        pos_ += 2;
        return error_here("Only COUNT(1) is supported, got COUNT(" + shown(pos_) + ")");
      }
      pos_ += 4;
      out->kind = Selector::Kind::kCountStar;
      return Status::ok();
    }
    if ((at_word("writetime") || at_word("ttl")) && at_punct("(", 1)) {
      out->kind = advance().text == "ttl" ? Selector::Kind::kTtl : Selector::Kind::kWritetime;
      advance();
      CAIRN_RETURN_IF_ERROR(parse_name(&out->name));
      return expect_punct(")");
    }
    if (at_word("cast") && at_punct("(", 1)) return unsupported("CAST selectors");
    if (size_t length = function_name_length(); length > 0) {
      out->kind = Selector::Kind::kFunction;
      out->function_name = take_function_name(length);
      advance();  // (
      if (accept_punct(")")) return Status::ok();
      do {
        out->arguments.emplace_back();
        CAIRN_RETURN_IF_ERROR(parse_selector(&out->arguments.back()));
      } while (accept_punct(","));
      return expect_punct(")");
    }
    if (at_name()) {
      out->kind = Selector::Kind::kColumn;
      out->name = advance().text;
      if (at_punct(".")) return unsupported("user-defined type field selections");
      if (accept_punct("[")) {  // m['key'] or s[element]: one element of a map or set
        out->kind = Selector::Kind::kElement;
        out->term.emplace();
        CAIRN_RETURN_IF_ERROR(parse_term(&*out->term));
        if (at_punct("..")) return unsupported("collection slice selections");
        return expect_punct("]");
      }
      return Status::ok();
    }
    out->kind = Selector::Kind::kTerm;
    out->term.emplace();
    return parse_term(&*out->term);
  }

  // --- WHERE ---

  Status parse_where(std::vector<Relation>* out) {
    do {
      out->emplace_back();
      CAIRN_RETURN_IF_ERROR(parse_relation(&out->back()));
    } while (accept_word("and"));
    return Status::ok();
  }

  bool accept_comparison(Relation::Op* op) {
    static constexpr std::pair<std::string_view, Relation::Op> kOps[] = {
        {"=", Relation::Op::kEq}, {"<", Relation::Op::kLt},   {"<=", Relation::Op::kLte},
        {">", Relation::Op::kGt}, {">=", Relation::Op::kGte}, {"!=", Relation::Op::kNeq},
    };
    for (const auto& [symbol, value] : kOps) {
      if (accept_punct(symbol)) {
        *op = value;
        return true;
      }
    }
    return false;
  }

  Status expect_comparison(Relation::Op* op) {
    return accept_comparison(op) ? Status::ok() : no_viable();
  }

  Status parse_comparison_value(Relation* r) {
    CAIRN_RETURN_IF_ERROR(expect_comparison(&r->op));
    r->value.emplace();
    return parse_term(&*r->value);
  }

  // After IN: `?`, `:name`, or a parenthesized list of terms (possibly empty).
  Status parse_in_values(Relation* r) {
    r->op = Relation::Op::kIn;
    if (at_marker()) {
      r->value.emplace();
      return parse_marker(&*r->value);
    }
    CAIRN_RETURN_IF_ERROR(expect_punct("("));
    return parse_term_list(")", &r->in_values);
  }

  // A tuple literal or a bind marker: the right side of a multi-column relation.
  Status parse_tuple_or_marker(Term* out) {
    if (at_marker()) return parse_marker(out);
    if (!at_punct("(")) return mismatched("'('");
    return parse_term(out);
  }

  Status parse_relation(Relation* r) {
    DepthGuard guard(&depth_);
    if (depth_ > kMaxNesting) return too_deep();
    if (at_punct("(")) {
      if (at_name(1) && (at_punct(",", 2) || at_punct(")", 2))) return parse_multi_column(r);
      advance();
      CAIRN_RETURN_IF_ERROR(parse_relation(r));
      return expect_punct(")");
    }
    if (at_word("token") && at_punct("(", 1)) {
      r->kind = Relation::Kind::kToken;
      pos_ += 2;
      CAIRN_RETURN_IF_ERROR(parse_name_list(&r->columns));
      return parse_comparison_value(r);
    }
    r->kind = Relation::Kind::kSingle;
    r->columns.emplace_back();
    CAIRN_RETURN_IF_ERROR(parse_name(&r->columns.back()));
    if (accept_punct("[")) {
      r->map_key.emplace();
      CAIRN_RETURN_IF_ERROR(parse_term(&*r->map_key));
      CAIRN_RETURN_IF_ERROR(expect_punct("]"));
      return parse_comparison_value(r);
    }
    if (accept_word("in")) return parse_in_values(r);
    if (accept_word("contains")) {
      r->op = Relation::Op::kContains;
      if (at_word("key") && !at_punct("(", 1)) {
        advance();
        r->op = Relation::Op::kContainsKey;
      }
      r->value.emplace();
      return parse_term(&*r->value);
    }
    if (at_word("like")) return unsupported("LIKE restrictions");
    if (at_word("is")) return unsupported("IS NOT NULL restrictions (materialized views)");
    return parse_comparison_value(r);
  }

  // (c1, c2) = (v1, v2) / > ? / IN ((..), (..)) / IN (?, ?) / IN ? / IN ().
  Status parse_multi_column(Relation* r) {
    r->kind = Relation::Kind::kMultiColumn;
    advance();  // (
    CAIRN_RETURN_IF_ERROR(parse_name_list(&r->columns));
    if (!accept_word("in")) {
      CAIRN_RETURN_IF_ERROR(expect_comparison(&r->op));
      r->value.emplace();
      return parse_tuple_or_marker(&*r->value);
    }
    r->op = Relation::Op::kIn;
    if (at_marker()) {
      r->value.emplace();
      return parse_marker(&*r->value);
    }
    CAIRN_RETURN_IF_ERROR(expect_punct("("));
    if (accept_punct(")")) return Status::ok();
    do {
      r->in_values.emplace_back();
      CAIRN_RETURN_IF_ERROR(parse_tuple_or_marker(&r->in_values.back()));
    } while (accept_punct(","));
    return expect_punct(")");
  }

  // --- INSERT, UPDATE, DELETE, BATCH ---

  Status parse_using(UsingClause* out, bool timestamp_only) {
    do {
      const size_t at = pos_;
      std::optional<Term>* slot = nullptr;
      if (accept_word("timestamp")) {
        slot = &out->timestamp;
      } else if (!timestamp_only && accept_word("ttl")) {
        slot = &out->ttl;
      } else {
        return timestamp_only ? mismatched("K_TIMESTAMP") : no_viable();
      }
      if (slot->has_value()) return error_at(at, "'" + shown(at) + "' given twice in USING");
      CAIRN_RETURN_IF_ERROR(parse_int_value(slot));
    } while (accept_word("and"));
    return Status::ok();
  }

  Status parse_insert(InsertStatement* s) {
    advance();
    CAIRN_RETURN_IF_ERROR(expect_word("into"));
    CAIRN_RETURN_IF_ERROR(parse_table_name(&s->table));
    if (accept_word("json")) {
      s->json = true;
      s->values.emplace_back();
      Term& json = s->values.back();
      if (at_marker()) {
        CAIRN_RETURN_IF_ERROR(parse_marker(&json));
      } else if (peek().type != TokenType::kString || !accept_constant(&json)) {
        return mismatched("STRING_LITERAL");
      }
      if (accept_word("default")) {
        if (accept_word("unset")) {
          s->json_default_unset = true;
        } else {
          CAIRN_RETURN_IF_ERROR(expect_word("null"));
        }
      }
    } else {
      CAIRN_RETURN_IF_ERROR(expect_punct("("));
      CAIRN_RETURN_IF_ERROR(parse_name_list(&s->columns));
      CAIRN_RETURN_IF_ERROR(expect_word("values"));
      CAIRN_RETURN_IF_ERROR(expect_punct("("));
      do {
        s->values.emplace_back();
        CAIRN_RETURN_IF_ERROR(parse_term(&s->values.back()));
      } while (accept_punct(","));
      CAIRN_RETURN_IF_ERROR(expect_punct(")"));
      if (s->values.size() != s->columns.size()) {
        return request_error("Unmatched column names/values");
      }
    }
    // Cassandra wants IF NOT EXISTS before USING; either order is taken.
    bool has_using = false;
    for (int i = 0; i < 2; ++i) {
      if (!s->conditions.if_not_exists && at_word("if")) {
        CAIRN_RETURN_IF_ERROR(parse_if_exists(&s->conditions.if_not_exists, true));
      } else if (!has_using && accept_word("using")) {
        has_using = true;
        CAIRN_RETURN_IF_ERROR(parse_using(&s->using_clause, false));
      }
    }
    return Status::ok();
  }

  Status parse_update(UpdateStatement* s) {
    advance();
    CAIRN_RETURN_IF_ERROR(parse_table_name(&s->table));
    if (accept_word("using")) CAIRN_RETURN_IF_ERROR(parse_using(&s->using_clause, false));
    CAIRN_RETURN_IF_ERROR(expect_word("set"));
    do {
      s->assignments.emplace_back();
      CAIRN_RETURN_IF_ERROR(parse_assignment(&s->assignments.back()));
    } while (accept_punct(","));
    CAIRN_RETURN_IF_ERROR(expect_word("where"));
    CAIRN_RETURN_IF_ERROR(parse_where(&s->where));
    return parse_conditions(&s->conditions);
  }

  Status parse_assignment(Assignment* a) {
    using Kind = Assignment::Kind;
    CAIRN_RETURN_IF_ERROR(parse_name(&a->column));
    if (accept_punct("[")) {
      a->kind = Kind::kSetElement;
      a->key.emplace();
      CAIRN_RETURN_IF_ERROR(parse_term(&*a->key));
      CAIRN_RETURN_IF_ERROR(expect_punct("]"));
      CAIRN_RETURN_IF_ERROR(expect_punct("="));
      return parse_term(&a->value);
    }
    if (at_punct("+=") || at_punct("-=")) {
      a->kind = advance().text == "+=" ? Kind::kAdd : Kind::kRemove;
      return parse_term(&a->value);
    }
    if (at_punct(".")) return unsupported("user-defined type field updates");
    CAIRN_RETURN_IF_ERROR(expect_punct("="));
    if (at_name() && function_name_length() == 0) return parse_self_operation(a);
    CAIRN_RETURN_IF_ERROR(parse_term(&a->value));
    if (!accept_punct("+")) {
      a->kind = Kind::kSet;
      return Status::ok();
    }
    a->kind = Kind::kPrepend;
    const size_t other_at = pos_;
    std::string other;
    CAIRN_RETURN_IF_ERROR(parse_name(&other));
    if (other != a->column) {
      return error_at(other_at, "Only expressions of the form X = <value> + X are supported.");
    }
    return Status::ok();
  }

  // c = c + t, c = c - t, and c = c-1 (which lexes as `c`, `-1`).
  Status parse_self_operation(Assignment* a) {
    const size_t other_at = pos_;
    const std::string other = advance().text;
    const Token& t = peek();
    if (accept_punct("+")) {
      a->kind = Assignment::Kind::kAdd;
    } else if (accept_punct("-")) {
      a->kind = Assignment::Kind::kRemove;
    } else if ((t.type == TokenType::kInteger || t.type == TokenType::kFloat) &&
               t.text.size() > 1 && t.text[0] == '-') {
      a->kind = Assignment::Kind::kRemove;
      accept_constant(&a->value);
      a->value.text.erase(0, 1);
    } else {
      pos_ = other_at;
      return no_viable();
    }
    if (other != a->column) {
      return error_at(other_at, "Only expressions of the form X = X " +
                                    std::string(a->kind == Assignment::Kind::kAdd ? "+" : "-") +
                                    " <value> are supported.");
    }
    if (a->value.kind == Term::Kind::kConstant) return Status::ok();  // the c-1 form
    return parse_term(&a->value);
  }

  // [IF EXISTS | IF condition AND ...] of UPDATE and DELETE.
  Status parse_conditions(Conditions* c) {
    if (!accept_word("if")) return Status::ok();
    // `exists` may also be a column: IF exists = true.
    const Token& next = peek(1);
    const bool exists_is_column =
        (next.type == TokenType::kPunctuation && next.text != ";") || next.is_word("in");
    if (at_word("exists") && !exists_is_column) {
      advance();
      c->if_exists = true;
      return Status::ok();
    }
    c->has_column_conditions = true;
    do {
      Relation r;
      r.columns.emplace_back();
      CAIRN_RETURN_IF_ERROR(parse_name(&r.columns.back()));
      if (accept_punct("[")) {
        r.map_key.emplace();
        CAIRN_RETURN_IF_ERROR(parse_term(&*r.map_key));
        CAIRN_RETURN_IF_ERROR(expect_punct("]"));
      }
      if (accept_word("in")) {
        CAIRN_RETURN_IF_ERROR(parse_in_values(&r));
      } else {
        CAIRN_RETURN_IF_ERROR(parse_comparison_value(&r));
      }
      c->column_conditions.push_back(std::move(r));
    } while (accept_word("and"));
    return Status::ok();
  }

  Status parse_delete(DeleteStatement* s) {
    advance();
    if (!at_word("from")) {
      do {
        s->targets.emplace_back();
        DeleteStatement::Target& target = s->targets.back();
        CAIRN_RETURN_IF_ERROR(parse_name(&target.column));
        if (accept_punct("[")) {
          target.key.emplace();
          CAIRN_RETURN_IF_ERROR(parse_term(&*target.key));
          CAIRN_RETURN_IF_ERROR(expect_punct("]"));
        } else if (at_punct(".")) {
          return unsupported("user-defined type field deletions");
        }
      } while (accept_punct(","));
    }
    CAIRN_RETURN_IF_ERROR(expect_word("from"));
    CAIRN_RETURN_IF_ERROR(parse_table_name(&s->table));
    if (accept_word("using")) CAIRN_RETURN_IF_ERROR(parse_using(&s->using_clause, true));
    CAIRN_RETURN_IF_ERROR(expect_word("where"));
    CAIRN_RETURN_IF_ERROR(parse_where(&s->where));
    return parse_conditions(&s->conditions);
  }

  Status parse_batch(BatchStatement* s) {
    advance();
    if (accept_word("unlogged")) {
      s->type = BatchStatement::Type::kUnlogged;
    } else if (accept_word("counter")) {
      s->type = BatchStatement::Type::kCounter;
    }
    CAIRN_RETURN_IF_ERROR(expect_word("batch"));
    if (accept_word("using")) CAIRN_RETURN_IF_ERROR(parse_using(&s->using_clause, false));
    while (true) {
      if (at_word("insert")) {
        CAIRN_RETURN_IF_ERROR(parse_modification<InsertStatement>(s, &Parser::parse_insert));
      } else if (at_word("update")) {
        CAIRN_RETURN_IF_ERROR(parse_modification<UpdateStatement>(s, &Parser::parse_update));
      } else if (at_word("delete")) {
        CAIRN_RETURN_IF_ERROR(parse_modification<DeleteStatement>(s, &Parser::parse_delete));
      } else {
        break;
      }
      accept_punct(";");
    }
    CAIRN_RETURN_IF_ERROR(expect_word("apply"));
    return expect_word("batch");
  }

  template <typename T>
  Status parse_modification(BatchStatement* batch, Status (Parser::*rule)(T*)) {
    T statement;
    CAIRN_RETURN_IF_ERROR((this->*rule)(&statement));
    batch->statements.emplace_back(std::move(statement));
    return Status::ok();
  }

  std::string_view text_;
  std::vector<Token> tokens_;  // ends with kEnd
  size_t pos_ = 0;
  int depth_ = 0;
  std::vector<std::string> bind_names_;
};

}  // namespace

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
