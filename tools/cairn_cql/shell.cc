// Shell (see shell.h).
#include "tools/cairn_cql/shell.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <ostream>
#include <utility>
#include <vector>

#include "cql/client/describe.h"
#include "tools/cairn_cql/table_printer.h"

namespace cairn::tools::cql_shell {
namespace {

namespace client = cql::client;

// Lines of DESCRIBE KEYSPACES / TABLES wrap at this width, as on a terminal.
constexpr size_t kListWidth = 80;

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// cqlsh's exception class and description for each error code.
std::pair<std::string_view, std::string_view> error_kind(int32_t code) {
  switch (code) {
    case 0x0000: return {"ServerError", "Server error"};
    case 0x000A: return {"ProtocolException", "Protocol error"};
    case 0x0100: return {"AuthenticationFailed", "Bad credentials"};
    case 0x1000: return {"Unavailable", "Unavailable exception"};
    case 0x1001: return {"OverloadedErrorMessage", "Coordinator node overloaded"};
    case 0x1002: return {"IsBootstrappingErrorMessage", "Node is bootstrapping"};
    case 0x1003: return {"TruncateError", "Truncate error"};
    case 0x1100: return {"WriteTimeout", "Coordinator node timed out waiting for replica nodes' responses"};
    case 0x1200: return {"ReadTimeout", "Coordinator node timed out waiting for replica nodes' responses"};
    case 0x1300: return {"ReadFailure", "Replica(s) failed to execute read"};
    case 0x1400: return {"FunctionFailure", "Error during execution of function"};
    case 0x1500: return {"WriteFailure", "Replica(s) failed to execute write"};
    case 0x2000: return {"SyntaxException", "Syntax error in CQL query"};
    case 0x2100: return {"Unauthorized", "Unauthorized"};
    case 0x2200: return {"InvalidRequest", "Invalid query"};
    case 0x2300: return {"ConfigurationException", "Query invalid because of configuration issue"};
    case 0x2400: return {"AlreadyExists", "Query invalid because of configuration issue"};
    case 0x2500: return {"Unprepared", "Unprepared query"};
    default: return {"ServerError", "Unknown error code"};
  }
}

// The consistency levels of the protocol (§3 [consistency]), by name.
constexpr std::pair<std::string_view, uint16_t> kConsistencyLevels[] = {
    {"ANY", 0x0000},    {"ONE", 0x0001},          {"TWO", 0x0002},         {"THREE", 0x0003},
    {"QUORUM", 0x0004}, {"ALL", 0x0005},          {"LOCAL_QUORUM", 0x0006}, {"EACH_QUORUM", 0x0007},
    {"SERIAL", 0x0008}, {"LOCAL_SERIAL", 0x0009}, {"LOCAL_ONE", 0x000A}};

// The words of a shell command's arguments: bare words as typed, "quoted" names
// unquoted (with `quoted` set), and "." on its own.
struct Token {
  std::string text;
  bool quoted = false;
};

Result<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '.') {
      out.push_back({".", false});
      ++i;
    } else if (c == '"') {
      Token t{"", true};
      ++i;
      for (;;) {
        if (i >= s.size()) return Status::invalid_argument("unterminated quoted name");
        if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') {
          t.text += '"';
          i += 2;
        } else if (s[i] == '"') {
          ++i;
          break;
        } else {
          t.text += s[i++];
        }
      }
      out.push_back(std::move(t));
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      Token t;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) {
        t.text += s[i++];
      }
      out.push_back(std::move(t));
    } else {
      return Status::invalid_argument(fmt::format("unexpected '{}'", c));
    }
  }
  return out;
}

// A name as CQL reads it: bare names are case-insensitive (lower-cased).
std::string name_of(const Token& t) {
  if (t.quoted) return t.text;
  std::string out = t.text;
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string word_list(const std::vector<std::string>& words) {
  std::string out, line;
  for (const auto& w : words) {
    std::string quoted = client::quote_identifier(w);
    if (!line.empty() && line.size() + 2 + quoted.size() > kListWidth) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : "  ") + quoted;
  }
  if (!line.empty()) out += line + "\n";
  return out;
}

}  // namespace

std::string server_error_line(const client::ServerError& error) {
  auto [cls, description] = error_kind(error.code);
  return fmt::format("{}: Error from server: code={:04X} [{}] message=\"{}\"", cls, error.code,
                     description, error.message);
}

Shell::Shell(client::Client& client, ShellOptions options, std::ostream& out, std::ostream& err,
             std::function<bool()> more)
    : client_(client),
      options_(std::move(options)),
      out_(out),
      err_(err),
      more_(std::move(more)) {}

Outcome Shell::fail(const Statement& statement, std::string_view message) {
  if (!options_.interactive && statement.last_line > 0) {
    err_ << options_.source << ":" << statement.last_line << ":";
  }
  err_ << message << "\n";
  err_.flush();
  return Outcome::kFailed;
}

void Shell::print_warnings(const client::QueryResult& result) {
  if (result.warnings.empty()) return;
  err_ << "Warnings :\n";
  for (const auto& w : result.warnings) err_ << w << "\n";
  err_ << "\n";
  err_.flush();
}

Outcome Shell::execute(const Statement& statement) {
  const std::string_view text = statement.text;
  size_t word_end = 0;
  while (word_end < text.size() && std::isalpha(static_cast<unsigned char>(text[word_end]))) {
    ++word_end;
  }
  const std::string word = upper(text.substr(0, word_end));
  const std::string_view args = text.substr(word_end);
  if (word == "EXIT" || word == "QUIT") return Outcome::kExit;
  if (word == "DESCRIBE" || word == "DESC") return describe(statement, args);
  if (word == "PAGING") return paging(statement, args);
  if (word == "CONSISTENCY") return consistency(statement, args);
  return run_cql(statement);
}

Outcome Shell::run_cql(const Statement& statement) {
  const bool paged = options_.interactive && options_.paging;
  client::QueryOptions query;
  query.consistency = consistency_;
  query.page_size = options_.paging ? options_.page_size : client::kDefaultFetchPageSize;
  auto first = paged ? client_.query(statement.text, query, options_.request_timeout)
                     : client_.query_all(statement.text, query, options_.request_timeout);
  if (!first.is_ok()) return fail(statement, first.status().message());
  client::QueryResult result = std::move(*first);
  print_warnings(result);
  if (result.error) return fail(statement, server_error_line(*result.error));
  if (result.kind == client::ResultKind::kSetKeyspace) {
    keyspace_ = result.keyspace;
    return Outcome::kOk;
  }
  if (result.kind != client::ResultKind::kRows || result.rows.columns == 0) return Outcome::kOk;

  out_ << "\n";
  int64_t shown = 0;
  bool header = true;
  for (;;) {
    out_ << render_table(format_rows(result.rows), header);
    header = false;
    shown += result.rows.row_count;
    if (!result.rows.has_more_pages) break;
    out_.flush();
    if (!more_ || !more_()) break;
    query.paging_state = result.rows.paging_state;
    auto next = client_.query(statement.text, query, options_.request_timeout);
    if (!next.is_ok()) return fail(statement, next.status().message());
    if (next->error) return fail(statement, server_error_line(*next->error));
    print_warnings(*next);
    result = std::move(*next);
  }
  out_ << "\n(" << shown << " rows)\n";
  out_.flush();
  return Outcome::kOk;
}

Outcome Shell::paging(const Statement& statement, std::string_view args) {
  auto tokens = tokenize(args);
  if (!tokens.is_ok() || tokens->size() > 1) {
    return fail(statement, "Improper PAGING command: PAGING [ON | OFF | <page size>]");
  }
  if (tokens->empty()) {
    out_ << (options_.paging ? "Query paging is currently enabled. Use PAGING OFF to disable\n"
                             : "Query paging is currently disabled. Use PAGING ON to enable.\n");
    if (options_.paging) out_ << "Page size: " << options_.page_size << "\n";
    return Outcome::kOk;
  }
  const std::string arg = upper((*tokens)[0].text);
  if (arg == "OFF") {
    options_.paging = false;
    out_ << "Disabled Query paging.\n";
    return Outcome::kOk;
  }
  if (arg != "ON") {
    int32_t size = 0;
    const auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), size);
    if (ec != std::errc() || end != arg.data() + arg.size() || size <= 0) {
      return fail(statement,
                  fmt::format("Improper PAGING command: '{}' is not ON, OFF or a positive page size",
                              (*tokens)[0].text));
    }
    options_.page_size = size;
  }
  options_.paging = true;
  out_ << "Now Query paging is enabled\nPage size: " << options_.page_size << "\n";
  return Outcome::kOk;
}

Outcome Shell::consistency(const Statement& statement, std::string_view args) {
  auto tokens = tokenize(args);
  if (!tokens.is_ok() || tokens->size() > 1 || (tokens->size() == 1 && (*tokens)[0].quoted)) {
    return fail(statement, "Improper CONSISTENCY command: CONSISTENCY [<level>]");
  }
  if (tokens->empty()) {
    for (const auto& [name, code] : kConsistencyLevels) {
      if (code == consistency_) out_ << "Current consistency level is " << name << ".\n";
    }
    return Outcome::kOk;
  }
  const std::string level = upper((*tokens)[0].text);
  for (const auto& [name, code] : kConsistencyLevels) {
    if (name == level) {
      consistency_ = code;
      out_ << "Consistency level set to " << name << ".\n";
      return Outcome::kOk;
    }
  }
  return fail(statement, fmt::format("Improper CONSISTENCY command: unknown level '{}'",
                                     (*tokens)[0].text));
}

Outcome Shell::describe(const Statement& statement, std::string_view args) {
  auto parsed = tokenize(args);
  if (!parsed.is_ok()) {
    return fail(statement, fmt::format("Improper DESCRIBE command: {}", parsed.status().message()));
  }
  const std::vector<Token>& t = *parsed;
  if (t.empty()) {
    return fail(statement,
                "Improper DESCRIBE command: DESCRIBE KEYSPACES | TABLES | SCHEMA | FULL SCHEMA | "
                "KEYSPACE [k] | TABLE [k.]t | <name>");
  }
  auto schema = client::load_schema(client_, options_.request_timeout);
  if (!schema.is_ok()) return fail(statement, schema.status().message());
  const std::string what = t[0].quoted ? "" : upper(t[0].text);

  // [ks.]name from tokens starting at `i`; the whole rest must be that name.
  auto qualified = [&](size_t i, std::string* ks, std::string* name) -> bool {
    if (i + 1 == t.size() && t[i].text != ".") {
      *ks = keyspace_;
      *name = name_of(t[i]);
      return true;
    }
    if (i + 3 == t.size() && t[i + 1].text == "." && !t[i + 1].quoted) {
      *ks = name_of(t[i]);
      *name = name_of(t[i + 2]);
      return true;
    }
    return false;
  };
  auto print = [&](const Result<std::string>& text) {
    if (!text.is_ok()) return fail(statement, text.status().message());
    out_ << "\n" << *text << "\n";
    out_.flush();
    return Outcome::kOk;
  };
  auto table = [&](const std::string& ks, const std::string& name) {
    if (ks.empty()) return fail(statement, "No keyspace specified and no current keyspace");
    const client::TableMeta* meta = schema->table(ks, name);
    if (meta == nullptr) {
      return fail(statement, fmt::format("Table '{}' not found in keyspace '{}'", name, ks));
    }
    return print(client::create_table_cql(*meta));
  };

  if (what == "KEYSPACES" && t.size() == 1) {
    std::vector<std::string> names;
    for (const auto& ks : schema->keyspaces) names.push_back(ks.name);
    out_ << "\n" << word_list(names) << "\n";
    return Outcome::kOk;
  }
  if ((what == "TABLES" || what == "COLUMNFAMILIES") && t.size() == 1) {
    out_ << "\n";
    for (const auto& ks : schema->keyspaces) {
      if (!keyspace_.empty() && ks.name != keyspace_) continue;
      std::vector<std::string> names;
      for (const auto* table_meta : schema->tables_of(ks.name)) names.push_back(table_meta->name);
      if (keyspace_.empty()) {
        const std::string title = "Keyspace " + ks.name;
        out_ << title << "\n" << std::string(title.size(), '-') << "\n";
      }
      out_ << (names.empty() ? std::string("<empty>\n") : word_list(names)) << "\n";
    }
    return Outcome::kOk;
  }
  if (what == "SCHEMA" && t.size() == 1) return print(client::describe_schema(*schema));
  if (what == "FULL" && t.size() == 2 && upper(t[1].text) == "SCHEMA" && !t[1].quoted) {
    std::string all;
    for (const auto& ks : schema->keyspaces) {
      auto text = client::describe_keyspace(*schema, ks.name);
      if (!text.is_ok()) return fail(statement, text.status().message());
      all += (all.empty() ? "" : "\n") + *text;
    }
    return print(all);
  }
  if (what == "KEYSPACE") {
    std::string name = keyspace_;
    if (t.size() == 2) {
      name = name_of(t[1]);
    } else if (t.size() != 1) {
      return fail(statement, "Improper DESCRIBE KEYSPACE command: DESCRIBE KEYSPACE [<keyspace>]");
    }
    if (name.empty()) return fail(statement, "Not in any keyspace.");
    return print(client::describe_keyspace(*schema, name));
  }
  if (what == "TABLE" || what == "COLUMNFAMILY") {
    std::string ks, name;
    if (!qualified(1, &ks, &name)) {
      return fail(statement, "Improper DESCRIBE TABLE command: DESCRIBE TABLE [<keyspace>.]<table>");
    }
    return table(ks, name);
  }
  // DESCRIBE <name>: a keyspace, else a table ([k.]t).
  if (t.size() == 1 && schema->keyspace(name_of(t[0])) != nullptr) {
    return print(client::describe_keyspace(*schema, name_of(t[0])));
  }
  std::string ks, name;
  if (!qualified(0, &ks, &name)) {
    return fail(statement, "Improper DESCRIBE command: DESCRIBE KEYSPACES | TABLES | SCHEMA | "
                           "FULL SCHEMA | KEYSPACE [k] | TABLE [k.]t | <name>");
  }
  if (ks.empty()) {
    return fail(statement, fmt::format("'{}' not found in keyspaces", name));
  }
  return table(ks, name);
}

}  // namespace cairn::tools::cql_shell
