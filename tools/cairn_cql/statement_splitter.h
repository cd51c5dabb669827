// StatementSplitter: cuts the lines a user types (or a file holds) into statements,
// as cqlsh does.
//
// A CQL statement ends at a ';' outside string literals ('it''s'), quoted
// identifiers ("a;b"), dollar-quoted strings ($$a;b$$), comments (-- and // to the
// end of the line, /* ... */ across lines; dropped from the text) and batches (the
// statements of BEGIN ... BATCH keep their ';' until APPLY BATCH;). The
// shell's own commands (EXIT, QUIT, PAGING, DESCRIBE/DESC, CONSISTENCY) also end at the end of
// their line without a ';'. A statement may span lines; pending() says that one has
// begun, for the continuation prompt.
//
// Thread safety: none; one splitter per input.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::tools::cql_shell {

struct Statement {
  // Without comments, the ';' or surrounding white space; never empty.
  std::string text;
  // 1-based line numbers of the input where the statement began and where it ended.
  size_t first_line = 0;
  size_t last_line = 0;
};

class StatementSplitter {
 public:
  // Feeds one line (without its newline); returns the statements it completed.
  std::vector<Statement> feed_line(std::string_view line);

  // True while a statement has begun and not ended (or a comment or string is open).
  bool pending() const;

  // At the end of the input: what is left unterminated, if anything but white space
  // and comments ("a statement without its ';'" for the caller to report or run).
  std::optional<Statement> finish();

  size_t line() const { return line_; }

 private:
  enum class State { kCode, kSingleQuote, kDoubleQuote, kDollarQuote, kBlockComment };

  // The first word of the statement being built, upper-cased.
  std::string first_word() const;
  void complete(std::vector<Statement>* out);

  State state_ = State::kCode;
  std::string current_;
  size_t first_line_ = 0;
  size_t line_ = 0;
};

// True when `word` (upper-case) is a shell command that needs no ';'.
bool is_shell_command(std::string_view word);

}  // namespace cairn::tools::cql_shell
