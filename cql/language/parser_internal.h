// The recursive-descent parser behind parse_statement() and parse_statements()
// (parser.h): a reading of Cassandra 4's Parser.g over the tokens of lexer.h. Internal
// to cql/language/.
//
// Every rule is a method `Status parse_x(X* out)` that consumes its tokens or fails
// with an error pointing at the token it could not use. Decisions look at most four
// tokens ahead and never backtrack, so bind markers can be numbered as they are read
// and the whole parse is linear. Recursive rules (terms, selectors, types,
// parenthesized relations) go through a DepthGuard bounded by kMaxNesting.
//
// The rules are defined in three files:
//   parser.cc         tokens, errors, names, terms, the statement dispatch and the
//                     public functions of parser.h
//   parser_schema.cc  types, WITH properties, CREATE/ALTER/DROP KEYSPACE and TABLE
//   parser_data.cc    SELECT and its selectors, WHERE, INSERT, UPDATE, DELETE, BATCH
//   parser_auth.cc    roles and users, GRANT/REVOKE and LIST of permissions
//
// Thread safety: a Parser is used by one thread at a time; Parsers share nothing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "cql/language/ast.h"
#include "cql/language/lexer.h"
#include "cql/language/parser.h"

namespace cairn::cql::parser_internal {

// Whether `word` is one of Cassandra's reserved keywords, which need "quoting" as names.
bool is_reserved(std::string_view word);

// Text from the statement as an error message shows it: shortened, on one line, and
// valid UTF-8.
std::string display(std::string_view raw);

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
  Status parse_statement(ParsedStatement* out);

 private:
  // --- Tokens (expect_word and expect_punct in parser.cc) ---

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
  bool at_marker(size_t ahead = 0) const {
    return peek(ahead).type == TokenType::kQuestionMark || at_punct(":", ahead);
  }
  // A word usable as a name here: quoted, or unquoted and not reserved.
  bool at_name(size_t ahead = 0) const {
    const Token& t = peek(ahead);
    return t.type == TokenType::kQuotedName ||
           (t.type == TokenType::kIdentifier && !is_reserved(t.text));
  }
  Status expect_word(std::string_view keyword);
  Status expect_punct(std::string_view p);

  // --- Errors (parser.cc) ---

  std::string shown(size_t i) const;
  std::string snippet(size_t index) const;
  Status error_at(size_t index, const std::string& message) const;
  Status error_here(const std::string& message) const;
  Status mismatched(const std::string& expecting) const;
  Status no_viable() const;
  Status too_deep() const;
  Status unsupported(const std::string& what) const;
  // A statement that parses but that CQL refuses: NotSupported, which the node answers
  // as Invalid (not SyntaxError), with Cassandra's text and no position.
  static Status request_error(const std::string& message);

  // --- Names and terms (parser.cc) ---

  Status parse_name(std::string* out);
  Status parse_table_name(TableName* out);
  Status parse_name_list(std::vector<std::string>* out);
  size_t function_name_length() const;
  std::string take_function_name(size_t length);
  Term make_marker(std::string name);
  Status parse_marker(Term* out);
  static bool constant_kind(TokenType type, Term::ConstantKind* kind);
  bool accept_constant(Term* out);
  Status parse_term_list(std::string_view close, std::vector<Term>* out);
  Status parse_term(Term* out);
  Status parse_set_or_map(Term* out);
  Status parse_int_value(std::optional<Term>* out);

  // --- Statements (parser.cc) ---

  Status parse_any_statement(Statement* out);
  Status parse_if_exists(bool* out, bool with_not);
  template <typename T>
  Status parse_into(Statement* out, Status (Parser::*rule)(T*)) {
    T statement;
    CAIRN_RETURN_IF_ERROR((this->*rule)(&statement));
    *out = std::move(statement);
    return Status::ok();
  }

  // --- Types, properties, CREATE/ALTER/DROP (parser_schema.cc) ---

  Status parse_type_text(std::string* out);
  Status parse_type(TypeRef* out);
  Status parse_column_declaration(ColumnDeclaration* out);
  Status parse_property_constant(std::string* out);
  Status parse_property(Property* out);
  Status parse_properties(std::vector<Property>* out, CreateTableStatement* table);
  Status parse_orderings(std::vector<std::pair<std::string, bool>>* out);
  const char* unsupported_schema_object() const;
  bool accept_table_word();
  bool accept_keyspace_word();
  Status parse_create(Statement* out);
  Status parse_create_table(CreateTableStatement* s);
  Status parse_primary_key(CreateTableStatement* s);
  Status parse_alter(Statement* out);
  Status parse_alter_table(AlterTableStatement* s);
  Status parse_drop(Statement* out);

  // --- SELECT, WHERE, INSERT, UPDATE, DELETE, BATCH (parser_data.cc) ---

  bool at_modifier(std::string_view word) const;
  Status parse_select(SelectStatement* s);
  Status parse_selector(Selector* out);
  Status parse_where(std::vector<Relation>* out);
  bool accept_comparison(Relation::Op* op);
  Status expect_comparison(Relation::Op* op);
  Status parse_comparison_value(Relation* r);
  Status parse_in_values(Relation* r);
  Status parse_tuple_or_marker(Term* out);
  Status parse_relation(Relation* r);
  Status parse_multi_column(Relation* r);
  Status parse_using(UsingClause* out, bool timestamp_only);
  Status parse_insert(InsertStatement* s);
  Status parse_update(UpdateStatement* s);
  Status parse_assignment(Assignment* a);
  Status parse_self_operation(Assignment* a);
  Status parse_conditions(Conditions* c);
  Status parse_delete(DeleteStatement* s);
  Status parse_batch(BatchStatement* s);
  template <typename T>
  Status parse_modification(BatchStatement* batch, Status (Parser::*rule)(T*)) {
    T statement;
    CAIRN_RETURN_IF_ERROR((this->*rule)(&statement));
    batch->statements.emplace_back(std::move(statement));
    return Status::ok();
  }

  // --- Roles and permissions (parser_auth.cc) ---

  Status parse_role_name(std::string* out);
  Status parse_boolean(bool* out);
  Status parse_role_options(RoleOptionsClause* out);
  Status parse_user_options(RoleOptionsClause* out);
  Status parse_role_statement(Statement* out);
  Status parse_permissions(std::vector<std::string>* out);
  Status parse_resource(AuthResourceName* out);
  Status parse_grant(Statement* out);
  Status parse_list(Statement* out);

  std::string_view text_;
  std::vector<Token> tokens_;  // ends with kEnd
  size_t pos_ = 0;
  int depth_ = 0;
  std::vector<std::string> bind_names_;
};

}  // namespace cairn::cql::parser_internal
