// StatementSplitter (see statement_splitter.h).
#include "tools/cairn_cql/statement_splitter.h"

#include <cctype>
#include <string>
#include <vector>

namespace cairn::tools::cql_shell {
namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string trimmed(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// The last `n` words of `text` (letters only), upper-cased, last word last.
std::vector<std::string> last_words(std::string_view text, size_t n) {
  std::vector<std::string> words;
  size_t end = text.size();
  while (words.size() < n) {
    while (end > 0 && is_space(text[end - 1])) --end;
    size_t begin = end;
    while (begin > 0 && std::isalpha(static_cast<unsigned char>(text[begin - 1]))) --begin;
    if (begin == end) break;
    std::string word(text.substr(begin, end - begin));
    for (auto& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    words.insert(words.begin(), std::move(word));
    end = begin;
  }
  return words;
}

}  // namespace

bool is_shell_command(std::string_view word) {
  return word == "EXIT" || word == "QUIT" || word == "PAGING" || word == "DESCRIBE" ||
         word == "DESC" || word == "CONSISTENCY";
}

bool StatementSplitter::pending() const {
  if (state_ != State::kCode) return true;
  for (char c : current_) {
    if (!is_space(c)) return true;
  }
  return false;
}

std::string StatementSplitter::first_word() const {
  std::string word;
  size_t i = 0;
  while (i < current_.size() && is_space(current_[i])) ++i;
  while (i < current_.size() && std::isalpha(static_cast<unsigned char>(current_[i]))) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(current_[i])));
    ++i;
  }
  return word;
}

void StatementSplitter::complete(std::vector<Statement>* out) {
  std::string text = trimmed(current_);
  current_.clear();
  if (!text.empty()) out->push_back(Statement{std::move(text), first_line_, line_});
}

std::vector<Statement> StatementSplitter::feed_line(std::string_view line) {
  ++line_;
  std::vector<Statement> out;
  if (!pending()) {
    current_.clear();
    first_line_ = line_;
  } else {
    current_ += '\n';
  }
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    const char next = i + 1 < line.size() ? line[i + 1] : '\0';
    switch (state_) {
      case State::kBlockComment:
        if (c == '*' && next == '/') {
          state_ = State::kCode;
          current_ += ' ';
          i += 2;
        } else {
          ++i;
        }
        continue;
      case State::kSingleQuote:
      case State::kDoubleQuote: {
        // A doubled quote is an escaped one and stays inside the literal.
        const char quote = state_ == State::kSingleQuote ? '\'' : '"';
        current_ += c;
        if (c == quote && next == quote) {
          current_ += next;
          i += 2;
          continue;
        }
        if (c == quote) state_ = State::kCode;
        ++i;
        continue;
      }
      case State::kDollarQuote:
        if (c == '$' && next == '$') {
          current_ += "$$";
          state_ = State::kCode;
          i += 2;
        } else {
          current_ += c;
          ++i;
        }
        continue;
      case State::kCode: break;
    }
    if ((c == '-' && next == '-') || (c == '/' && next == '/')) break;  // to end of line
    if (c == '/' && next == '*') {
      state_ = State::kBlockComment;
      i += 2;
      continue;
    }
    if (c == '$' && next == '$') {
      state_ = State::kDollarQuote;
      current_ += "$$";
      i += 2;
      continue;
    }
    if (c == ';' && first_word() == "BEGIN" &&
        last_words(current_, 2) != std::vector<std::string>{"APPLY", "BATCH"}) {
      // Inside BEGIN ... BATCH the statements' ';' belong to the batch.
      current_ += c;
      ++i;
      continue;
    }
    if (c == ';') {
      complete(&out);
      first_line_ = line_;
      ++i;
      continue;
    }
    if (c == '\'') state_ = State::kSingleQuote;
    if (c == '"') state_ = State::kDoubleQuote;
    current_ += c;
    ++i;
  }
  if (state_ == State::kCode && pending() && is_shell_command(first_word())) complete(&out);
  return out;
}

std::optional<Statement> StatementSplitter::finish() {
  if (!pending()) return std::nullopt;
  std::vector<Statement> out;
  state_ = State::kCode;
  complete(&out);
  if (out.empty()) return std::nullopt;
  return out.front();
}

}  // namespace cairn::tools::cql_shell
