// Shell: runs the statements of cairn-cql, one at a time, against a node, printing
// as cqlsh prints.
//
// CQL goes to the node as QUERY; what comes back is printed: rows as an aligned
// table with "(N rows)", warnings, and errors in one line shaped like cqlsh's
//   <stdin>:3:InvalidRequest: Error from server: code=2200 [Invalid query] message="..."
// (without the "<source>:<line>:" prefix when the user is at a terminal). The shell's
// own commands are handled here: USE (through the node, which then tracks the
// keyspace), DESCRIBE KEYSPACES | TABLES | KEYSPACE [k] | TABLE [k.]t | SCHEMA |
// FULL SCHEMA | <name>, PAGING [ON | OFF | <n>], CONSISTENCY [<level>], EXIT and QUIT.
//
// Paging: at a terminal (interactive) with paging on, rows arrive page by page
// (page_size rows each) and after each page but the last the shell asks `more`
// (which prompts "---MORE---", as cqlsh) whether to go on. Otherwise every page is fetched and
// the rows are printed as one table.
//
// Thread safety: none.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "cql/client/client.h"
#include "tools/cairn_cql/statement_splitter.h"

namespace cairn::tools::cql_shell {

struct ShellOptions {
  // At a terminal: paging with ---MORE---, errors without "<source>:<line>:".
  bool interactive = false;
  bool paging = true;
  int32_t page_size = 100;
  // Where statements come from, for error lines: "<stdin>" or the -f file's name.
  std::string source = "<stdin>";
  // How long one request may wait for the node's answer.
  std::chrono::milliseconds request_timeout{10000};
};

enum class Outcome { kOk, kFailed, kExit };

class Shell {
 public:
  // `more` is asked between pages (it shows "---MORE---" and reads the answer); false
  // stops the listing.
  Shell(cql::client::Client& client, ShellOptions options, std::ostream& out, std::ostream& err,
        std::function<bool()> more);

  Outcome execute(const Statement& statement);

  // The keyspace USE switched to ("" before any).
  const std::string& keyspace() const { return keyspace_; }
  ShellOptions& options() { return options_; }

  // Prints `message` as an error of `statement` (with "<source>:<line>:" unless
  // interactive or the statement has no line, as -k's USE) and returns kFailed.
  Outcome fail(const Statement& statement, std::string_view message);

 private:
  Outcome run_cql(const Statement& statement);
  Outcome describe(const Statement& statement, std::string_view args);
  Outcome paging(const Statement& statement, std::string_view args);
  Outcome consistency(const Statement& statement, std::string_view args);
  void print_warnings(const cql::client::QueryResult& result);

  cql::client::Client& client_;
  ShellOptions options_;
  std::ostream& out_;
  std::ostream& err_;
  std::function<bool()> more_;
  std::string keyspace_;
  uint16_t consistency_ = cql::client::kConsistencyOne;
};

// cqlsh's one-line form of a node's ERROR:
// "InvalidRequest: Error from server: code=2200 [Invalid query] message=\"...\"".
std::string server_error_line(const cql::client::ServerError& error);

}  // namespace cairn::tools::cql_shell
