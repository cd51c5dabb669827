// The CQL parser's data statements (parser_internal.h describes the parser): SELECT
// with its selectors, the relations of WHERE, and INSERT, UPDATE, DELETE and BATCH
// with their USING and IF clauses.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cql/language/parser_internal.h"

namespace cairn::cql::parser_internal {

// --- SELECT ---

// After SELECT, JSON and DISTINCT are modifiers unless they are the selected column.
bool Parser::at_modifier(std::string_view word) const {
  if (!at_word(word)) return false;
  const Token& next = peek(1);
  return !(next.is_word("from") || next.is_word("as") || next.is_punct(",") || next.is_punct("(") ||
           next.is_punct("."));
}

Status Parser::parse_select(SelectStatement* s) {
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

Status Parser::parse_selector(Selector* out) {
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

Status Parser::parse_where(std::vector<Relation>* out) {
  do {
    out->emplace_back();
    CAIRN_RETURN_IF_ERROR(parse_relation(&out->back()));
  } while (accept_word("and"));
  return Status::ok();
}

bool Parser::accept_comparison(Relation::Op* op) {
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

Status Parser::expect_comparison(Relation::Op* op) {
  return accept_comparison(op) ? Status::ok() : no_viable();
}

Status Parser::parse_comparison_value(Relation* r) {
  CAIRN_RETURN_IF_ERROR(expect_comparison(&r->op));
  r->value.emplace();
  return parse_term(&*r->value);
}

// After IN: `?`, `:name`, or a parenthesized list of terms (possibly empty).
Status Parser::parse_in_values(Relation* r) {
  r->op = Relation::Op::kIn;
  if (at_marker()) {
    r->value.emplace();
    return parse_marker(&*r->value);
  }
  CAIRN_RETURN_IF_ERROR(expect_punct("("));
  return parse_term_list(")", &r->in_values);
}

// A tuple literal or a bind marker: the right side of a multi-column relation.
Status Parser::parse_tuple_or_marker(Term* out) {
  if (at_marker()) return parse_marker(out);
  if (!at_punct("(")) return mismatched("'('");
  return parse_term(out);
}

Status Parser::parse_relation(Relation* r) {
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
Status Parser::parse_multi_column(Relation* r) {
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

Status Parser::parse_using(UsingClause* out, bool timestamp_only) {
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

Status Parser::parse_insert(InsertStatement* s) {
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

Status Parser::parse_update(UpdateStatement* s) {
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

Status Parser::parse_assignment(Assignment* a) {
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
Status Parser::parse_self_operation(Assignment* a) {
  const size_t other_at = pos_;
  const std::string other = advance().text;
  const Token& t = peek();
  if (accept_punct("+")) {
    a->kind = Assignment::Kind::kAdd;
  } else if (accept_punct("-")) {
    a->kind = Assignment::Kind::kRemove;
  } else if ((t.type == TokenType::kInteger || t.type == TokenType::kFloat) && t.text.size() > 1 &&
             t.text[0] == '-') {
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
Status Parser::parse_conditions(Conditions* c) {
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

Status Parser::parse_delete(DeleteStatement* s) {
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

Status Parser::parse_batch(BatchStatement* s) {
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

}  // namespace cairn::cql::parser_internal
