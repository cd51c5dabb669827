// Targets: which sstables a cairn-sstable command works on, and the schema of each.
//
// Every subcommand takes the same arguments:
//   <path of a component file>          one sstable (usually its ...-Data.db)
//   --data-dir D [keyspace [table...]]  every sstable of D, of one keyspace, or of
//                                       some tables of one keyspace
// A reader needs its table's clustering order, which only the schema knows; the
// schema comes from the data directory's system keyspace (schema_catalog.h). For a
// single path the data directory is found from the layout
// <data>/<keyspace>/<table>-<32 hex id>/<sstable files>, and the table by its id.
//
// Errors: InvalidArgument for a malformed command line or a path that is not an
// sstable name, NotFound for a missing file, directory, keyspace, table or schema
// (the command exits 2 for both); Corruption when the stored schema is damaged.
//
// Thread safety: plain values and functions of their arguments.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/env/env.h"
#include "common/result.h"
#include "model/schema.h"
#include "sstable/sstable.h"

namespace cairn::tools {

struct TargetArgs {
  std::optional<std::string> sstable_path;  // the single-sstable form
  std::string data_dir;                     // the --data-dir form
  std::vector<std::string> names;           // [keyspace [table...]]
  bool help = false;                        // --help or -h was given
};

// Parses the words after the subcommand. InvalidArgument names what is wrong.
Result<TargetArgs> parse_target_args(const std::vector<std::string>& args);

struct TableSSTables {
  TableSchemaRef schema;
  std::vector<SSTableDescriptor> sstables;  // complete sstables, by generation
};

// The tables selected, ordered by keyspace then table name, each with its sstables.
// REQUIRES: !args.help.
Result<std::vector<TableSSTables>> resolve_targets(const Env& env, const TargetArgs& args);

}  // namespace cairn::tools
