// The CQL lexer and parser: every statement form into its exact syntax tree, the
// identifier and constant rules, bind marker numbering, Cassandra-style errors with
// line:column, and hostile input (deep nesting, huge statements, trailing garbage).
#include "cql/language/parser.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "cql/language/lexer.h"

namespace cairn::cql {

// Readable failures for Term comparisons (static: other tests may print Terms too).
static std::string describe(const Term& t) {
  std::string args;
  for (const Term& e : t.elements) args += (args.empty() ? "" : ", ") + describe(e);
  switch (t.kind) {
    case Term::Kind::kConstant:
      return "const" + std::to_string(static_cast<int>(t.constant_kind)) + "(" + t.text + ")";
    case Term::Kind::kNull: return "null";
    case Term::Kind::kBindMarker: return "?" + std::to_string(t.bind_index) + t.bind_name;
    case Term::Kind::kList: return "[" + args + "]";
    case Term::Kind::kSet: return "set{" + args + "}";
    case Term::Kind::kMap: return "map{" + args + "}";
    case Term::Kind::kTuple: return "(" + args + ")";
    case Term::Kind::kFunction: return t.function_name + "(" + args + ")";
  }
  return "?";
}
static void PrintTo(const Term& t, std::ostream* os) { *os << describe(t); }

namespace {

using CK = Term::ConstantKind;

Term constant(CK kind, std::string text) {
  Term t;
  t.kind = Term::Kind::kConstant;
  t.constant_kind = kind;
  t.text = std::move(text);
  return t;
}
Term str(std::string s) { return constant(CK::kString, std::move(s)); }
Term num(std::string s) { return constant(CK::kInteger, std::move(s)); }
Term flt(std::string s) { return constant(CK::kFloat, std::move(s)); }
Term null_term() { return Term{}; }
Term marker(int index, std::string name = "") {
  Term t;
  t.kind = Term::Kind::kBindMarker;
  t.bind_index = index;
  t.bind_name = std::move(name);
  return t;
}
Term composite(Term::Kind kind, std::vector<Term> elements) {
  Term t;
  t.kind = kind;
  t.elements = std::move(elements);
  return t;
}
Term list(std::vector<Term> e) { return composite(Term::Kind::kList, std::move(e)); }
Term set(std::vector<Term> e) { return composite(Term::Kind::kSet, std::move(e)); }
Term map(std::vector<Term> e) { return composite(Term::Kind::kMap, std::move(e)); }
Term tuple(std::vector<Term> e) { return composite(Term::Kind::kTuple, std::move(e)); }
Term fn(std::string name, std::vector<Term> args = {}) {
  Term t = composite(Term::Kind::kFunction, std::move(args));
  t.function_name = std::move(name);
  return t;
}

Relation single(std::string column, Relation::Op op, Term value) {
  Relation r;
  r.columns = {std::move(column)};
  r.op = op;
  r.value = std::move(value);
  return r;
}

ParsedStatement parse_ok(std::string_view text) {
  auto r = parse_statement(text);
  EXPECT_TRUE(r.is_ok()) << text << "\n  -> " << r.status().message();
  return r.is_ok() ? std::move(r).value() : ParsedStatement{};
}

template <typename T>
T parse_as(std::string_view text) {
  ParsedStatement p = parse_ok(text);
  const T* s = std::get_if<T>(&p.statement);
  EXPECT_NE(s, nullptr) << text << " parsed as another statement kind";
  return s != nullptr ? *s : T{};
}

std::string parse_error(std::string_view text) {
  auto r = parse_statement(text);
  EXPECT_FALSE(r.is_ok()) << text << " parsed";
  if (r.is_ok()) return "";
  EXPECT_TRUE(r.status().is_invalid_argument()) << r.status().to_string();
  return r.status().message();
}

// A statement that parses but that CQL refuses (answered as Invalid): its message.
std::string request_error(std::string_view text) {
  auto r = parse_statement(text);
  EXPECT_FALSE(r.is_ok()) << text << " parsed";
  if (r.is_ok()) return "";
  EXPECT_EQ(r.status().code(), Status::Code::kNotSupported) << r.status().to_string();
  return r.status().message();
}

Term the_term(std::string_view literal) {
  auto s = parse_as<InsertStatement>("INSERT INTO t (a) VALUES (" + std::string(literal) + ")");
  return s.values.empty() ? Term{} : s.values[0];
}

std::vector<Token> lex(std::string_view text) {
  auto r = tokenize(text);
  EXPECT_TRUE(r.is_ok()) << text << "\n  -> " << r.status().message();
  return r.is_ok() ? std::move(r).value() : std::vector<Token>{};
}

std::string nested(std::string_view open, std::string_view inner, std::string_view close,
                   int depth) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += open;
  s += inner;
  for (int i = 0; i < depth; ++i) s += close;
  return s;
}

// --- Lexer ---

TEST(ParserLexerTest, TokensOfEveryKindWithTheirText) {
  auto tokens =
      lex("SeLeCt \"MiXed\" 'it''s' $$a'b$$ -12 3.5e-2 -Infinity NaN TRUE "
          "123E4567-E89B-12d3-a456-426614174000 0XcafE 1h30m ? :n <= >= != += -= ;");
  ASSERT_EQ(tokens.size(), 22u);
  auto expect = [&](size_t i, TokenType type, std::string text) {
    EXPECT_EQ(tokens[i].type, type) << i;
    EXPECT_EQ(tokens[i].text, text) << i;
  };
  expect(0, TokenType::kIdentifier, "select");
  expect(1, TokenType::kQuotedName, "MiXed");
  expect(2, TokenType::kString, "it's");
  expect(3, TokenType::kString, "a'b");
  expect(4, TokenType::kInteger, "-12");
  expect(5, TokenType::kFloat, "3.5e-2");
  expect(6, TokenType::kFloat, "-Infinity");
  expect(7, TokenType::kFloat, "NaN");
  expect(8, TokenType::kBoolean, "true");
  expect(9, TokenType::kUuid, "123E4567-E89B-12d3-a456-426614174000");
  expect(10, TokenType::kHex, "0xcafE");
  expect(11, TokenType::kDuration, "1h30m");
  expect(12, TokenType::kQuestionMark, "?");
  expect(13, TokenType::kPunctuation, ":");
  expect(14, TokenType::kIdentifier, "n");
  expect(15, TokenType::kPunctuation, "<=");
  expect(16, TokenType::kPunctuation, ">=");
  expect(17, TokenType::kPunctuation, "!=");
  expect(18, TokenType::kPunctuation, "+=");
  expect(19, TokenType::kPunctuation, "-=");
  expect(20, TokenType::kPunctuation, ";");
  expect(21, TokenType::kEnd, "");
}

TEST(ParserLexerTest, CommentsAreSkippedAndPositionsCountLinesFromOneColumnsFromZero) {
  auto tokens = lex("-- a comment\n  SELECT /* multi\nline */ x // end\n\tFROM");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].text, "select");
  EXPECT_EQ(tokens[0].line, 2u);
  EXPECT_EQ(tokens[0].column, 2u);
  EXPECT_EQ(tokens[1].text, "x");
  EXPECT_EQ(tokens[1].line, 3u);
  EXPECT_EQ(tokens[1].column, 8u);
  EXPECT_EQ(tokens[2].text, "from");
  EXPECT_EQ(tokens[2].line, 4u);
  EXPECT_EQ(tokens[2].column, 1u);
  EXPECT_EQ(tokens[3].type, TokenType::kEnd);
}

TEST(ParserLexerTest, DurationsInEveryForm) {
  for (std::string d : {"1h30m", "12mo", "3w", "1y2mo3d4h5m6s7ms8us9ns", "3\xc2\xb5s", "5US", "-1d",
                        "P1Y2M3D", "pt2h30m", "P3W", "P1DT2H", "P0001-02-03T04:05:06", "-P1D"}) {
    auto tokens = lex(d);
    ASSERT_EQ(tokens.size(), 2u) << d;
    EXPECT_EQ(tokens[0].type, TokenType::kDuration) << d;
    EXPECT_EQ(tokens[0].text, d);
  }
  // Words that only look like durations stay identifiers.
  for (std::string word : {"p", "pt", "p1", "p1d_x", "period"}) {
    EXPECT_EQ(lex(word)[0].type, TokenType::kIdentifier) << word;
  }
}

TEST(ParserLexerTest, NumbersAndTheMinusSign) {
  auto tokens = lex("1 -1 1.5 1. 2e10 2E+3 7e c-1 - 1 -x");
  std::vector<std::pair<TokenType, std::string>> want = {
      {TokenType::kInteger, "1"},     {TokenType::kInteger, "-1"},    {TokenType::kFloat, "1.5"},
      {TokenType::kFloat, "1."},      {TokenType::kFloat, "2e10"},    {TokenType::kFloat, "2E+3"},
      {TokenType::kInteger, "7"},     {TokenType::kIdentifier, "e"},  {TokenType::kIdentifier, "c"},
      {TokenType::kInteger, "-1"},    {TokenType::kPunctuation, "-"}, {TokenType::kInteger, "1"},
      {TokenType::kPunctuation, "-"}, {TokenType::kIdentifier, "x"},  {TokenType::kEnd, ""}};
  ASSERT_EQ(tokens.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(tokens[i].type, want[i].first) << i;
    EXPECT_EQ(tokens[i].text, want[i].second) << i;
  }
}

TEST(ParserLexerTest, QuotedNamesAndStringsUnescape) {
  auto tokens = lex("\"a\"\"b\" \"\"\"\" '' '''' $$$$ $$--not a comment$$");
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[0].text, "a\"b");
  EXPECT_EQ(tokens[1].text, "\"");
  EXPECT_EQ(tokens[2].text, "");
  EXPECT_EQ(tokens[3].text, "'");
  EXPECT_EQ(tokens[4].text, "");
  EXPECT_EQ(tokens[5].text, "--not a comment");
}

TEST(ParserLexerTest, ErrorsNameTheLineAndColumn) {
  auto error = [](std::string_view text) {
    auto r = tokenize(text);
    EXPECT_FALSE(r.is_ok()) << text;
    return r.is_ok() ? std::string() : r.status().message();
  };
  EXPECT_EQ(error("SELECT 'abc"),
            "line 1:11 mismatched character '<EOF>' expecting ''' (the string opened at line "
            "1:7 is not closed)");
  EXPECT_EQ(error("SELECT\n \"abc"),
            "line 2:5 mismatched character '<EOF>' expecting '\"' (the quoted name opened at "
            "line 2:1 is not closed)");
  EXPECT_EQ(error("x $$abc"),
            "line 1:7 mismatched character '<EOF>' expecting '$$' (the string opened at line "
            "1:2 is not closed)");
  EXPECT_EQ(error("x /* abc"),
            "line 1:8 mismatched character '<EOF>' expecting '*/' (the comment opened at line "
            "1:2 is not closed)");
  EXPECT_EQ(error("a # b"), "line 1:2 no viable alternative at character '#'");
  EXPECT_EQ(error("a\n\x01"), "line 2:0 no viable alternative at character '\\x01'");
  EXPECT_EQ(error("x \"\" y"),
            "line 1:2 no viable alternative at character '\"' (an empty quoted name)");
}

// --- Identifiers, constants, terms ---

TEST(ParserTest, UnquotedNamesAreLowerCasedQuotedOnesKeepTheirCase) {
  auto s = parse_as<SelectStatement>(
      "SELECT MyCol, \"MyCol\", \"with \"\"quote\"\"\" FROM MyKs.\"MyTable\" WHERE \"K\" = 1");
  EXPECT_EQ(s.table, (TableName{"myks", "MyTable"}));
  ASSERT_EQ(s.selectors.size(), 3u);
  EXPECT_EQ(s.selectors[0].name, "mycol");
  EXPECT_EQ(s.selectors[1].name, "MyCol");
  EXPECT_EQ(s.selectors[2].name, "with \"quote\"");
  EXPECT_EQ(s.where[0].columns, std::vector<std::string>{"K"});
}

TEST(ParserTest, KeywordsAreCaseInsensitive) {
  auto s = parse_as<SelectStatement>("sElEcT * FrOm t wHeRe a = 1 LiMiT 3 aLLoW FiLtErInG");
  EXPECT_TRUE(s.select_all);
  EXPECT_TRUE(s.allow_filtering);
  EXPECT_EQ(s.limit, num("3"));
}

TEST(ParserTest, UnreservedKeywordsWorkAsNamesReservedOnesNeedQuotes) {
  const std::vector<std::string> names = {
      "key",    "value",     "ttl",        "writetime", "count",   "type",   "timestamp",
      "date",   "time",      "text",       "map",       "list",    "set",    "keys",
      "token",  "json",      "distinct",   "filtering", "options", "role",   "user",
      "login",  "password",  "static",     "frozen",    "tuple",   "exists", "contains",
      "per",    "partition", "clustering", "compact",   "storage", "as",     "counter",
      "custom", "function",  "values",     "cast",      "group",   "like"};
  std::string columns;
  for (const auto& n : names) columns += (columns.empty() ? "" : ", ") + n + " int";
  auto create =
      parse_as<CreateTableStatement>("CREATE TABLE t (" + columns + ", PRIMARY KEY (key, value))");
  ASSERT_EQ(create.columns.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(create.columns[i].name, names[i]);
  EXPECT_EQ(create.clustering, std::vector<std::string>{"value"});

  for (const auto& n : names) {
    auto select = parse_as<SelectStatement>("SELECT " + n + " FROM " + n + " WHERE " + n +
                                            " = 1 ORDER BY " + n);
    ASSERT_EQ(select.selectors.size(), 1u) << n;
    EXPECT_EQ(select.selectors[0].kind, Selector::Kind::kColumn) << n;
    EXPECT_EQ(select.selectors[0].name, n);
    EXPECT_EQ(select.table.name, n);
    EXPECT_EQ(select.where, std::vector<Relation>{single(n, Relation::Op::kEq, num("1"))});
    auto update = parse_as<UpdateStatement>("UPDATE " + n + " SET " + n + " = " + n +
                                            " + 1 WHERE " + n + " = 1");
    ASSERT_EQ(update.assignments.size(), 1u) << n;
    EXPECT_EQ(update.assignments[0].kind, Assignment::Kind::kAdd) << n;
  }
  for (std::string reserved : {"select", "from", "where", "and", "keyspace", "table", "in", "limit",
                               "primary", "null", "insert", "order", "by"}) {
    EXPECT_NE(parse_error("SELECT a FROM t WHERE " + reserved + " = 1")
                  .find("no viable alternative at input '" + reserved + "'"),
              std::string::npos)
        << reserved;
    auto quoted = parse_as<SelectStatement>("SELECT \"" + reserved + "\" FROM \"" + reserved +
                                            "\" WHERE \"" + reserved + "\" = 1");
    EXPECT_EQ(quoted.table.name, reserved);
  }
}

TEST(ParserTest, ConstantsOfEveryKind) {
  EXPECT_EQ(the_term("'it''s'"), str("it's"));
  EXPECT_EQ(the_term("$$it's $ here$$"), str("it's $ here"));
  EXPECT_EQ(the_term("''"), str(""));
  EXPECT_EQ(the_term("42"), num("42"));
  EXPECT_EQ(the_term("-42"), num("-42"));
  EXPECT_EQ(the_term("1.5"), flt("1.5"));
  EXPECT_EQ(the_term("-2e3"), flt("-2e3"));
  EXPECT_EQ(the_term("1.5E-7"), flt("1.5E-7"));
  EXPECT_EQ(the_term("NaN"), flt("NaN"));
  EXPECT_EQ(the_term("nan"), flt("NaN"));
  EXPECT_EQ(the_term("Infinity"), flt("Infinity"));
  EXPECT_EQ(the_term("-Infinity"), flt("-Infinity"));
  EXPECT_EQ(the_term("- infinity"), flt("-Infinity"));
  EXPECT_EQ(the_term("TRUE"), constant(CK::kBoolean, "true"));
  EXPECT_EQ(the_term("false"), constant(CK::kBoolean, "false"));
  EXPECT_EQ(the_term("550e8400-e29b-41d4-a716-446655440000"),
            constant(CK::kUuid, "550e8400-e29b-41d4-a716-446655440000"));
  EXPECT_EQ(the_term("0xCAFE"), constant(CK::kHex, "0xCAFE"));
  EXPECT_EQ(the_term("0x"), constant(CK::kHex, "0x"));
  EXPECT_EQ(the_term("1h30m"), constant(CK::kDuration, "1h30m"));
  EXPECT_EQ(the_term("P1DT2H"), constant(CK::kDuration, "P1DT2H"));
  EXPECT_EQ(the_term("-3mo"), constant(CK::kDuration, "-3mo"));
  EXPECT_EQ(the_term("NULL"), null_term());
}

TEST(ParserTest, CollectionTupleAndFunctionTerms) {
  EXPECT_EQ(the_term("[1, 2]"), list({num("1"), num("2")}));
  EXPECT_EQ(the_term("[]"), list({}));
  EXPECT_EQ(the_term("{1, 2}"), set({num("1"), num("2")}));
  EXPECT_EQ(the_term("{'a': 1, 'b': 2}"), map({str("a"), num("1"), str("b"), num("2")}));
  EXPECT_EQ(the_term("{}"), map({}));
  EXPECT_EQ(the_term("(1, 'x', null)"), tuple({num("1"), str("x"), null_term()}));
  EXPECT_EQ(the_term("(1)"), tuple({num("1")}));
  EXPECT_EQ(the_term("now()"), fn("now"));
  EXPECT_EQ(the_term("UUID()"), fn("uuid"));
  EXPECT_EQ(the_term("toTimestamp(now())"), fn("totimestamp", {fn("now")}));
  EXPECT_EQ(the_term("currentTimestamp()"), fn("currenttimestamp"));
  EXPECT_EQ(the_term("system.blobAsText(0x41)"),
            fn("system.blobastext", {constant(CK::kHex, "0x41")}));
  EXPECT_EQ(the_term("{'k': [{1: (2, [3])}]}"),
            map({str("k"), list({map({num("1"), tuple({num("2"), list({num("3")})})})})}));
  EXPECT_EQ(the_term("[?, :name]"), list({marker(0), marker(1, "name")}));
}

TEST(ParserTest, CastsAndUserTypeLiteralsAreRefused) {
  EXPECT_EQ(parse_error("INSERT INTO t (a) VALUES ((int) 3)"),
            "line 1:26 type casts are not supported (INSERT INTO t (a) VALUES ([(]int)...)");
  EXPECT_EQ(parse_error("INSERT INTO t (a) VALUES ({street: 'x'})"),
            "line 1:27 user-defined type literals are not supported (INSERT INTO t (a) VALUES "
            "({[street]: 'x'...)");
}

// --- Schema statements ---

TEST(ParserTest, UseAndKeyspaceStatements) {
  EXPECT_EQ(parse_as<UseStatement>("USE ks").keyspace, "ks");
  EXPECT_EQ(parse_as<UseStatement>("use \"MyKs\";").keyspace, "MyKs");

  auto create = parse_as<CreateKeyspaceStatement>(
      "CREATE KEYSPACE IF NOT EXISTS Ks WITH replication = {'class': 'SimpleStrategy', "
      "'replication_factor': 1} AND durable_writes = true");
  EXPECT_EQ(create.keyspace, "ks");
  EXPECT_TRUE(create.if_not_exists);
  ASSERT_EQ(create.properties.size(), 2u);
  Property replication;
  replication.name = "replication";
  replication.is_map = true;
  replication.map_value = {{"class", "SimpleStrategy"}, {"replication_factor", "1"}};
  EXPECT_EQ(create.properties[0], replication);
  Property durable;
  durable.name = "durable_writes";
  durable.value = "true";
  EXPECT_EQ(create.properties[1], durable);
  EXPECT_FALSE(parse_as<CreateKeyspaceStatement>("CREATE SCHEMA k WITH a = 1").if_not_exists);

  auto alter = parse_as<AlterKeyspaceStatement>(
      "ALTER KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': '3'}");
  EXPECT_EQ(alter.keyspace, "ks");
  ASSERT_EQ(alter.properties.size(), 1u);
  EXPECT_EQ(alter.properties[0].map_value.at("dc1"), "3");

  auto drop = parse_as<DropKeyspaceStatement>("DROP KEYSPACE IF EXISTS ks");
  EXPECT_EQ(drop.keyspace, "ks");
  EXPECT_TRUE(drop.if_exists);
  EXPECT_FALSE(parse_as<DropKeyspaceStatement>("DROP KEYSPACE ks").if_exists);
}

TEST(ParserTest, CreateTableWithEverything) {
  auto s = parse_as<CreateTableStatement>(
      "CREATE TABLE IF NOT EXISTS ks.t (a int, b text, c timeuuid, s text static, "
      "m map<text,int>, f frozen<list<int>>, PRIMARY KEY ((a, b), c)) "
      "WITH CLUSTERING ORDER BY (c DESC) AND compaction = {'class': "
      "'LeveledCompactionStrategy', 'sstable_size_in_mb': 160} AND default_time_to_live = 10 "
      "AND comment = 'it''s' AND bloom_filter_fp_chance = 0.01 AND COMPACT STORAGE");
  EXPECT_EQ(s.table, (TableName{"ks", "t"}));
  EXPECT_TRUE(s.if_not_exists);
  std::vector<std::tuple<std::string, std::string, bool>> want = {
      {"a", "int", false}, {"b", "text", false},           {"c", "timeuuid", false},
      {"s", "text", true}, {"m", "map<text, int>", false}, {"f", "frozen<list<int>>", false}};
  ASSERT_EQ(s.columns.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(s.columns[i].name, std::get<0>(want[i]));
    ASSERT_NE(s.columns[i].type, nullptr);
    EXPECT_EQ(s.columns[i].type->cql_name(), std::get<1>(want[i]));
    EXPECT_EQ(s.columns[i].is_static, std::get<2>(want[i]));
  }
  EXPECT_EQ(s.partition_key, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.clustering, std::vector<std::string>{"c"});
  EXPECT_EQ(s.clustering_order, (std::vector<std::pair<std::string, bool>>{{"c", true}}));
  EXPECT_TRUE(s.compact_storage);
  ASSERT_EQ(s.properties.size(), 4u);
  EXPECT_EQ(s.properties[0].name, "compaction");
  EXPECT_EQ(s.properties[0].map_value,
            (std::map<std::string, std::string>{{"class", "LeveledCompactionStrategy"},
                                                {"sstable_size_in_mb", "160"}}));
  EXPECT_EQ(s.properties[1].value, "10");
  EXPECT_EQ(s.properties[2].value, "it's");
  EXPECT_EQ(s.properties[3].value, "0.01");
}

TEST(ParserTest, CreateTablePrimaryKeyForms) {
  auto inline_key = parse_as<CreateTableStatement>("CREATE TABLE t (a int PRIMARY KEY, b int)");
  EXPECT_EQ(inline_key.partition_key, std::vector<std::string>{"a"});
  EXPECT_TRUE(inline_key.clustering.empty());
  EXPECT_EQ(inline_key.table, (TableName{"", "t"}));

  auto one = parse_as<CreateTableStatement>("CREATE TABLE t (a int, b int, PRIMARY KEY (a))");
  EXPECT_EQ(one.partition_key, std::vector<std::string>{"a"});
  auto two = parse_as<CreateTableStatement>(
      "CREATE COLUMNFAMILY t (a int, b int, c int, PRIMARY KEY (a, b, c),)");
  EXPECT_EQ(two.partition_key, std::vector<std::string>{"a"});
  EXPECT_EQ(two.clustering, (std::vector<std::string>{"b", "c"}));
  auto parenthesized = parse_as<CreateTableStatement>(
      "CREATE TABLE t (a int, b int, PRIMARY KEY ((a), b)) WITH CLUSTERING ORDER BY (b ASC)");
  EXPECT_EQ(parenthesized.partition_key, std::vector<std::string>{"a"});
  EXPECT_EQ(parenthesized.clustering_order,
            (std::vector<std::pair<std::string, bool>>{{"b", false}}));
}

TEST(ParserTest, CreateTableTypes) {
  auto s = parse_as<CreateTableStatement>(
      "CREATE TABLE t (k int PRIMARY KEY, a map<text, frozen<list<int>>>, "
      "b tuple<int, text, frozen<map<int, text>>>, c VARCHAR, d frozen<tuple<int>>, "
      "e set<timestamp>, f list<frozen<set<uuid>>>, g blob, h duration, i frozen<map<int, "
      "frozen<set<int>>>>)");
  std::vector<std::string> want = {"int",
                                   "map<text, frozen<list<int>>>",
                                   "tuple<int, text, frozen<map<int, text>>>",
                                   "text",
                                   "tuple<int>",
                                   "set<timestamp>",
                                   "list<frozen<set<uuid>>>",
                                   "blob",
                                   "duration",
                                   "frozen<map<int, frozen<set<int>>>>"};
  ASSERT_EQ(s.columns.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(s.columns[i].type->cql_name(), want[i]);
}

TEST(ParserTest, CreateTableErrors) {
  EXPECT_EQ(request_error("CREATE TABLE t (a int PRIMARY KEY, b address)"), "Unknown type address");
  EXPECT_EQ(request_error("CREATE TABLE t (k int PRIMARY KEY, b frozen<ks.address>)"),
            "Unknown type ks.address");
  EXPECT_EQ(parse_error("CREATE TABLE t (k int PRIMARY KEY, b list<list<int>>)"),
            "line 1:37 invalid type 'list<list<int>>': a collection inside a collection must "
            "be frozen: frozen<list<...>> (CREATE TABLE t (k int PRIMARY KEY, b [list]<list...)");
  EXPECT_EQ(parse_error("CREATE TABLE t (k int PRIMARY KEY, b 'org.example.MyType')"),
            "line 1:37 custom types ('class name' types) are not supported (CREATE TABLE t (k "
            "int PRIMARY KEY, b ['org.example.MyType']))");
  EXPECT_EQ(parse_error("CREATE TABLE t (k int PRIMARY KEY, c counter)"),
            "line 1:37 counter columns are not supported (CREATE TABLE t (k int PRIMARY KEY, c "
            "[counter]))");
  EXPECT_EQ(request_error("CREATE TABLE t (a int, b int)"),
            "No PRIMARY KEY specifed for table 't' (exactly one required)");
  EXPECT_EQ(request_error("CREATE TABLE t (a int PRIMARY KEY, b int PRIMARY KEY)"),
            "Multiple PRIMARY KEYs specified (exactly one required)");
  EXPECT_EQ(parse_error("CREATE TABLE t (a int, PRIMARY KEY (a)) WITH x = 1 AND x = 2"),
            "line 1:55 Multiple definition for property 'x' (...KEY (a)) WITH x = 1 AND [x] = "
            "2)");
}

TEST(ParserTest, AlterTableForms) {
  using Kind = AlterTableStatement::Kind;
  auto add = parse_as<AlterTableStatement>("ALTER TABLE ks.t ADD c int");
  EXPECT_EQ(add.table, (TableName{"ks", "t"}));
  EXPECT_EQ(add.kind, Kind::kAdd);
  ASSERT_EQ(add.added.size(), 1u);
  EXPECT_EQ(add.added[0].name, "c");
  EXPECT_EQ(add.added[0].type->cql_name(), "int");
  EXPECT_FALSE(add.added[0].is_static);

  auto add_many = parse_as<AlterTableStatement>("ALTER TABLE t ADD (c int, d set<text> static)");
  ASSERT_EQ(add_many.added.size(), 2u);
  EXPECT_EQ(add_many.added[1].name, "d");
  EXPECT_EQ(add_many.added[1].type->cql_name(), "set<text>");
  EXPECT_TRUE(add_many.added[1].is_static);

  auto drop = parse_as<AlterTableStatement>("ALTER TABLE t DROP c");
  EXPECT_EQ(drop.kind, Kind::kDrop);
  EXPECT_EQ(drop.dropped, std::vector<std::string>{"c"});
  EXPECT_EQ(parse_as<AlterTableStatement>("ALTER TABLE t DROP (c, \"D\")").dropped,
            (std::vector<std::string>{"c", "D"}));

  auto rename = parse_as<AlterTableStatement>("ALTER TABLE t RENAME a TO b AND c TO d");
  EXPECT_EQ(rename.kind, Kind::kRename);
  EXPECT_EQ(rename.renamed,
            (std::vector<std::pair<std::string, std::string>>{{"a", "b"}, {"c", "d"}}));

  auto with = parse_as<AlterTableStatement>(
      "ALTER TABLE t WITH gc_grace_seconds = 0 AND compaction = {'class': 'x'}");
  EXPECT_EQ(with.kind, Kind::kWith);
  ASSERT_EQ(with.properties.size(), 2u);
  EXPECT_EQ(with.properties[0].value, "0");
  EXPECT_TRUE(with.properties[1].is_map);

  auto alter = parse_as<AlterTableStatement>("ALTER COLUMNFAMILY t ALTER c TYPE blob");
  EXPECT_EQ(alter.kind, Kind::kAlterType);
  EXPECT_EQ(alter.altered.name, "c");
  EXPECT_EQ(alter.altered.type->cql_name(), "blob");
}

TEST(ParserTest, DropTableAndTruncate) {
  auto drop = parse_as<DropTableStatement>("DROP TABLE IF EXISTS ks.t");
  EXPECT_EQ(drop.table, (TableName{"ks", "t"}));
  EXPECT_TRUE(drop.if_exists);
  EXPECT_FALSE(parse_as<DropTableStatement>("DROP TABLE t").if_exists);
  EXPECT_EQ(parse_as<TruncateStatement>("TRUNCATE t").table, (TableName{"", "t"}));
  EXPECT_EQ(parse_as<TruncateStatement>("TRUNCATE TABLE ks.t").table, (TableName{"ks", "t"}));
}

TEST(ParserTest, UnsupportedStatementsSayWhat) {
  EXPECT_EQ(parse_error("CREATE INDEX ON t (a)"),
            "line 1:7 secondary indexes (INDEX) are not supported (CREATE [INDEX] ON t...)");
  EXPECT_EQ(parse_error("CREATE CUSTOM INDEX i ON t (a) USING 'x'"),
            "line 1:7 secondary indexes (INDEX) are not supported (CREATE [CUSTOM] INDEX i...)");
  EXPECT_EQ(parse_error("CREATE TYPE address (street text)"),
            "line 1:7 user-defined types (TYPE) are not supported (CREATE [TYPE] address (...)");
  EXPECT_NE(parse_error("CREATE OR REPLACE FUNCTION f() RETURNS NULL ON NULL INPUT")
                .find("user-defined functions (FUNCTION) are not supported"),
            std::string::npos);
  EXPECT_NE(parse_error("CREATE MATERIALIZED VIEW v AS SELECT * FROM t")
                .find("materialized views (MATERIALIZED VIEW) are not supported"),
            std::string::npos);
  EXPECT_NE(parse_error("DROP INDEX i").find("secondary indexes"), std::string::npos);
  EXPECT_NE(parse_error("ALTER TYPE a ADD x int").find("user-defined types"), std::string::npos);
  EXPECT_NE(parse_error("DROP AGGREGATE a").find("user-defined aggregates"), std::string::npos);
  EXPECT_NE(parse_error("CREATE TRIGGER x ON t USING 'c'").find("triggers"), std::string::npos);
  // Roles and permissions parse: tests/cql/auth_test.cc.
  EXPECT_NE(parse_error("DESCRIBE KEYSPACES").find("DESCRIBE statements"), std::string::npos);
}

// --- SELECT ---

TEST(ParserTest, SelectorsOfEveryKind) {
  auto s = parse_as<SelectStatement>(
      "SELECT a, b AS x, COUNT(*), count(1), count(c), WRITETIME(d), TTL(e), token(a, b), "
      "toTimestamp(now()), f(g(h), 1, ?) AS y, 'const', 42, \"Q\" FROM t");
  EXPECT_FALSE(s.select_all);
  ASSERT_EQ(s.selectors.size(), 13u);
  auto column = [](std::string name, std::string alias = "") {
    Selector sel;
    sel.kind = Selector::Kind::kColumn;
    sel.name = std::move(name);
    sel.alias = std::move(alias);
    return sel;
  };
  auto function = [](std::string name, std::vector<Selector> args, std::string alias = "") {
    Selector sel;
    sel.kind = Selector::Kind::kFunction;
    sel.function_name = std::move(name);
    sel.arguments = std::move(args);
    sel.alias = std::move(alias);
    return sel;
  };
  auto term = [](Term t) {
    Selector sel;
    sel.kind = Selector::Kind::kTerm;
    sel.term = std::move(t);
    return sel;
  };
  Selector count_star;
  count_star.kind = Selector::Kind::kCountStar;
  Selector writetime;
  writetime.kind = Selector::Kind::kWritetime;
  writetime.name = "d";
  Selector ttl;
  ttl.kind = Selector::Kind::kTtl;
  ttl.name = "e";
  EXPECT_EQ(s.selectors[0], column("a"));
  EXPECT_EQ(s.selectors[1], column("b", "x"));
  EXPECT_EQ(s.selectors[2], count_star);
  EXPECT_EQ(s.selectors[3], count_star);
  EXPECT_EQ(s.selectors[4], function("count", {column("c")}));
  EXPECT_EQ(s.selectors[5], writetime);
  EXPECT_EQ(s.selectors[6], ttl);
  EXPECT_EQ(s.selectors[7], function("token", {column("a"), column("b")}));
  EXPECT_EQ(s.selectors[8], function("totimestamp", {function("now", {})}));
  EXPECT_EQ(s.selectors[9],
            function("f", {function("g", {column("h")}), term(num("1")), term(marker(0))}, "y"));
  EXPECT_EQ(s.selectors[10], term(str("const")));
  EXPECT_EQ(s.selectors[11], term(num("42")));
  EXPECT_EQ(s.selectors[12], column("Q"));
  EXPECT_EQ(parse_error("SELECT COUNT(2) FROM t"),
            "line 1:13 Only COUNT(1) is supported, got COUNT(2) (SELECT COUNT([2]) FROM...)");
}

TEST(ParserTest, SelectModifiersAndClauses) {
  auto s = parse_as<SelectStatement>(
      "SELECT JSON DISTINCT a FROM ks.t WHERE a = ? ORDER BY b DESC, c ASC, d "
      "PER PARTITION LIMIT 2 LIMIT :lim ALLOW FILTERING;");
  EXPECT_TRUE(s.json);
  EXPECT_TRUE(s.distinct);
  EXPECT_EQ(s.table, (TableName{"ks", "t"}));
  EXPECT_EQ(s.where, std::vector<Relation>{single("a", Relation::Op::kEq, marker(0))});
  EXPECT_EQ(s.order_by,
            (std::vector<std::pair<std::string, bool>>{{"b", true}, {"c", false}, {"d", false}}));
  EXPECT_EQ(s.per_partition_limit, num("2"));
  EXPECT_EQ(s.limit, marker(1, "lim"));
  EXPECT_TRUE(s.allow_filtering);

  auto star = parse_as<SelectStatement>("SELECT * FROM t");
  EXPECT_TRUE(star.select_all);
  EXPECT_TRUE(star.selectors.empty());
  EXPECT_FALSE(star.limit.has_value());
  EXPECT_TRUE(parse_as<SelectStatement>("SELECT JSON * FROM t").json);
  EXPECT_TRUE(parse_as<SelectStatement>("SELECT DISTINCT a, b FROM t").distinct);

  // JSON and DISTINCT as the selected column's name.
  auto names = parse_as<SelectStatement>("SELECT json, distinct FROM t");
  EXPECT_FALSE(names.json);
  EXPECT_FALSE(names.distinct);
  ASSERT_EQ(names.selectors.size(), 2u);
  EXPECT_EQ(names.selectors[1].name, "distinct");
  auto json_column = parse_as<SelectStatement>("SELECT json json FROM t");
  EXPECT_TRUE(json_column.json);
  EXPECT_EQ(json_column.selectors[0].name, "json");

  EXPECT_EQ(parse_error("SELECT * FROM t LIMIT 'x'"),
            "line 1:22 mismatched input ''x'' expecting INTEGER (SELECT * FROM t LIMIT ['x'])");
  EXPECT_EQ(parse_error("SELECT * FROM t GROUP BY a"),
            "line 1:16 GROUP BY clauses are not supported (SELECT * FROM t [GROUP] BY a)");
}

TEST(ParserTest, RelationsOfEveryForm) {
  using Op = Relation::Op;
  auto s = parse_as<SelectStatement>(
      "SELECT * FROM t WHERE a = 1 AND b < 2 AND b <= 3 AND c > 4 AND c >= 5 AND d != 6 "
      "AND e IN (7, ?) AND f IN ? AND g IN () AND (h, i) = (1, 'x') AND (h, i) > ? "
      "AND (h, i) IN ((1, 2), (3, 4)) AND (h) IN (?, :tup) AND (h, i) IN :all AND (h, i) IN () "
      "AND token(a, b) > token(1, 2) AND token(a) <= ? AND s CONTAINS 8 AND m CONTAINS KEY 'k' "
      "AND m['k'] = 9 AND l[0] >= 10 AND ((x = 11))");
  std::vector<Relation> want;
  want.push_back(single("a", Op::kEq, num("1")));
  want.push_back(single("b", Op::kLt, num("2")));
  want.push_back(single("b", Op::kLte, num("3")));
  want.push_back(single("c", Op::kGt, num("4")));
  want.push_back(single("c", Op::kGte, num("5")));
  want.push_back(single("d", Op::kNeq, num("6")));
  Relation in_list;
  in_list.columns = {"e"};
  in_list.op = Op::kIn;
  in_list.in_values = {num("7"), marker(0)};
  want.push_back(in_list);
  want.push_back(single("f", Op::kIn, marker(1)));
  Relation in_empty;
  in_empty.columns = {"g"};
  in_empty.op = Op::kIn;
  want.push_back(in_empty);
  auto multi = [](std::vector<std::string> columns, Op op) {
    Relation r;
    r.kind = Relation::Kind::kMultiColumn;
    r.columns = std::move(columns);
    r.op = op;
    return r;
  };
  Relation r = multi({"h", "i"}, Op::kEq);
  r.value = tuple({num("1"), str("x")});
  want.push_back(r);
  r = multi({"h", "i"}, Op::kGt);
  r.value = marker(2);
  want.push_back(r);
  r = multi({"h", "i"}, Op::kIn);
  r.in_values = {tuple({num("1"), num("2")}), tuple({num("3"), num("4")})};
  want.push_back(r);
  r = multi({"h"}, Op::kIn);
  r.in_values = {marker(3), marker(4, "tup")};
  want.push_back(r);
  r = multi({"h", "i"}, Op::kIn);
  r.value = marker(5, "all");
  want.push_back(r);
  want.push_back(multi({"h", "i"}, Op::kIn));
  r = Relation{};
  r.kind = Relation::Kind::kToken;
  r.columns = {"a", "b"};
  r.op = Op::kGt;
  r.value = fn("token", {num("1"), num("2")});
  want.push_back(r);
  r.columns = {"a"};
  r.op = Op::kLte;
  r.value = marker(6);
  want.push_back(r);
  want.push_back(single("s", Op::kContains, num("8")));
  want.push_back(single("m", Op::kContainsKey, str("k")));
  r = single("m", Op::kEq, num("9"));
  r.map_key = str("k");
  want.push_back(r);
  r = single("l", Op::kGte, num("10"));
  r.map_key = num("0");
  want.push_back(r);
  want.push_back(single("x", Op::kEq, num("11")));
  ASSERT_EQ(s.where.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(s.where[i], want[i]) << "relation " << i;
}

// --- INSERT, UPDATE, DELETE, BATCH ---

TEST(ParserTest, InsertForms) {
  auto s = parse_as<InsertStatement>(
      "INSERT INTO ks.t (a, \"B\", c) VALUES (1, 'x', [now()]) IF NOT EXISTS USING TTL 86400 AND "
      "TIMESTAMP ?");
  EXPECT_EQ(s.table, (TableName{"ks", "t"}));
  EXPECT_EQ(s.columns, (std::vector<std::string>{"a", "B", "c"}));
  EXPECT_EQ(s.values, (std::vector<Term>{num("1"), str("x"), list({fn("now")})}));
  EXPECT_FALSE(s.json);
  EXPECT_TRUE(s.conditions.if_not_exists);
  EXPECT_EQ(s.using_clause.ttl, num("86400"));
  EXPECT_EQ(s.using_clause.timestamp, marker(0));

  auto plain = parse_as<InsertStatement>("INSERT INTO t (a) VALUES (?)");
  EXPECT_EQ(plain.conditions, Conditions{});
  EXPECT_EQ(plain.using_clause, UsingClause{});

  auto json = parse_as<InsertStatement>("INSERT INTO t JSON '{\"a\": 1}'");
  EXPECT_TRUE(json.json);
  EXPECT_TRUE(json.columns.empty());
  EXPECT_EQ(json.values, std::vector<Term>{str("{\"a\": 1}")});
  EXPECT_FALSE(json.json_default_unset);
  auto json_marker =
      parse_as<InsertStatement>("INSERT INTO t JSON :j DEFAULT UNSET IF NOT EXISTS USING TTL 5");
  EXPECT_EQ(json_marker.values, std::vector<Term>{marker(0, "j")});
  EXPECT_TRUE(json_marker.json_default_unset);
  EXPECT_TRUE(json_marker.conditions.if_not_exists);
  EXPECT_FALSE(parse_as<InsertStatement>("INSERT INTO t JSON ? DEFAULT NULL").json_default_unset);

  EXPECT_EQ(request_error("INSERT INTO t (a, b) VALUES (1)"), "Unmatched column names/values");
  EXPECT_EQ(parse_error("INSERT INTO t JSON 1"),
            "line 1:19 mismatched input '1' expecting STRING_LITERAL (INSERT INTO t JSON [1])");
}

TEST(ParserTest, UpdateAssignmentsOfEveryKind) {
  using Kind = Assignment::Kind;
  auto s = parse_as<UpdateStatement>(
      "UPDATE ks.t USING TTL 10 AND TIMESTAMP 123 SET a = 1, m['k'] = 'v', l[1] = 2, "
      "s = s + {3}, l = l + [4], l = [5] + l, s = s - {6}, m = m + {'x': 7}, c = c + 1, "
      "c = c - 2, c = c-3, c += 4, c -= 5, e = null WHERE k = ?");
  auto assign = [](Kind kind, std::string column, Term value) {
    Assignment a;
    a.kind = kind;
    a.column = std::move(column);
    a.value = std::move(value);
    return a;
  };
  std::vector<Assignment> want = {
      assign(Kind::kSet, "a", num("1")),
      assign(Kind::kSetElement, "m", str("v")),
      assign(Kind::kSetElement, "l", num("2")),
      assign(Kind::kAdd, "s", set({num("3")})),
      assign(Kind::kAdd, "l", list({num("4")})),
      assign(Kind::kPrepend, "l", list({num("5")})),
      assign(Kind::kRemove, "s", set({num("6")})),
      assign(Kind::kAdd, "m", map({str("x"), num("7")})),
      assign(Kind::kAdd, "c", num("1")),
      assign(Kind::kRemove, "c", num("2")),
      assign(Kind::kRemove, "c", num("3")),
      assign(Kind::kAdd, "c", num("4")),
      assign(Kind::kRemove, "c", num("5")),
      assign(Kind::kSet, "e", null_term()),
  };
  want[1].key = str("k");
  want[2].key = num("1");
  EXPECT_EQ(s.table, (TableName{"ks", "t"}));
  EXPECT_EQ(s.using_clause.ttl, num("10"));
  EXPECT_EQ(s.using_clause.timestamp, num("123"));
  ASSERT_EQ(s.assignments.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(s.assignments[i], want[i]) << i;
  EXPECT_EQ(s.where, std::vector<Relation>{single("k", Relation::Op::kEq, marker(0))});
  EXPECT_EQ(s.conditions, Conditions{});

  EXPECT_EQ(parse_error("UPDATE t SET a = b + 1 WHERE k = 1"),
            "line 1:17 Only expressions of the form X = X + <value> are supported. (UPDATE t SET "
            "a = [b] + 1...)");
  EXPECT_EQ(parse_error("UPDATE t SET l = [1] + m WHERE k = 1"),
            "line 1:23 Only expressions of the form X = <value> + X are supported. (UPDATE t SET "
            "l = [1] + [m] WHERE k...)");
  EXPECT_EQ(parse_error("UPDATE t SET a = b WHERE k = 1"),
            "line 1:17 no viable alternative at input 'b' (UPDATE t SET a = [b] WHERE k...)");
}

TEST(ParserTest, UpdateAndDeleteConditions) {
  auto exists = parse_as<UpdateStatement>("UPDATE t SET a = 1 WHERE k = 1 IF EXISTS");
  EXPECT_TRUE(exists.conditions.if_exists);
  EXPECT_FALSE(exists.conditions.has_column_conditions);

  auto cond = parse_as<UpdateStatement>(
      "UPDATE t SET a = 1 WHERE k = 1 IF a = 2 AND m['x'] > ? AND b IN (1, 2) AND exists = true");
  EXPECT_FALSE(cond.conditions.if_exists);
  EXPECT_TRUE(cond.conditions.has_column_conditions);
  Relation element = single("m", Relation::Op::kGt, marker(0));
  element.map_key = str("x");
  Relation in;
  in.columns = {"b"};
  in.op = Relation::Op::kIn;
  in.in_values = {num("1"), num("2")};
  EXPECT_EQ(
      cond.conditions.column_conditions,
      (std::vector<Relation>{single("a", Relation::Op::kEq, num("2")), element, in,
                             single("exists", Relation::Op::kEq, constant(CK::kBoolean, "true"))}));

  auto del = parse_as<DeleteStatement>("DELETE FROM t WHERE k = 1 IF a != null");
  EXPECT_TRUE(del.conditions.has_column_conditions);
  EXPECT_EQ(del.conditions.column_conditions,
            std::vector<Relation>{single("a", Relation::Op::kNeq, null_term())});
  EXPECT_NE(parse_error("INSERT INTO t (a) VALUES (1) IF EXISTS").find("expecting K_NOT"),
            std::string::npos);
}

TEST(ParserTest, DeleteForms) {
  auto s = parse_as<DeleteStatement>(
      "DELETE a, m['k'], l[0] FROM ks.t USING TIMESTAMP 5 WHERE k = 1 AND c > 2 IF EXISTS");
  ASSERT_EQ(s.targets.size(), 3u);
  EXPECT_EQ(s.targets[0], (DeleteStatement::Target{"a", std::nullopt}));
  EXPECT_EQ(s.targets[1], (DeleteStatement::Target{"m", str("k")}));
  EXPECT_EQ(s.targets[2], (DeleteStatement::Target{"l", num("0")}));
  EXPECT_EQ(s.table, (TableName{"ks", "t"}));
  EXPECT_EQ(s.using_clause.timestamp, num("5"));
  EXPECT_FALSE(s.using_clause.ttl.has_value());
  EXPECT_EQ(s.where.size(), 2u);
  EXPECT_TRUE(s.conditions.if_exists);

  auto whole = parse_as<DeleteStatement>("DELETE FROM t WHERE k IN (1, 2)");
  EXPECT_TRUE(whole.targets.empty());
  EXPECT_EQ(parse_error("DELETE FROM t USING TTL 5 WHERE a = 1"),
            "line 1:20 mismatched input 'TTL' expecting K_TIMESTAMP (DELETE FROM t USING [TTL] "
            "5 WHERE...)");
  EXPECT_EQ(parse_error("DELETE FROM t"),
            "line 1:13 mismatched input '<EOF>' expecting K_WHERE (DELETE FROM t)");
}

TEST(ParserTest, BatchesNumberBindMarkersAcrossStatements) {
  auto p = parse_ok(
      "BEGIN UNLOGGED BATCH USING TIMESTAMP ?\n"
      "  INSERT INTO t (a, b) VALUES (?, :b);\n"
      "  UPDATE t USING TTL ? SET c = :c WHERE a = ?\n"
      "  DELETE FROM t WHERE a = :a;\n"
      "APPLY BATCH;");
  const auto* s = std::get_if<BatchStatement>(&p.statement);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->type, BatchStatement::Type::kUnlogged);
  EXPECT_EQ(s->using_clause.timestamp, marker(0));
  ASSERT_EQ(s->statements.size(), 3u);
  const auto& insert = std::get<InsertStatement>(s->statements[0]);
  EXPECT_EQ(insert.values, (std::vector<Term>{marker(1), marker(2, "b")}));
  const auto& update = std::get<UpdateStatement>(s->statements[1]);
  EXPECT_EQ(update.using_clause.ttl, marker(3));
  EXPECT_EQ(update.assignments[0].value, marker(4, "c"));
  EXPECT_EQ(update.where[0].value, marker(5));
  const auto& del = std::get<DeleteStatement>(s->statements[2]);
  EXPECT_EQ(del.where[0].value, marker(6, "a"));
  EXPECT_EQ(p.bind_names, (std::vector<std::string>{"", "", "b", "", "c", "", "a"}));

  EXPECT_EQ(parse_as<BatchStatement>("BEGIN BATCH APPLY BATCH").type,
            BatchStatement::Type::kLogged);
  EXPECT_EQ(
      parse_as<BatchStatement>("begin counter batch update t set c = c + 1 where k = 1 apply batch")
          .type,
      BatchStatement::Type::kCounter);
  EXPECT_EQ(parse_error("BEGIN BATCH SELECT * FROM t APPLY BATCH"),
            "line 1:12 mismatched input 'SELECT' expecting K_APPLY (BEGIN BATCH [SELECT] * "
            "FROM...)");
  EXPECT_EQ(parse_error("BEGIN BATCH INSERT INTO t (a) VALUES (1)"),
            "line 1:40 mismatched input '<EOF>' expecting K_APPLY (...INSERT INTO t (a) VALUES "
            "(1))");
}

TEST(ParserTest, BindMarkersAreNumberedInOrderOfAppearance) {
  auto p =
      parse_ok("SELECT a, f(?) FROM t WHERE k = :k AND c IN (?, ?) AND (d, e) > (?, :e) LIMIT ?");
  EXPECT_EQ(p.bind_names, (std::vector<std::string>{"", "k", "", "", "", "e", ""}));
  const auto& s = std::get<SelectStatement>(p.statement);
  EXPECT_EQ(s.selectors[1].arguments[0].term, marker(0));
  EXPECT_EQ(s.where[0].value, marker(1, "k"));
  EXPECT_EQ(s.where[1].in_values, (std::vector<Term>{marker(2), marker(3)}));
  EXPECT_EQ(s.where[2].value, tuple({marker(4), marker(5, "e")}));
  EXPECT_EQ(s.limit, marker(6));
  // A repeated name is a marker of its own each time, as in Cassandra.
  EXPECT_EQ(parse_ok("SELECT * FROM t WHERE a = :x AND b = :x").bind_names,
            (std::vector<std::string>{"x", "x"}));
  EXPECT_EQ(parse_ok("SELECT * FROM t WHERE a = :\"Quoted\"").bind_names,
            std::vector<std::string>{"Quoted"});
  EXPECT_TRUE(parse_ok("SELECT * FROM t").bind_names.empty());
}

// --- Scripts, errors, hostile input ---

TEST(ParserTest, ScriptsOfSeveralStatements) {
  auto r = parse_statements(
      "-- setup\n"
      "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
      "'replication_factor': 1};\n"
      "USE ks;;\n"
      "BEGIN BATCH INSERT INTO t (a) VALUES (?); INSERT INTO t (a) VALUES (?); APPLY BATCH;\n"
      "SELECT * FROM t WHERE a = ?\n");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_EQ(r->size(), 4u);
  EXPECT_TRUE(std::holds_alternative<CreateKeyspaceStatement>((*r)[0].statement));
  EXPECT_TRUE(std::holds_alternative<UseStatement>((*r)[1].statement));
  EXPECT_EQ((*r)[2].bind_names.size(), 2u);
  EXPECT_EQ(std::get<SelectStatement>((*r)[3].statement).where[0].value, marker(0));
  EXPECT_TRUE(parse_statements("").value().empty());
  EXPECT_TRUE(parse_statements(" ; -- nothing\n ;").value().empty());

  auto bad = parse_statements("USE a;\nUSE b c;\nUSE d;");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().message(),
            "line 2:6 mismatched input 'c' expecting ';' (USE a; USE b [c]; USE...)");
}

TEST(ParserTest, ErrorsLookLikeCassandras) {
  EXPECT_EQ(parse_error("SELECT * FORM t"),
            "line 1:9 mismatched input 'FORM' expecting K_FROM (SELECT * [FORM] t)");
  EXPECT_EQ(parse_error("SELECT a, b FORM t WHERE k = 1"),
            "line 1:12 mismatched input 'FORM' expecting K_FROM (SELECT a, b [FORM] t WHERE...)");
  EXPECT_EQ(parse_error("SELEC * FROM t"),
            "line 1:0 no viable alternative at input 'SELEC' ([SELEC] * FROM...)");
  EXPECT_EQ(parse_error(""), "line 1:0 no viable alternative at input '<EOF>'");
  EXPECT_EQ(parse_error("SELECT * FROM"),
            "line 1:13 mismatched input '<EOF>' expecting IDENT (SELECT * FROM)");
  EXPECT_EQ(parse_error("SELECT * FROM t WHERE"),
            "line 1:21 mismatched input '<EOF>' expecting IDENT (SELECT * FROM t WHERE)");
  EXPECT_EQ(parse_error("SELECT * FROM t WHERE a == 1"),
            "line 1:25 no viable alternative at input '=' (SELECT * FROM t WHERE a =[=] 1)");
  EXPECT_EQ(parse_error("SELECT * FROM t WHERE a = "),
            "line 1:26 no viable alternative at input '<EOF>' (SELECT * FROM t WHERE a =)");
  EXPECT_EQ(parse_error("SELECT * FROM t WHERE a = 1 garbage"),
            "line 1:28 mismatched input 'garbage' expecting EOF (SELECT * FROM t WHERE a = 1 "
            "[garbage])");
  EXPECT_EQ(parse_error("SELECT * FROM t; SELECT"),
            "line 1:17 mismatched input 'SELECT' expecting EOF (SELECT * FROM t; [SELECT])");
  EXPECT_EQ(parse_error("INSERT INTO t (a) VALUES (1"),
            "line 1:27 mismatched input '<EOF>' expecting ')' (INSERT INTO t (a) VALUES (1)");
  EXPECT_EQ(parse_error("INSERT INTO t (a) VALUES [1]"),
            "line 1:25 mismatched input '[' expecting '(' (INSERT INTO t (a) VALUES [[]1])");
  EXPECT_EQ(parse_error("UPDATE t SET a = 1"),
            "line 1:18 mismatched input '<EOF>' expecting K_WHERE (UPDATE t SET a = 1)");
  EXPECT_EQ(parse_error("SELECT *\nFROM t\nWHERE a = 'x' AND\n  b = = 2"),
            "line 4:6 no viable alternative at input '=' (...* FROM t WHERE a = 'x' AND b = [=] "
            "2)");
  EXPECT_EQ(parse_error("SELECT * FROM t WHERE a = 'x"),
            "line 1:28 mismatched character '<EOF>' expecting ''' (the string opened at line "
            "1:26 is not closed)");
  EXPECT_EQ(parse_error("DROP TABLE"),
            "line 1:10 mismatched input '<EOF>' expecting IDENT (DROP TABLE)");
  EXPECT_EQ(parse_error("CREATE KEYSPACE ks WITH replication = {'a': 1, 'a': 2}"),
            "line 1:47 Multiple definition for key 'a' of property 'replication' (...KEYSPACE ks "
            "WITH replication = {'a': 1, ['a']: 2...)");
  // A long token is shortened in the message.
  const std::string long_name(200, 'x');
  EXPECT_EQ(parse_error("SELECT * FROM t " + long_name), "line 1:16 mismatched input '" +
                                                             std::string(48, 'x') +
                                                             "...' expecting EOF (SELECT * "
                                                             "FROM t [" +
                                                             std::string(48, 'x') + "...])");
  // Tokens are shown on one line and in valid UTF-8, whatever bytes they hold.
  const std::string shown =
      "'a b?c\xc3\xa9?"
      "?'";  // \xff and a cut-off sequence are '?'
  EXPECT_EQ(
      parse_error("SELECT * FROM t 'a\nb\xff"
                  "c\xc3\xa9\xe2\x82'"),
      "line 1:16 mismatched input '" + shown + "' expecting EOF (SELECT * FROM t [" + shown + "])");
  // Trailing semicolons are fine.
  EXPECT_TRUE(parse_statement("SELECT * FROM t;").is_ok());
  EXPECT_TRUE(parse_statement("SELECT * FROM t ; ; -- done").is_ok());
}

TEST(ParserTest, DeepNestingIsRefusedNotRecursedInto) {
  const int limit = kMaxNesting;
  // Within the limit (the VALUES term itself is one level).
  EXPECT_TRUE(parse_statement("INSERT INTO t (a) VALUES (" + nested("[", "1", "]", limit - 1) + ")")
                  .is_ok());
  for (int depth : {limit + 1, 20000}) {
    SCOPED_TRACE(depth);
    const std::string too_deep = "statement nested more than 100 levels deep";
    EXPECT_NE(parse_error("INSERT INTO t (a) VALUES (" + nested("[", "1", "]", depth) + ")")
                  .find(too_deep),
              std::string::npos);
    EXPECT_NE(parse_error("INSERT INTO t (a) VALUES (" + nested("{", "1", "}", depth) + ")")
                  .find(too_deep),
              std::string::npos);
    EXPECT_NE(
        parse_error("INSERT INTO t (a) VALUES " + nested("(", "1", ")", depth)).find(too_deep),
        std::string::npos);
    EXPECT_NE(parse_error("INSERT INTO t (a) VALUES (" + nested("f(", "", ")", depth) + ")")
                  .find(too_deep),
              std::string::npos);
    EXPECT_NE(parse_error("SELECT " + nested("f(", "a", ")", depth) + " FROM t").find(too_deep),
              std::string::npos);
    EXPECT_NE(
        parse_error("SELECT * FROM t WHERE " + nested("(", "a = 1", ")", depth)).find(too_deep),
        std::string::npos);
    EXPECT_NE(parse_error("CREATE TABLE t (k int PRIMARY KEY, v " +
                          nested("frozen<list<", "int", ">>", depth) + ")")
                  .find(too_deep),
              std::string::npos);
  }
}

TEST(ParserTest, HugeStatementsParse) {
  std::string values;
  const int n = 50000;
  for (int i = 0; i < n; ++i) values += (i == 0 ? "" : ", ") + std::to_string(i);
  auto s = parse_as<SelectStatement>("SELECT * FROM t WHERE k IN (" + values + ")");
  ASSERT_EQ(s.where.size(), 1u);
  EXPECT_EQ(s.where[0].in_values.size(), static_cast<size_t>(n));

  std::string markers;
  for (int i = 0; i < n; ++i) markers += i == 0 ? "?" : ", ?";
  auto p = parse_ok("SELECT * FROM t WHERE k IN (" + markers + ")");
  EXPECT_EQ(p.bind_names.size(), static_cast<size_t>(n));
  EXPECT_EQ(std::get<SelectStatement>(p.statement).where[0].in_values.back(), marker(n - 1));

  // Bind markers are counted in an unsigned short.
  std::string too_many = "SELECT * FROM t WHERE k IN (?";
  for (size_t i = 1; i < kMaxBindMarkers; ++i) too_many += ",?";
  EXPECT_EQ(parse_ok(too_many + ")").bind_names.size(), kMaxBindMarkers);
  EXPECT_NE(parse_error(too_many + ",?)")
                .find("Too many markers(?). 65536 markers exceed the allowed maximum of 65535"),
            std::string::npos);

  // A huge string constant, and an error after a long statement.
  const std::string big(1 << 20, 'x');
  EXPECT_EQ(the_term("'" + big + "'"), str(big));
  EXPECT_NE(parse_error("SELECT * FROM t WHERE k IN (" + values + ") x").find("expecting EOF"),
            std::string::npos);
}

}  // namespace
}  // namespace cairn::cql
