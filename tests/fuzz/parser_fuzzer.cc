// libFuzzer target: arbitrary bytes as CQL text into the lexer and parser.
//
// Beyond "never crash, never hang, never overflow the stack" (what the sanitizers and
// libFuzzer's timeouts check), it holds these properties: every error is a
// Cassandra-style syntax error ("line L:C ...") or a request error (NotSupported: a
// statement CQL refuses, such as one without a PRIMARY KEY), in valid UTF-8; a text
// parse_statement() accepts is the one statement parse_statements() finds in it, with
// the same bind markers; and the markers in a tree are numbered 0..n-1, each once,
// named as bind_names says.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "cql/language/lexer.h"
#include "cql/language/parser.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

// Strict UTF-8: no overlong forms, surrogates, or code points past U+10FFFF.
bool is_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80                 ? 1
                     : c >= 0xc2 && c <= 0xdf ? 2
                     : c >= 0xe0 && c <= 0xef ? 3
                     : c >= 0xf0 && c <= 0xf4 ? 4
                                              : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : c & (0xff >> (n + 1));
    for (size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n;
  }
  return true;
}

// Errors are syntax errors a driver can show ("line L:C ...") or request errors, in
// valid UTF-8.
void check_error(const cairn::Status& status) {
  if (status.code() == cairn::Status::Code::kNotSupported) {
    check(!status.message().empty());
  } else {
    check(status.is_invalid_argument());
    check(status.message().rfind("line ", 0) == 0);
  }
  check(is_utf8(status.message()));
}

// Every bind marker of a statement, wherever the tree holds it.
class MarkerCollector {
 public:
  std::vector<const cairn::cql::Term*> markers;

  void term(const cairn::cql::Term& t) {
    if (t.kind == cairn::cql::Term::Kind::kBindMarker) markers.push_back(&t);
    for (const auto& e : t.elements) term(e);
  }
  void term(const std::optional<cairn::cql::Term>& t) {
    if (t) term(*t);
  }
  void relations(const std::vector<cairn::cql::Relation>& rs) {
    for (const auto& r : rs) {
      term(r.value);
      term(r.map_key);
      for (const auto& v : r.in_values) term(v);
    }
  }
  void selector(const cairn::cql::Selector& s) {
    term(s.term);
    for (const auto& a : s.arguments) selector(a);
  }
  void using_clause(const cairn::cql::UsingClause& u) {
    term(u.timestamp);
    term(u.ttl);
  }
  void statement(const cairn::cql::InsertStatement& s) {
    for (const auto& v : s.values) term(v);
    using_clause(s.using_clause);
  }
  void statement(const cairn::cql::UpdateStatement& s) {
    using_clause(s.using_clause);
    for (const auto& a : s.assignments) {
      term(a.key);
      term(a.value);
    }
    relations(s.where);
    relations(s.conditions.column_conditions);
  }
  void statement(const cairn::cql::DeleteStatement& s) {
    for (const auto& t : s.targets) term(t.key);
    using_clause(s.using_clause);
    relations(s.where);
    relations(s.conditions.column_conditions);
  }
  void statement(const cairn::cql::SelectStatement& s) {
    for (const auto& sel : s.selectors) selector(sel);
    relations(s.where);
    term(s.limit);
    term(s.per_partition_limit);
  }
  void statement(const cairn::cql::BatchStatement& s) {
    using_clause(s.using_clause);
    for (const auto& m : s.statements) std::visit([this](const auto& x) { statement(x); }, m);
  }
  template <typename T>
  void statement(const T&) {}  // schema statements hold no markers
};

// Markers are numbered 0..n-1, each once, with the names bind_names gives.
void check_markers(const cairn::cql::ParsedStatement& p) {
  MarkerCollector c;
  std::visit([&c](const auto& s) { c.statement(s); }, p.statement);
  check(c.markers.size() == p.bind_names.size());
  std::vector<bool> seen(p.bind_names.size());
  for (const auto* m : c.markers) {
    check(m->bind_index >= 0 && static_cast<size_t>(m->bind_index) < seen.size());
    check(!seen[m->bind_index]);
    seen[m->bind_index] = true;
    check(m->bind_name == p.bind_names[m->bind_index]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  auto tokens = cairn::cql::tokenize(text);
  if (!tokens.is_ok()) {
    check_error(tokens.status());
  } else {
    check(!tokens->empty() && tokens->back().type == cairn::cql::TokenType::kEnd);
  }

  auto one = cairn::cql::parse_statement(text);
  auto many = cairn::cql::parse_statements(text);
  if (!one.is_ok()) check_error(one.status());
  if (!many.is_ok()) check_error(many.status());
  if (many.is_ok()) {
    for (const auto& p : *many) check_markers(p);
  }
  if (one.is_ok()) {
    check_markers(*one);
    check(many.is_ok() && many->size() == 1);
    check((*many)[0].bind_names == one->bind_names);
    check((*many)[0].statement.index() == one->statement.index());
  }
  return 0;
}
