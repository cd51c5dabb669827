// DESCRIBE's CQL generation and the schema it reads (see describe.h).
#include "cql/client/describe.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "cql/language/parser.h"
#include "cql/system/system_tables.h"

namespace cairn::cql::client {
namespace {

// Words Cassandra reserves that Cairn's parser also takes as names: quoted all the
// same, so that what DESCRIBE prints reads back into Cassandra too.
bool reserved_in_cassandra_only(std::string_view word) {
  return word == "mbean" || word == "mbeans" || word == "replace" || word == "set" ||
         word == "token" || word == "unset";
}

std::string map_literal(const std::map<std::string, std::string>& m) {
  std::string out = "{";
  for (const auto& [k, v] : m) {
    if (out.size() > 1) out += ", ";
    out += cql_string_literal(k) + ": " + cql_string_literal(v);
  }
  return out + "}";
}

int kind_rank(const std::string& kind) {
  if (kind == "partition_key") return 0;
  if (kind == "clustering") return 1;
  return 2;
}

// The columns of one result page, by name.
class RowReader {
 public:
  RowReader(const QueryResult& result, std::string what) : rows_(result.rows), what_(std::move(what)) {}

  Result<size_t> index(std::string_view column) const {
    for (size_t i = 0; i < rows_.specs.size(); ++i) {
      if (rows_.specs[i].name == column) return i;
    }
    return Status::invalid_argument(fmt::format("{} has no column {}", what_, column));
  }
  size_t rows() const { return static_cast<size_t>(rows_.row_count); }
  const std::optional<Bytes>& value(size_t row, size_t column) const {
    return rows_.values[row * static_cast<size_t>(rows_.columns) + column];
  }
  const CqlType& type(size_t column) const { return *rows_.specs[column].type; }
  std::string text(size_t row, size_t column) const {
    const auto& v = value(row, column);
    return v ? std::string(*v) : std::string();
  }
  Result<std::map<std::string, std::string>> text_map(size_t row, size_t column) const {
    std::map<std::string, std::string> out;
    const auto& v = value(row, column);
    if (!v) return out;
    auto elements = values::collection_elements(*v);
    if (!elements.is_ok() || elements->size() % 2 != 0) {
      return Status::invalid_argument(
          fmt::format("{}: column {} is not a map", what_, rows_.specs[column].name));
    }
    for (size_t i = 0; i + 1 < elements->size(); i += 2) {
      out[(*elements)[i]] = (*elements)[i + 1];
    }
    return out;
  }

 private:
  const Rows& rows_;
  std::string what_;
};

Result<QueryResult> read_table(Client& client, std::string_view cql,
                               std::chrono::milliseconds timeout) {
  CAIRN_ASSIGN_OR_RETURN(QueryResult result, client.query_all(cql, QueryOptions(), timeout));
  if (result.error) {
    return Status::invalid_argument(fmt::format("{}: {}", cql, result.error->message));
  }
  if (result.kind != ResultKind::kRows) {
    return Status::invalid_argument(fmt::format("{} returned no rows result", cql));
  }
  return result;
}

}  // namespace

const KeyspaceMeta* SchemaMeta::keyspace(std::string_view name) const {
  for (const auto& k : keyspaces) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

const TableMeta* SchemaMeta::table(std::string_view ks, std::string_view name) const {
  for (const auto& t : tables) {
    if (t.keyspace == ks && t.name == name) return &t;
  }
  return nullptr;
}

std::vector<const TableMeta*> SchemaMeta::tables_of(std::string_view ks) const {
  std::vector<const TableMeta*> out;
  for (const auto& t : tables) {
    if (t.keyspace == ks) out.push_back(&t);
  }
  return out;
}

bool is_system_keyspace(std::string_view name) {
  // Cassandra 4's virtual keyspace system_views too, which Cairn does not have.
  return SystemTables::is_system_keyspace(name) || name == "system_views";
}

std::string quote_identifier(std::string_view name) {
  bool plain = !name.empty() && name[0] >= 'a' && name[0] <= 'z';
  for (char c : name) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (plain && !is_reserved_keyword(name) && !reserved_in_cassandra_only(name)) {
    return std::string(name);
  }
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string create_keyspace_cql(const KeyspaceMeta& keyspace) {
  return fmt::format("CREATE KEYSPACE {} WITH replication = {}  AND durable_writes = {};",
                     quote_identifier(keyspace.name), map_literal(keyspace.replication),
                     keyspace.durable_writes ? "true" : "false");
}

Result<std::string> create_table_cql(const TableMeta& table) {
  std::vector<const ColumnMeta*> columns;
  for (const auto& c : table.columns) columns.push_back(&c);
  std::stable_sort(columns.begin(), columns.end(), [](const ColumnMeta* a, const ColumnMeta* b) {
    const int ra = kind_rank(a->kind), rb = kind_rank(b->kind);
    if (ra != rb) return ra < rb;
    if (ra < 2) return a->position < b->position;
    return a->name < b->name;
  });
  std::vector<const ColumnMeta*> partition, clustering;
  for (const ColumnMeta* c : columns) {
    if (c->kind == "partition_key") partition.push_back(c);
    if (c->kind == "clustering") clustering.push_back(c);
  }
  const std::string name =
      quote_identifier(table.keyspace) + "." + quote_identifier(table.name);
  if (partition.empty()) {
    return Status::invalid_argument(fmt::format("table {} has no partition key column", name));
  }
  const bool inline_key = partition.size() == 1 && clustering.empty();
  std::string out = fmt::format("CREATE TABLE {} (\n", name);
  for (const ColumnMeta* c : columns) {
    out += fmt::format("    {} {}", quote_identifier(c->name), c->type);
    if (c->kind == "static") out += " static";
    if (inline_key && c == partition[0]) out += " PRIMARY KEY";
    out += ",\n";
  }
  if (inline_key) {
    out.erase(out.size() - 2, 1);  // the last column's comma
  } else {
    std::string key;
    auto names = [](const std::vector<const ColumnMeta*>& cs) {
      std::string s;
      for (const ColumnMeta* c : cs) s += (s.empty() ? "" : ", ") + quote_identifier(c->name);
      return s;
    };
    key = partition.size() == 1 ? names(partition) : "(" + names(partition) + ")";
    if (!clustering.empty()) key += ", " + names(clustering);
    out += fmt::format("    PRIMARY KEY ({})\n", key);
  }
  out += ")";
  std::vector<std::string> with;
  if (!clustering.empty()) {
    std::string order;
    for (const ColumnMeta* c : clustering) {
      order += (order.empty() ? "" : ", ") + quote_identifier(c->name) +
               (c->clustering_order == "desc" ? " DESC" : " ASC");
    }
    with.push_back("CLUSTERING ORDER BY (" + order + ")");
  }
  for (const auto& [option, literal] : table.options) with.push_back(option + " = " + literal);
  for (size_t i = 0; i < with.size(); ++i) out += (i == 0 ? " WITH " : "\n    AND ") + with[i];
  return out + ";";
}

Result<std::string> describe_keyspace(const SchemaMeta& schema, std::string_view keyspace) {
  const KeyspaceMeta* ks = schema.keyspace(keyspace);
  if (ks == nullptr) {
    return Status::not_found(fmt::format("Keyspace '{}' not found", keyspace));
  }
  std::string out = create_keyspace_cql(*ks) + "\n";
  for (const TableMeta* t : schema.tables_of(keyspace)) {
    CAIRN_ASSIGN_OR_RETURN(std::string table, create_table_cql(*t));
    out += "\n" + table + "\n";
  }
  return out;
}

Result<std::string> describe_schema(const SchemaMeta& schema) {
  std::string out;
  for (const KeyspaceMeta& ks : schema.keyspaces) {
    if (is_system_keyspace(ks.name)) continue;
    CAIRN_ASSIGN_OR_RETURN(std::string text, describe_keyspace(schema, ks.name));
    out += (out.empty() ? "" : "\n") + text;
  }
  return out;
}

Result<SchemaMeta> load_schema(Client& client, std::chrono::milliseconds timeout) {
  SchemaMeta schema;
  {
    CAIRN_ASSIGN_OR_RETURN(
        QueryResult result,
        read_table(client,
                   "SELECT keyspace_name, durable_writes, replication FROM system_schema.keyspaces",
                   timeout));
    RowReader r(result, "system_schema.keyspaces");
    CAIRN_ASSIGN_OR_RETURN(size_t name, r.index("keyspace_name"));
    CAIRN_ASSIGN_OR_RETURN(size_t durable, r.index("durable_writes"));
    CAIRN_ASSIGN_OR_RETURN(size_t replication, r.index("replication"));
    for (size_t i = 0; i < r.rows(); ++i) {
      KeyspaceMeta ks;
      ks.name = r.text(i, name);
      const auto& d = r.value(i, durable);
      ks.durable_writes = !d || d->empty() || (*d)[0] != 0;
      CAIRN_ASSIGN_OR_RETURN(ks.replication, r.text_map(i, replication));
      schema.keyspaces.push_back(std::move(ks));
    }
  }
  {
    CAIRN_ASSIGN_OR_RETURN(QueryResult result,
                           read_table(client, "SELECT * FROM system_schema.tables", timeout));
    RowReader r(result, "system_schema.tables");
    CAIRN_ASSIGN_OR_RETURN(size_t ks, r.index("keyspace_name"));
    CAIRN_ASSIGN_OR_RETURN(size_t name, r.index("table_name"));
    static const std::set<std::string, std::less<>> kNotOptions{
        "keyspace_name", "table_name", "id", "flags", "read_repair_chance",
        "dclocal_read_repair_chance"};
    std::vector<std::pair<std::string, size_t>> options;
    for (size_t c = 0; c < result.rows.specs.size(); ++c) {
      if (kNotOptions.count(result.rows.specs[c].name) == 0) {
        options.emplace_back(result.rows.specs[c].name, c);
      }
    }
    std::sort(options.begin(), options.end());
    for (size_t i = 0; i < r.rows(); ++i) {
      TableMeta t;
      t.keyspace = r.text(i, ks);
      t.name = r.text(i, name);
      for (const auto& [option, c] : options) {
        const auto& v = r.value(i, c);
        if (!v) continue;
        if (Status s = r.type(c).validate(*v); !s.is_ok()) {
          return Status::invalid_argument(fmt::format("system_schema.tables {}.{}: option {}: {}",
                                                      t.keyspace, t.name, option, s.message()));
        }
        t.options.emplace_back(option, r.type(c).to_cql_literal(*v));
      }
      schema.tables.push_back(std::move(t));
    }
  }
  {
    CAIRN_ASSIGN_OR_RETURN(
        QueryResult result,
        read_table(client,
                   "SELECT keyspace_name, table_name, column_name, clustering_order, kind, "
                   "position, type FROM system_schema.columns",
                   timeout));
    RowReader r(result, "system_schema.columns");
    CAIRN_ASSIGN_OR_RETURN(size_t ks, r.index("keyspace_name"));
    CAIRN_ASSIGN_OR_RETURN(size_t table, r.index("table_name"));
    CAIRN_ASSIGN_OR_RETURN(size_t name, r.index("column_name"));
    CAIRN_ASSIGN_OR_RETURN(size_t order, r.index("clustering_order"));
    CAIRN_ASSIGN_OR_RETURN(size_t kind, r.index("kind"));
    CAIRN_ASSIGN_OR_RETURN(size_t position, r.index("position"));
    CAIRN_ASSIGN_OR_RETURN(size_t type, r.index("type"));
    for (size_t i = 0; i < r.rows(); ++i) {
      ColumnMeta c;
      c.name = r.text(i, name);
      c.clustering_order = r.text(i, order);
      c.kind = r.text(i, kind);
      c.type = r.text(i, type);
      const auto& p = r.value(i, position);
      if (p && p->size() == 4) c.position = static_cast<int32_t>(*values::to_int(*p));
      const std::string ks_name = r.text(i, ks), table_name = r.text(i, table);
      auto it = std::find_if(schema.tables.begin(), schema.tables.end(), [&](const TableMeta& t) {
        return t.keyspace == ks_name && t.name == table_name;
      });
      if (it == schema.tables.end()) continue;  // a table dropped between the reads
      it->columns.push_back(std::move(c));
    }
  }
  std::sort(schema.keyspaces.begin(), schema.keyspaces.end(),
            [](const KeyspaceMeta& a, const KeyspaceMeta& b) { return a.name < b.name; });
  std::sort(schema.tables.begin(), schema.tables.end(), [](const TableMeta& a, const TableMeta& b) {
    return std::tie(a.keyspace, a.name) < std::tie(b.keyspace, b.name);
  });
  return schema;
}

}  // namespace cairn::cql::client
