// parse_target_args and resolve_targets (targets.h): from a command line to the
// sstables and schemas a command works on.
#include "tools/cairn_sstable/targets.h"

#include <filesystem>
#include <string_view>
#include <system_error>

#include "tools/cairn_sstable/schema_catalog.h"

namespace cairn::tools {
namespace {

// Joins `names` with ", " for error messages.
template <typename Container, typename NameOf>
std::string name_list(const Container& items, NameOf name_of) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += name_of(item);
  }
  return out.empty() ? "none" : out;
}

// The table id in a table directory's name, "<table>-<32 hex digits>".
Result<Uuid> table_id_of_directory(const std::string& table_dir) {
  const std::string name = base_name(table_dir);
  const size_t dash = name.rfind('-');
  const std::string hex = dash == std::string::npos ? "" : name.substr(dash + 1);
  if (hex.size() == 32) {
    std::string text = hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
                       hex.substr(16, 4) + "-" + hex.substr(20);
    auto id = Uuid::parse(text);
    if (id.is_ok()) return id;
  }
  return Status::invalid_argument(
      "cannot tell the table of " + table_dir +
      ": an sstable's directory must be named <table>-<32 hex digit id>, inside "
      "<data dir>/<keyspace>/");
}

Result<std::vector<TableSSTables>> resolve_one_sstable(const Env& env, const std::string& path) {
  if (!env.fs->exists(path)) return Status::not_found("no such file: " + path);
  if (env.fs->is_directory(path)) {
    return Status::invalid_argument(path +
                                    " is a directory; give an sstable's Data.db file, or "
                                    "--data-dir DIR [keyspace [table...]]");
  }
  CAIRN_ASSIGN_OR_RETURN(auto parsed, SSTableDescriptor::parse(path));
  SSTableDescriptor descriptor = std::move(parsed.first);
  if (!is_readable_sstable_version(descriptor.version)) {
    return Status::invalid_argument(path + ": sstable version '" + descriptor.version +
                                    "' is not one this build reads");
  }
  // Only the path's text is used here, to climb to the data directory (a relative path
  // like "ca-1-cairn-Data.db" has no parents in its text).
  std::error_code error;
  const std::filesystem::path absolute_path = std::filesystem::absolute(path, error);
  if (error) return Status::io_error("resolving " + path + ": " + error.message());
  const std::string absolute = absolute_path.lexically_normal().string();
  const std::string table_dir = parent_dir(absolute);
  CAIRN_ASSIGN_OR_RETURN(Uuid id, table_id_of_directory(table_dir));
  const std::string keyspace = base_name(parent_dir(table_dir));
  const std::string data_dir = parent_dir(parent_dir(table_dir));

  auto catalog = load_schema_catalog(env, data_dir);
  if (!catalog.is_ok()) {
    return catalog.status().with_context("finding the schema of " + path);
  }
  TableSchemaRef schema = catalog->find_by_id(id);
  if (schema == nullptr) {
    return Status::not_found("no table with id " + id.to_string() +
                             " (from the directory name of " + path + ") in the schema of " +
                             data_dir);
  }
  if (schema->keyspace() != keyspace) {
    return Status::invalid_argument(path + ": table id " + id.to_string() + " belongs to " +
                                    schema->keyspace() + "." + schema->name() +
                                    ", not to keyspace " + keyspace);
  }
  return std::vector<TableSSTables>{{schema, {std::move(descriptor)}}};
}

Result<TableSSTables> sstables_of(const Env& env, const std::string& data_dir,
                                  TableSchemaRef schema) {
  TableSSTables out{schema, {}};
  const std::string dir = table_directory(data_dir, *schema);
  if (!env.fs->is_directory(dir)) return out;  // created, never flushed
  CAIRN_ASSIGN_OR_RETURN(out.sstables, list_sstables(*env.fs, dir, nullptr));
  return out;
}

Result<std::vector<TableSSTables>> resolve_data_dir(const Env& env, const TargetArgs& args) {
  if (!env.fs->is_directory(args.data_dir)) {
    return Status::not_found("no such directory: " + args.data_dir);
  }
  CAIRN_ASSIGN_OR_RETURN(SchemaCatalog catalog, load_schema_catalog(env, args.data_dir));
  std::vector<TableSchemaRef> selected;
  if (args.names.empty()) {
    for (const auto& [name, schema] : catalog.tables) selected.push_back(schema);
  } else {
    const std::string& keyspace = args.names[0];
    if (!catalog.keyspaces.contains(keyspace)) {
      return Status::not_found(
          "unknown keyspace '" + keyspace + "' in " + args.data_dir + " (keyspaces: " +
          name_list(catalog.keyspaces, [](const std::string& k) { return k; }) + ")");
    }
    for (const auto& [name, schema] : catalog.tables) {
      if (name.first == keyspace && args.names.size() == 1) selected.push_back(schema);
    }
    for (size_t i = 1; i < args.names.size(); ++i) {
      auto it = catalog.tables.find({keyspace, args.names[i]});
      if (it == catalog.tables.end()) {
        std::vector<std::string> tables;
        for (const auto& [name, schema] : catalog.tables) {
          if (name.first == keyspace) tables.push_back(name.second);
        }
        return Status::not_found("unknown table '" + keyspace + "." + args.names[i] + "' in " +
                                 args.data_dir + " (tables of " + keyspace + ": " +
                                 name_list(tables, [](const std::string& t) { return t; }) + ")");
      }
      selected.push_back(it->second);
    }
  }
  std::vector<TableSSTables> out;
  for (const TableSchemaRef& schema : selected) {
    CAIRN_ASSIGN_OR_RETURN(TableSSTables t, sstables_of(env, args.data_dir, schema));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

Result<TargetArgs> parse_target_args(const std::vector<std::string>& args) {
  TargetArgs out;
  bool have_data_dir = false;
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      return out;
    }
    if (arg == "--data-dir") {
      if (i + 1 >= args.size()) return Status::invalid_argument("--data-dir needs a directory");
      out.data_dir = args[++i];
      have_data_dir = true;
    } else if (arg.starts_with("--data-dir=")) {
      out.data_dir = std::string(arg.substr(std::string_view("--data-dir=").size()));
      have_data_dir = true;
    } else if (arg.starts_with("-") && arg.size() > 1) {
      return Status::invalid_argument("unknown option '" + std::string(arg) + "'");
    } else {
      positional.push_back(std::string(arg));
    }
  }
  if (have_data_dir) {
    if (out.data_dir.empty()) return Status::invalid_argument("--data-dir needs a directory");
    out.names = std::move(positional);
    return out;
  }
  if (positional.empty()) {
    return Status::invalid_argument(
        "give an sstable's Data.db path, or --data-dir DIR [keyspace [table...]]");
  }
  if (positional.size() > 1) {
    return Status::invalid_argument("one sstable path at a time (got " +
                                    std::to_string(positional.size()) +
                                    "); use --data-dir DIR [keyspace [table...]] for more");
  }
  out.sstable_path = std::move(positional[0]);
  return out;
}

Result<std::vector<TableSSTables>> resolve_targets(const Env& env, const TargetArgs& args) {
  if (args.sstable_path) return resolve_one_sstable(env, *args.sstable_path);
  return resolve_data_dir(env, args);
}

}  // namespace cairn::tools
