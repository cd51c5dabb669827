// The CQL parser's schema statements (parser_internal.h describes the parser):
// CREATE, ALTER and DROP of keyspaces and tables, with the column types and WITH
// properties they take. Indexes, types, functions, views and triggers are refused
// here by name (roles are parser_auth.cc's).
#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cql/language/parser_internal.h"

namespace cairn::cql::parser_internal {
namespace {

constexpr std::string_view kNativeTypes[] = {
    "ascii",  "bigint",    "blob",     "boolean", "counter", "date",     "decimal",
    "double", "duration",  "float",    "inet",    "int",     "smallint", "text",
    "time",   "timestamp", "timeuuid", "tinyint", "uuid",    "varchar",  "varint",
};

bool is_native_type(std::string_view word) {
  return std::find(std::begin(kNativeTypes), std::end(kNativeTypes), word) !=
         std::end(kNativeTypes);
}

}  // namespace

// --- Types ---

// The text of a type, checked for user-defined and custom types, for parse_cql_type.
Status Parser::parse_type_text(std::string* out) {
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
  if (t.type != TokenType::kIdentifier || at_punct(".", 1))
    return unsupported("user-defined types");
  *out += advance().text;
  return Status::ok();
}

Status Parser::parse_type(TypeRef* out) {
  const size_t start = pos_;
  std::string text;
  CAIRN_RETURN_IF_ERROR(parse_type_text(&text));
  auto type = parse_cql_type(text);
  if (!type.is_ok()) return error_at(start, type.status().message());
  *out = std::move(type).value();
  return Status::ok();
}

Status Parser::parse_column_declaration(ColumnDeclaration* out) {
  CAIRN_RETURN_IF_ERROR(parse_name(&out->name));
  CAIRN_RETURN_IF_ERROR(parse_type(&out->type));
  out->is_static = accept_word("static");
  return Status::ok();
}

// --- Properties (WITH a = b AND ...) ---

Status Parser::parse_property_constant(std::string* out) {
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

Status Parser::parse_property(Property* out) {
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
Status Parser::parse_properties(std::vector<Property>* out, CreateTableStatement* table) {
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
Status Parser::parse_orderings(std::vector<std::pair<std::string, bool>>* out) {
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

// --- CREATE, ALTER, DROP ---

// What CREATE/ALTER/DROP name that Cairn does not run, or null.
const char* Parser::unsupported_schema_object() const {
  const Token& t = peek();
  if (t.type != TokenType::kIdentifier) return nullptr;
  const std::string& w = t.text;
  if (w == "index" || w == "custom") return "secondary indexes (INDEX)";
  if (w == "type") return "user-defined types (TYPE)";
  if (w == "function" || w == "or") return "user-defined functions (FUNCTION)";
  if (w == "aggregate") return "user-defined aggregates (AGGREGATE)";
  if (w == "materialized") return "materialized views (MATERIALIZED VIEW)";
  if (w == "trigger") return "triggers (TRIGGER)";
  return nullptr;
}

bool Parser::accept_table_word() { return accept_word("table") || accept_word("columnfamily"); }

bool Parser::accept_keyspace_word() { return accept_word("keyspace") || accept_word("schema"); }

Status Parser::parse_create(Statement* out) {
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

Status Parser::parse_create_table(CreateTableStatement* s) {
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
                         (s->table.keyspace.empty() ? "" : s->table.keyspace + ".") +
                         s->table.name + "' (exactly one required)");
  }
  if (accept_word("with")) return parse_properties(&s->properties, s);
  return Status::ok();
}

// PRIMARY KEY ((a, b), c, d) / (a, c) / (a), after the words.
Status Parser::parse_primary_key(CreateTableStatement* s) {
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

Status Parser::parse_alter(Statement* out) {
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
  if (accept_table_word()) return parse_into<AlterTableStatement>(out, &Parser::parse_alter_table);
  return no_viable();
}

Status Parser::parse_alter_table(AlterTableStatement* s) {
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

Status Parser::parse_drop(Statement* out) {
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

}  // namespace cairn::cql::parser_internal
