#include "tests/legacy/golden_render.h"

#include <fmt/format.h>

namespace cairn::testing {

namespace {

std::string hex(BytesView b) {
  std::string out;
  for (unsigned char c : b) out += fmt::format("{:02x}", c);
  return out.empty() ? "''" : out;
}

std::string key_text(const TableSchema& t, const DecoratedKey& key) {
  std::vector<Bytes> parts;
  if (t.partition_key().size() == 1) {
    parts.push_back(key.key);
  } else {
    parts = split_partition_key(key.key, t.partition_key().size()).value();
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    out += (i ? ", " : "") + t.partition_key()[i]->type->to_cql_literal(parts[i]);
  }
  return fmt::format("({}) token {}", out, key.token);
}

std::string clustering_text(const TableSchema& t, const Clustering& c) {
  std::string out;
  for (size_t i = 0; i < c.size(); ++i) {
    out += (i ? ", " : "") + t.clustering_key()[i]->type->to_cql_literal(c[i]);
  }
  return "(" + out + ")";
}

std::string deletion_text(const DeletionTime& d) {
  return fmt::format("deleted@{} ldt={}", d.marked_for_delete_at, d.local_deletion_time);
}

std::string bound_text(const TableSchema& t, const ClusteringBound& b) {
  static const char* kinds[] = {"incl-start", "excl-start", "incl-end", "excl-end"};
  return fmt::format("{} {}", kinds[static_cast<int>(b.kind)], clustering_text(t, b.prefix));
}

void render_row(const TableSchema& t, const Row& row, const std::string& label, std::string* out) {
  *out += "  " + label;
  if (!row.liveness.empty()) {
    *out += fmt::format(" marker@{}", row.liveness.timestamp);
    if (row.liveness.ttl != kNoTtl) {
      *out += fmt::format(" ttl={} ldt={}", row.liveness.ttl, row.liveness.local_deletion_time);
    }
  }
  if (!row.deletion.is_live()) *out += " row " + deletion_text(row.deletion);
  *out += "\n";
  for (const auto& [id, data] : row.columns) {
    const ColumnDefinition* c = t.column_by_id(id);
    const std::string name = c ? c->name : fmt::format("#{}", id);
    if (!data.complex_deletion.is_live()) {
      *out += fmt::format("    {} collection {}\n", name, deletion_text(data.complex_deletion));
    }
    for (const auto& [path, cell] : data.cells) {
      *out += "    " + name;
      if (!path.empty()) *out += "[" + hex(path) + "]";
      *out += fmt::format(" @{}", cell.timestamp);
      if (cell.is_tombstone()) {
        *out += fmt::format(" tombstone ldt={}\n", cell.local_deletion_time);
        continue;
      }
      if (cell.is_expiring()) *out += fmt::format(" ttl={} ldt={}", cell.ttl, cell.local_deletion_time);
      std::string value;
      if (c && !c->type->is_multi_cell()) {
        value = c->type->to_cql_literal(cell.value);
      } else if (c && c->type->kind() == TypeKind::kMap) {
        value = c->type->params()[1]->to_cql_literal(cell.value);
      } else if (c && c->type->kind() == TypeKind::kList) {
        value = c->type->params()[0]->to_cql_literal(cell.value);
      } else {
        value = hex(cell.value);  // a set element lives in the path
      }
      *out += " = " + value + "\n";
    }
  }
}

}  // namespace

std::string render_raw(const TableSchema& t, const Partition& p) {
  std::string out = "partition " + key_text(t, p.key()) + "\n";
  if (!p.deletion().is_live()) out += "  partition " + deletion_text(p.deletion()) + "\n";
  for (const auto& rt : p.range_tombstones()) {
    out += fmt::format("  range [{} .. {}] {}\n", bound_text(t, rt.range.start),
                       bound_text(t, rt.range.end), deletion_text(rt.deletion));
  }
  if (!p.static_row().empty()) render_row(t, p.static_row(), "static", &out);
  for (const auto& [clustering, row] : p.rows()) {
    render_row(t, row, "row " + clustering_text(t, clustering), &out);
  }
  return out;
}

std::string render_live(const TableSchema& t, const ReadPartition& p) {
  std::string out = "partition " + key_text(t, p.key) + "\n";
  auto row_text = [&](const Row& row, const std::string& label) {
    out += "  " + label + ":";
    for (const ColumnDefinition& c : t.columns()) {
      if (c.kind == ColumnKind::kPartitionKey || c.kind == ColumnKind::kClustering) continue;
      if ((c.kind == ColumnKind::kStatic) != (label == "static")) continue;
      auto v = column_value(t, row, c.name);
      if (v) out += " " + c.name + "=" + c.type->to_cql_literal(*v);
    }
    out += "\n";
  };
  if (!p.static_row.columns.empty()) row_text(p.static_row, "static");
  for (const Row& row : p.rows) row_text(row, "row " + clustering_text(t, row.clustering));
  return out;
}

}  // namespace cairn::testing
