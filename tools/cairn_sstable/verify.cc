// cairn-sstable verify: reads every component of each selected sstable in full and
// checks every checksum (SSTableReader::verify), printing one line per sstable:
//
//   OK <Data.db path>
//   DAMAGED <Data.db path>: Corruption: <component file>: <what, at which offset>
//
// An sstable that does not even open (a damaged TOC, Statistics, Index or Filter, a
// missing component) counts as damaged too. Every sstable is checked even after one
// fails; the exit status is 1 if any was damaged, 0 otherwise.
#include <fmt/format.h>

#include <cstdio>

#include "tools/cairn_sstable/commands.h"

namespace cairn::tools {
namespace {

Status verify_sstable(const Env& env, const TableSchema& table, const SSTableDescriptor& d) {
  CAIRN_ASSIGN_OR_RETURN(auto reader, SSTableReader::open(env, d, table.clustering_comparator()));
  return reader->verify();
}

}  // namespace

int verify_command(const Env& env, const std::vector<TableSSTables>& tables) {
  size_t checked = 0, damaged = 0;
  for (const TableSSTables& t : tables) {
    for (const SSTableDescriptor& d : t.sstables) {
      ++checked;
      Status s = verify_sstable(env, *t.schema, d);
      if (s.is_ok()) {
        fmt::print("OK {}\n", d.path(Component::kData));
        continue;
      }
      ++damaged;
      std::string message = s.to_string();
      for (char& c : message) {
        if (c == '\n') c = ' ';
      }
      fmt::print("DAMAGED {}: {}\n", d.path(Component::kData), message);
    }
  }
  std::fflush(stdout);
  if (checked == 0) fmt::print(stderr, "cairn-sstable verify: no sstables to verify\n");
  return damaged > 0 ? kExitDamaged : kExitOk;
}

}  // namespace cairn::tools
