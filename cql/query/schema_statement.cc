// USE, CREATE/ALTER/DROP KEYSPACE, CREATE/ALTER/DROP TABLE and TRUNCATE: options
// checked and normalized the way Cassandra does it, then handed to the Database.
#include <set>

#include "cql/query/statements.h"

namespace cairn::cql {
namespace {

CqlError invalid(std::string message) { return CqlError::of(ErrorCode::kInvalid, std::move(message)); }
CqlError config_error(std::string message) {
  return CqlError::of(ErrorCode::kConfigError, std::move(message));
}
CqlError syntax_error(std::string message) {
  return CqlError::of(ErrorCode::kSyntaxError, std::move(message));
}

ResultMessage schema_change(SchemaChange::Change change, SchemaChange::Target target,
                            std::string keyspace, std::string table = "") {
  ResultMessage r;
  r.kind = ResultMessage::Kind::kSchemaChange;
  r.schema_change = SchemaChange{change, target, std::move(keyspace), std::move(table)};
  return r;
}

Outcome announce(ResultMessage r, const ExecutionContext& ctx) {
  if (ctx.on_schema_change && *ctx.on_schema_change) (*ctx.on_schema_change)(r.schema_change);
  return r;
}

ResultMessage void_result() { return ResultMessage{}; }

bool is_reserved_keyspace(const std::string& name) {
  return name == "system" || name == "system_schema" || name == "system_auth" ||
         name == "system_distributed" || name == "system_traces" || name == "system_views" ||
         name == "system_virtual_schema";
}

std::string strip_prefix(std::string name, std::string_view prefix) {
  if (name.starts_with(prefix)) name = name.substr(prefix.size());
  return name;
}

bool is_non_negative_integer(const std::string& s) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// replication = {...} as Cassandra validates it; the class is stored by its short name.
std::optional<CqlError> replication_from(const Property& p, std::map<std::string, std::string>* out) {
  if (!p.is_map) return syntax_error("Invalid value for property 'replication'. It should be a map.");
  auto cls = p.map_value.find("class");
  if (cls == p.map_value.end()) return config_error("Missing replication strategy class");
  const std::string name = strip_prefix(cls->second, "org.apache.cassandra.locator.");
  std::map<std::string, std::string> r{{"class", name}};
  if (name == "SimpleStrategy") {
    auto rf = p.map_value.find("replication_factor");
    if (rf == p.map_value.end()) {
      return config_error("SimpleStrategy requires a replication_factor strategy option.");
    }
    for (const auto& [k, v] : p.map_value) {
      if (k != "class" && k != "replication_factor") {
        return config_error("Unrecognized strategy option {" + k + "} passed to SimpleStrategy for keyspace");
      }
    }
    if (!is_non_negative_integer(rf->second)) {
      return config_error("Replication factor must be non-negative; found " + rf->second);
    }
    r["replication_factor"] = std::to_string(std::stoi(rf->second));
  } else if (name == "NetworkTopologyStrategy") {
    for (const auto& [k, v] : p.map_value) {
      if (k == "class") continue;
      if (!is_non_negative_integer(v)) {
        return config_error("Replication factor must be non-negative; found " + v);
      }
      r[k] = std::to_string(std::stoi(v));
    }
  } else {
    return config_error("Unable to find replication strategy class '" + cls->second + "'");
  }
  *out = std::move(r);
  return std::nullopt;
}

std::optional<CqlError> parse_bool(const Property& p, bool* out) {
  if (p.is_map || !p.value) return syntax_error("Invalid boolean value for property '" + p.name + "'");
  std::string v = *p.value;
  for (auto& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (v == "true") {
    *out = true;
  } else if (v == "false") {
    *out = false;
  } else {
    return syntax_error("Invalid boolean value " + *p.value + " for '" + p.name + "'. It should be 'true' or 'false'");
  }
  return std::nullopt;
}

std::optional<CqlError> apply_keyspace_properties(const std::vector<Property>& properties,
                                                  bool require_replication, KeyspaceSchema* ks) {
  bool has_replication = false;
  std::set<std::string> seen;
  for (const Property& p : properties) {
    if (!seen.insert(p.name).second) return syntax_error("Multiple definitions for property '" + p.name + "'");
    if (p.name == "replication") {
      if (auto e = replication_from(p, &ks->replication)) return e;
      has_replication = true;
    } else if (p.name == "durable_writes") {
      if (auto e = parse_bool(p, &ks->durable_writes)) return e;
    } else {
      return syntax_error("Unknown property '" + p.name + "'");
    }
  }
  if (require_replication && !has_replication) return config_error("Missing mandatory option 'replication'");
  return std::nullopt;
}

std::optional<CqlError> parse_int(const Property& p, int64_t min, int64_t max, int32_t* out) {
  if (p.is_map || !p.value) return syntax_error("Invalid value for property '" + p.name + "'");
  try {
    size_t used = 0;
    long long v = std::stoll(*p.value, &used);
    if (used != p.value->size()) throw std::invalid_argument("trailing");
    if (v < min || v > max) {
      return config_error(p.name + " must be between " + std::to_string(min) + " and " +
                          std::to_string(max) + ", got " + *p.value);
    }
    *out = static_cast<int32_t>(v);
  } catch (const std::exception&) {
    return syntax_error("Invalid integer value " + *p.value + " for '" + p.name + "'");
  }
  return std::nullopt;
}

// Cassandra table options Cairn accepts and does not act on (yet).
const std::set<std::string>& ignored_table_options() {
  static const std::set<std::string> names{
      "caching", "speculative_retry", "additional_write_policy", "read_repair",
      "crc_check_chance", "memtable_flush_period_in_ms", "min_index_interval",
      "max_index_interval", "cdc", "extensions", "dclocal_read_repair_chance",
      "read_repair_chance", "memtable", "id"};
  return names;
}

std::optional<CqlError> apply_table_properties(const std::vector<Property>& properties, TableOptions* o) {
  std::set<std::string> seen;
  for (const Property& p : properties) {
    if (!seen.insert(p.name).second) return syntax_error("Multiple definitions for property '" + p.name + "'");
    if (p.name == "comment") {
      if (p.is_map || !p.value) return syntax_error("Invalid value for property 'comment'");
      o->comment = *p.value;
    } else if (p.name == "default_time_to_live") {
      if (auto e = parse_int(p, 0, 630720000, &o->default_time_to_live)) return e;
    } else if (p.name == "gc_grace_seconds") {
      if (auto e = parse_int(p, 0, INT32_MAX, &o->gc_grace_seconds)) return e;
    } else if (p.name == "bloom_filter_fp_chance") {
      double v = 0;
      try {
        v = std::stod(p.value.value_or(""));
      } catch (const std::exception&) {
        return syntax_error("Invalid value for property 'bloom_filter_fp_chance'");
      }
      if (!(v > 0 && v <= 1)) {
        return config_error("bloom_filter_fp_chance must be larger than 0 and less than or equal to 1.0 (got " +
                            *p.value + ")");
      }
      o->bloom_filter_fp_chance = v;
    } else if (p.name == "compaction") {
      if (!p.is_map) return syntax_error("Invalid value for property 'compaction'. It should be a map.");
      auto cls = p.map_value.find("class");
      if (cls == p.map_value.end()) return config_error("Missing sub-option 'class' for the 'compaction' option.");
      std::map<std::string, std::string> m = p.map_value;
      m["class"] = strip_prefix(cls->second, "org.apache.cassandra.db.compaction.");
      o->compaction = std::move(m);
    } else if (p.name == "compression") {
      if (!p.is_map) return syntax_error("Invalid value for property 'compression'. It should be a map.");
      std::map<std::string, std::string> m;
      for (const auto& [k, v] : p.map_value) {
        if (k == "sstable_compression" || k == "class") {
          m["class"] = strip_prefix(v, "org.apache.cassandra.io.compress.");
        } else if (k == "chunk_length_kb" || k == "chunk_length_in_kb") {
          m["chunk_length_in_kb"] = v;
        } else if (k == "enabled") {
          m["enabled"] = v;
        } else if (k == "crc_check_chance" || k == "min_compress_ratio") {
          continue;
        } else {
          return config_error("Unknown compression options " + k);
        }
      }
      if (m.count("class") == 0 && m.count("enabled") == 0) {
        return config_error("Missing sub-option 'class' for the 'compression' option.");
      }
      if (m.count("class") && m["class"].empty()) m = {{"enabled", "false"}};
      o->compression = std::move(m);
    } else if (ignored_table_options().count(p.name)) {
      continue;
    } else {
      return syntax_error("Unknown property '" + p.name + "'");
    }
  }
  return std::nullopt;
}

// Durations have no order, so they cannot be part of a key (Cassandra refuses them too).
bool contains_duration(const CqlType& type) {
  if (type.kind() == TypeKind::kDuration) return true;
  for (const auto& p : type.params()) {
    if (contains_duration(*p)) return true;
  }
  return false;
}

std::string keyspace_of(const TableName& name, const ExecutionContext& ctx) {
  return name.keyspace.empty() ? ctx.client->keyspace : name.keyspace;
}

Outcome use(const UseStatement& s, ExecutionContext& ctx) {
  if (!ctx.db->find_keyspace(s.keyspace) && !is_reserved_keyspace(s.keyspace)) {
    return invalid("Keyspace '" + s.keyspace + "' does not exist");
  }
  ctx.client->keyspace = s.keyspace;
  ResultMessage r;
  r.kind = ResultMessage::Kind::kSetKeyspace;
  r.keyspace = s.keyspace;
  return r;
}

Outcome create_keyspace(const CreateKeyspaceStatement& s, ExecutionContext& ctx) {
  if (is_reserved_keyspace(s.keyspace)) return invalid("Keyspace name " + s.keyspace + " is reserved");
  KeyspaceSchema ks;
  ks.name = s.keyspace;
  if (auto e = apply_keyspace_properties(s.properties, true, &ks)) return *e;
  if (ctx.db->find_keyspace(s.keyspace)) {
    if (s.if_not_exists) return void_result();
    CqlError e = CqlError::of(ErrorCode::kAlreadyExists, "Keyspace " + s.keyspace + " already exists");
    e.keyspace = s.keyspace;
    return e;
  }
  Status st = ctx.db->create_keyspace(ks, s.if_not_exists);
  if (st.is_already_exists()) {
    CqlError e = CqlError::of(ErrorCode::kAlreadyExists, "Keyspace " + s.keyspace + " already exists");
    e.keyspace = s.keyspace;
    return e;
  }
  if (!st.is_ok()) return to_cql_error(st);
  return announce(schema_change(SchemaChange::Change::kCreated, SchemaChange::Target::kKeyspace, s.keyspace), ctx);
}

Outcome alter_keyspace(const AlterKeyspaceStatement& s, ExecutionContext& ctx) {
  if (is_reserved_keyspace(s.keyspace)) return invalid("Cannot alter system keyspace " + s.keyspace);
  KeyspaceSchemaRef stored = ctx.db->find_keyspace(s.keyspace);
  if (!stored) return invalid("Keyspace '" + s.keyspace + "' doesn't exist");
  KeyspaceSchema ks = *stored;
  if (auto e = apply_keyspace_properties(s.properties, false, &ks)) return *e;
  Status st = ctx.db->alter_keyspace(ks);
  if (!st.is_ok()) return to_cql_error(st);
  return announce(schema_change(SchemaChange::Change::kUpdated, SchemaChange::Target::kKeyspace, s.keyspace), ctx);
}

Outcome drop_keyspace(const DropKeyspaceStatement& s, ExecutionContext& ctx) {
  if (is_reserved_keyspace(s.keyspace)) return invalid("Cannot drop system keyspace " + s.keyspace);
  if (!ctx.db->find_keyspace(s.keyspace)) {
    if (s.if_exists) return void_result();
    return invalid("Keyspace '" + s.keyspace + "' doesn't exist");
  }
  Status st = ctx.db->drop_keyspace(s.keyspace, s.if_exists);
  if (!st.is_ok()) return to_cql_error(st);
  if (ctx.client->keyspace == s.keyspace) ctx.client->keyspace.clear();
  return announce(schema_change(SchemaChange::Change::kDropped, SchemaChange::Target::kKeyspace, s.keyspace), ctx);
}

std::optional<CqlError> check_keyspace_for_table(const std::string& ks, const ExecutionContext& ctx) {
  if (ks.empty()) {
    return invalid("No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename");
  }
  if (is_reserved_keyspace(ks)) return invalid(ks + " keyspace is not user-modifiable.");
  if (!ctx.db->find_keyspace(ks)) return invalid("Keyspace '" + ks + "' doesn't exist");
  return std::nullopt;
}

Outcome create_table(const CreateTableStatement& s, ExecutionContext& ctx) {
  const std::string ks = keyspace_of(s.table, ctx);
  if (auto e = check_keyspace_for_table(ks, ctx)) return *e;
  const std::string qualified = ks + "." + s.table.name;
  if (s.compact_storage) return invalid("Compact tables are not allowed in Cassandra starting with 4.0 version.");
  if (ctx.db->find_table(ks, s.table.name)) {
    if (s.if_not_exists) return void_result();
    CqlError e = CqlError::of(ErrorCode::kAlreadyExists,
                              "Object " + qualified + " already exists");
    e.keyspace = ks;
    e.table = s.table.name;
    return e;
  }
  if (auto st = validate_identifier("table", s.table.name); !st.is_ok()) return invalid(st.message());
  std::map<std::string, const ColumnDeclaration*> declared;
  for (const auto& c : s.columns) {
    if (!declared.emplace(c.name, &c).second) {
      return invalid("Duplicate column '" + c.name + "' declaration for table " + qualified);
    }
  }
  if (s.partition_key.empty()) {
    return invalid("No PRIMARY KEY specifed for table '" + qualified + "' (exactly one required)");
  }
  std::set<std::string> key_columns;
  for (const auto& names : {s.partition_key, s.clustering}) {
    for (const auto& n : names) {
      auto it = declared.find(n);
      if (it == declared.end()) return invalid("Unknown definition " + n + " referenced in PRIMARY KEY");
      if (!key_columns.insert(n).second) return invalid("Duplicate definition for " + n + " in PRIMARY KEY");
      if (it->second->is_static) return invalid("Static column " + n + " cannot be part of the PRIMARY KEY");
      if (it->second->type->is_multi_cell()) {
        return invalid("Invalid non-frozen collection type " + it->second->type->cql_name() +
                       " for PRIMARY KEY component " + n);
      }
      if (contains_duration(*it->second->type)) {
        return invalid("duration type is not supported for PRIMARY KEY column '" + n + "'");
      }
    }
  }
  std::map<std::string, bool> descending;
  for (size_t i = 0; i < s.clustering_order.size(); ++i) {
    const auto& [name, desc] = s.clustering_order[i];
    if (std::find(s.clustering.begin(), s.clustering.end(), name) == s.clustering.end()) {
      return invalid("Only clustering key columns can be defined in CLUSTERING ORDER directive: " + name +
                     " is not a clustering column");
    }
    if (i >= s.clustering.size() || s.clustering[i] != name) {
      return invalid("The order of columns in the CLUSTERING ORDER directive must match that of the clustering columns");
    }
    descending[name] = desc;
  }
  TableSchema::Builder b(ks, s.table.name);
  for (const auto& n : s.partition_key) b.partition_key(n, declared[n]->type);
  for (const auto& n : s.clustering) {
    b.clustering(n, declared[n]->type, descending[n] ? ClusteringOrder::kDesc : ClusteringOrder::kAsc);
  }
  for (const auto& c : s.columns) {
    if (key_columns.count(c.name)) continue;
    if (c.is_static) {
      if (s.clustering.empty()) {
        return invalid("Static columns are only useful (and thus allowed) if the table has at least one clustering column");
      }
      b.static_column(c.name, c.type);
    } else {
      b.regular(c.name, c.type);
    }
  }
  TableOptions options;
  if (auto e = apply_table_properties(s.properties, &options)) return *e;
  b.options(options);
  auto table = b.build();
  if (!table.is_ok()) return invalid(table.status().message());
  auto created = ctx.db->create_table(table.value(), s.if_not_exists);
  if (!created.is_ok()) {
    if (created.status().is_already_exists()) {
      CqlError e = CqlError::of(ErrorCode::kAlreadyExists, "Object " + qualified + " already exists");
      e.keyspace = ks;
      e.table = s.table.name;
      return e;
    }
    const Status& st = created.status();
    if (st.is_invalid_argument()) return config_error(st.message());
    return to_cql_error(st);
  }
  return announce(schema_change(SchemaChange::Change::kCreated, SchemaChange::Target::kTable, ks, s.table.name), ctx);
}

Outcome alter_table(const AlterTableStatement& s, ExecutionContext& ctx) {
  const std::string ks = keyspace_of(s.table, ctx);
  if (auto e = check_keyspace_for_table(ks, ctx)) return *e;
  TableSchemaRef table = ctx.db->find_table(ks, s.table.name);
  if (!table) return invalid("Table '" + ks + "." + s.table.name + "' doesn't exist");
  Result<TableSchemaRef> altered = table;
  switch (s.kind) {
    case AlterTableStatement::Kind::kAdd: {
      std::vector<ColumnDefinition> added;
      for (const auto& c : s.added) {
        if (table->find_column(c.name)) return invalid("Column with name '" + c.name + "' already exists");
        if (c.is_static && table->clustering_key().empty()) {
          return invalid("Static columns are only useful (and thus allowed) if the table has at least one clustering column");
        }
        ColumnDefinition d;
        d.name = c.name;
        d.type = c.type;
        d.kind = c.is_static ? ColumnKind::kStatic : ColumnKind::kRegular;
        added.push_back(std::move(d));
      }
      altered = table->with_added_columns(added);
      break;
    }
    case AlterTableStatement::Kind::kDrop:
      for (const auto& name : s.dropped) {
        const ColumnDefinition* c = table->find_column(name);
        if (c == nullptr) return invalid("Column " + name + " was not found in table " + ks + "." + s.table.name);
        if (c->kind == ColumnKind::kPartitionKey || c->kind == ColumnKind::kClustering) {
          return invalid("Cannot drop PRIMARY KEY column " + name);
        }
      }
      altered = table->with_dropped_columns(s.dropped, ctx.timestamp);
      break;
    case AlterTableStatement::Kind::kRename:
      for (const auto& [from, to] : s.renamed) {
        if (!altered.is_ok()) break;
        altered = altered.value()->with_renamed_column(from, to);
      }
      break;
    case AlterTableStatement::Kind::kWith: {
      TableOptions options = table->options();
      if (auto e = apply_table_properties(s.properties, &options)) return *e;
      altered = table->with_options(options);
      break;
    }
    case AlterTableStatement::Kind::kAlterType:
      return invalid("Altering column types is no longer supported");
  }
  if (!altered.is_ok()) return invalid(altered.status().message());
  auto stored = ctx.db->alter_table(altered.value());
  if (!stored.is_ok()) {
    if (stored.status().is_invalid_argument()) return config_error(stored.status().message());
    return to_cql_error(stored.status());
  }
  return announce(schema_change(SchemaChange::Change::kUpdated, SchemaChange::Target::kTable, ks, s.table.name), ctx);
}

Outcome drop_table(const DropTableStatement& s, ExecutionContext& ctx) {
  const std::string ks = keyspace_of(s.table, ctx);
  if (auto e = check_keyspace_for_table(ks, ctx)) {
    if (s.if_exists && !ks.empty() && !is_reserved_keyspace(ks)) return void_result();
    return *e;
  }
  if (!ctx.db->find_table(ks, s.table.name)) {
    if (s.if_exists) return void_result();
    return invalid("Table '" + ks + "." + s.table.name + "' doesn't exist");
  }
  Status st = ctx.db->drop_table(ks, s.table.name, s.if_exists);
  if (!st.is_ok()) return to_cql_error(st);
  return announce(schema_change(SchemaChange::Change::kDropped, SchemaChange::Target::kTable, ks, s.table.name), ctx);
}

Outcome truncate(const TruncateStatement& s, ExecutionContext& ctx) {
  auto table = resolve_table(s.table, ctx);
  if (!table.is_ok()) return to_cql_error(table.status());
  if (is_reserved_keyspace((*table)->keyspace())) {
    return invalid((*table)->keyspace() + " keyspace is not user-modifiable.");
  }
  Status st = ctx.db->truncate((*table)->keyspace(), (*table)->name());
  if (!st.is_ok()) return CqlError::of(ErrorCode::kTruncateError, st.message());
  return void_result();
}

}  // namespace

Outcome execute_schema_statement(const Statement& statement, ExecutionContext& ctx) {
  return std::visit(
      [&](const auto& s) -> Outcome {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, UseStatement>) return use(s, ctx);
        if constexpr (std::is_same_v<T, CreateKeyspaceStatement>) return create_keyspace(s, ctx);
        if constexpr (std::is_same_v<T, AlterKeyspaceStatement>) return alter_keyspace(s, ctx);
        if constexpr (std::is_same_v<T, DropKeyspaceStatement>) return drop_keyspace(s, ctx);
        if constexpr (std::is_same_v<T, CreateTableStatement>) return create_table(s, ctx);
        if constexpr (std::is_same_v<T, AlterTableStatement>) return alter_table(s, ctx);
        if constexpr (std::is_same_v<T, DropTableStatement>) return drop_table(s, ctx);
        if constexpr (std::is_same_v<T, TruncateStatement>) return truncate(s, ctx);
        return invalid("not a schema statement");
      },
      statement);
}

}  // namespace cairn::cql
