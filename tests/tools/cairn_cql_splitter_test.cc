// Unit tests of cairn-cql's statement splitting (tools/cairn_cql/statement_splitter.h).
#include <gtest/gtest.h>

#include "tools/cairn_cql/statement_splitter.h"

namespace cairn::tools::cql_shell {
namespace {

std::vector<Statement> split(const std::vector<std::string>& lines) {
  StatementSplitter s;
  std::vector<Statement> out;
  for (const auto& line : lines) {
    for (auto& st : s.feed_line(line)) out.push_back(std::move(st));
  }
  if (auto rest = s.finish()) out.push_back(*rest);
  return out;
}

TEST(StatementSplitterTest, SemicolonsEndStatementsAcrossLines) {
  auto st = split({"SELECT *", "  FROM t", "  WHERE k = 1;  INSERT INTO t (k) VALUES (2);"});
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].text, "SELECT *\n  FROM t\n  WHERE k = 1");
  EXPECT_EQ(st[0].first_line, 1u);
  EXPECT_EQ(st[0].last_line, 3u);
  EXPECT_EQ(st[1].text, "INSERT INTO t (k) VALUES (2)");
  EXPECT_EQ(st[1].first_line, 3u);
}

TEST(StatementSplitterTest, PendingUntilTheSemicolon) {
  StatementSplitter s;
  EXPECT_FALSE(s.pending());
  EXPECT_TRUE(s.feed_line("CREATE TABLE t (").empty());
  EXPECT_TRUE(s.pending());
  EXPECT_TRUE(s.feed_line("k int PRIMARY KEY)").empty());
  auto done = s.feed_line(";");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].text, "CREATE TABLE t (\nk int PRIMARY KEY)");
  EXPECT_FALSE(s.pending());
  // Blank lines and lone semicolons make no statement.
  EXPECT_TRUE(s.feed_line("   ").empty());
  EXPECT_TRUE(s.feed_line(";;").empty());
  EXPECT_FALSE(s.pending());
}

TEST(StatementSplitterTest, SemicolonsInsideStringsAndNamesDoNotEnd) {
  auto st = split({"INSERT INTO t (k, \"a;b\") VALUES (1, 'x; it''s;');",
                   "INSERT INTO t (k, v) VALUES (2, $$dollar; $$);"});
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].text, "INSERT INTO t (k, \"a;b\") VALUES (1, 'x; it''s;')");
  EXPECT_EQ(st[1].text, "INSERT INTO t (k, v) VALUES (2, $$dollar; $$)");
  // A string spanning lines keeps its newline.
  auto multi = split({"INSERT INTO t (k, v) VALUES (3, 'one;", "two');"});
  ASSERT_EQ(multi.size(), 1u);
  EXPECT_EQ(multi[0].text, "INSERT INTO t (k, v) VALUES (3, 'one;\ntwo')");
}

TEST(StatementSplitterTest, BatchesAreOneStatement) {
  auto st = split({"BEGIN UNLOGGED BATCH", "  INSERT INTO t (k) VALUES (1);",
                   "  INSERT INTO t (k) VALUES (';');", "apply  batch; SELECT * FROM t;"});
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].text,
            "BEGIN UNLOGGED BATCH\n  INSERT INTO t (k) VALUES (1);\n  INSERT INTO t (k) "
            "VALUES (';');\napply  batch");
  EXPECT_EQ(st[0].last_line, 4u);
  EXPECT_EQ(st[1].text, "SELECT * FROM t");
}

TEST(StatementSplitterTest, CommentsAreDropped) {
  auto st = split({"-- a comment; not a statement", "SELECT k -- the key;",
                   "FROM t // also; a comment", "/* block; comment", "still; comment */ WHERE k = 1;",
                   "// trailing"});
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].text, "SELECT k \nFROM t \n\n  WHERE k = 1");
  EXPECT_EQ(st[0].first_line, 2u);
  // Comment markers inside strings are text.
  auto quoted = split({"INSERT INTO t (k, v) VALUES (1, '-- not /* a comment');"});
  ASSERT_EQ(quoted.size(), 1u);
  EXPECT_EQ(quoted[0].text, "INSERT INTO t (k, v) VALUES (1, '-- not /* a comment')");
}

TEST(StatementSplitterTest, ShellCommandsEndAtTheEndOfTheLine) {
  auto st = split({"describe keyspaces", "PAGING off", "exit"});
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0].text, "describe keyspaces");
  EXPECT_EQ(st[1].text, "PAGING off");
  EXPECT_EQ(st[2].text, "exit");
  // CQL statements do not.
  StatementSplitter s;
  EXPECT_TRUE(s.feed_line("SELECT * FROM t").empty());
  EXPECT_TRUE(s.pending());
}

TEST(StatementSplitterTest, FinishReturnsTheUnterminatedRest) {
  StatementSplitter s;
  EXPECT_TRUE(s.feed_line("SELECT * FROM t").empty());
  auto rest = s.finish();
  ASSERT_TRUE(rest.has_value());
  EXPECT_EQ(rest->text, "SELECT * FROM t");
  StatementSplitter comment_only;
  EXPECT_TRUE(comment_only.feed_line("/* open comment").empty());
  EXPECT_FALSE(comment_only.finish().has_value());
}

}  // namespace
}  // namespace cairn::tools::cql_shell
