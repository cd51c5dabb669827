// The CQL parser: statement text to the syntax tree of cql/language/ast.h.
//
// It reads the Cassandra 4 grammar (Parser.g) for the statements Cairn runs — USE,
// CREATE/ALTER/DROP KEYSPACE, CREATE/ALTER/DROP TABLE, TRUNCATE, SELECT, INSERT,
// UPDATE, DELETE, BATCH — and refuses the others (indexes, user-defined types and
// functions, materialized views, triggers, roles and permissions, DESCRIBE) with a
// message naming what is not supported. Unreserved keywords (key, value, ttl, count,
// type, timestamp, text, map, ...) may be used as names as in Cassandra; reserved
// ones (select, from, where, and, keyspace, table, ...) need "quoting". This parser
// also lets `token` and `set` be names, which Cassandra reserves.
//
// Errors are InvalidArgument with Cassandra's wording, which the node sends as a
// SyntaxError: `line 1:9 mismatched input 'FORM' expecting K_FROM (SELECT * [FORM] t)`
// (lines from 1, columns from 0, the offending token in brackets among its
// neighbours). Hostile input cannot crash it or make it recurse without bound:
// nesting (collections, tuples, function calls, types, parentheses) deeper than
// kMaxNesting is an error, and time is linear in the input.
//
// Bind markers (? and :name) are numbered in the order they appear in the statement,
// batches included, into Term::bind_index; ParsedStatement::bind_names has one entry
// per marker. A statement has at most kMaxBindMarkers of them.
//
// Thread safety: both functions are pure.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "cql/language/ast.h"

namespace cairn::cql {

// The deepest nesting of brackets, parentheses and type parameters a statement may use.
inline constexpr int kMaxNesting = 100;
// The most bind markers a statement may have (the protocol counts them in a [short]).
inline constexpr size_t kMaxBindMarkers = 65535;

// One statement, optionally followed by ';'. Anything else after it is an error.
// A syntax error is InvalidArgument ("line L:C ..."); a statement that parses but that
// CQL refuses as a request (no or several PRIMARY KEYs, unmatched INSERT names and
// values, an unknown type) is NotSupported with Cassandra's message.
Result<ParsedStatement> parse_statement(std::string_view text);

// A script: statements separated (and optionally ended) by ';'. Empty statements are
// skipped; each statement numbers its bind markers from 0. Stops at the first error.
Result<std::vector<ParsedStatement>> parse_statements(std::string_view text);

// True for a word (lower-case) this parser takes only "quoted" as a name.
bool is_reserved_keyword(std::string_view word);

}  // namespace cairn::cql
