#include "model/schema.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "common/coding.h"

namespace cairn {

std::string_view column_kind_name(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::kPartitionKey: return "partition_key";
    case ColumnKind::kClustering: return "clustering";
    case ColumnKind::kRegular: return "regular";
    case ColumnKind::kStatic: return "static";
  }
  return "?";
}

Status validate_identifier(std::string_view what, std::string_view name) {
  if (name.empty() || name.size() > 48) {
    return Status::invalid_argument(std::string(what) + " name '" + std::string(name) +
                                    "' must be 1 to 48 characters long");
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_';
    if (!ok) {
      return Status::invalid_argument(std::string(what) + " name '" + std::string(name) +
                                      "' may contain only letters, digits and _");
    }
  }
  return Status::ok();
}

// ---- Builder ----

TableSchema::Builder::Builder(std::string keyspace, std::string name)
    : keyspace_(std::move(keyspace)), name_(std::move(name)) {}

TableSchema::Builder& TableSchema::Builder::id(Uuid id) {
  id_ = id;
  return *this;
}

TableSchema::Builder& TableSchema::Builder::partition_key(std::string name, TypeRef type) {
  ColumnDefinition c{std::move(name), std::move(type), ColumnKind::kPartitionKey};
  return column_with_id(std::move(c));
}

TableSchema::Builder& TableSchema::Builder::clustering(std::string name, TypeRef type,
                                                       ClusteringOrder order) {
  ColumnDefinition c{std::move(name), std::move(type), ColumnKind::kClustering};
  c.order = order;
  return column_with_id(std::move(c));
}

TableSchema::Builder& TableSchema::Builder::regular(std::string name, TypeRef type) {
  return column_with_id({std::move(name), std::move(type), ColumnKind::kRegular});
}

TableSchema::Builder& TableSchema::Builder::static_column(std::string name, TypeRef type) {
  return column_with_id({std::move(name), std::move(type), ColumnKind::kStatic});
}

TableSchema::Builder& TableSchema::Builder::options(TableOptions options) {
  options_ = std::move(options);
  return *this;
}

TableSchema::Builder& TableSchema::Builder::column_with_id(ColumnDefinition column) {
  columns_.push_back(std::move(column));
  return *this;
}

TableSchema::Builder& TableSchema::Builder::dropped_column(DroppedColumn column) {
  dropped_.push_back(std::move(column));
  return *this;
}

Result<TableSchemaRef> TableSchema::Builder::build() {
  CAIRN_RETURN_IF_ERROR(validate_identifier("keyspace", keyspace_));
  CAIRN_RETURN_IF_ERROR(validate_identifier("table", name_));
  std::string where = "table " + keyspace_ + "." + name_ + ": ";
  std::set<std::string> names;
  int pk = 0, ck = 0, statics = 0;
  for (auto& c : columns_) {
    CAIRN_RETURN_IF_ERROR(validate_identifier("column", c.name).with_context(where));
    if (!c.type) return Status::invalid_argument(where + "column " + c.name + " has no type");
    if (!names.insert(c.name).second) {
      return Status::invalid_argument(where + "column " + c.name + " is declared twice");
    }
    bool key = c.kind == ColumnKind::kPartitionKey || c.kind == ColumnKind::kClustering;
    if (key && c.type->is_multi_cell()) {
      return Status::invalid_argument(where + "primary key column " + c.name +
                                      " may not be a non-frozen collection");
    }
    if (c.kind == ColumnKind::kPartitionKey) ++pk;
    if (c.kind == ColumnKind::kClustering) ++ck;
    if (c.kind == ColumnKind::kStatic) ++statics;
  }
  for (const auto& d : dropped_) {
    CAIRN_RETURN_IF_ERROR(validate_identifier("dropped column", d.name).with_context(where));
    if (!d.type) {
      return Status::invalid_argument(where + "dropped column " + d.name + " has no type");
    }
    if (d.kind != ColumnKind::kRegular && d.kind != ColumnKind::kStatic) {
      return Status::invalid_argument(where + "dropped column " + d.name +
                                      " must have been a regular or static column");
    }
  }
  if (pk == 0) return Status::invalid_argument(where + "a table needs a partition key");
  if (statics > 0 && ck == 0) {
    return Status::invalid_argument(where +
                                    "static columns need at least one clustering column");
  }
  const TableOptions& o = options_;
  if (o.default_time_to_live < 0 || o.default_time_to_live > 630720000) {
    return Status::invalid_argument(where + "default_time_to_live must be between 0 and 630720000");
  }
  if (o.gc_grace_seconds < 0) {
    return Status::invalid_argument(where + "gc_grace_seconds must be non-negative");
  }
  if (!(o.bloom_filter_fp_chance > 0.0 && o.bloom_filter_fp_chance <= 1.0)) {
    return Status::invalid_argument(where + "bloom_filter_fp_chance must be in (0, 1]");
  }

  auto schema = std::shared_ptr<TableSchema>(new TableSchema());
  schema->keyspace_ = keyspace_;
  schema->name_ = name_;
  schema->id_ = id_.value_or(Uuid());
  schema->options_ = options_;
  schema->columns_ = columns_;
  schema->dropped_ = dropped_;
  // Assign ids to columns declared without one (a freshly built table: declaration order).
  bool explicit_ids = !dropped_.empty();
  for (const auto& c : columns_) explicit_ids |= c.id != 0;
  if (!explicit_ids) {
    for (size_t i = 0; i < schema->columns_.size(); ++i) {
      schema->columns_[i].id = static_cast<ColumnId>(i);
    }
  }
  std::set<ColumnId> ids;
  auto take_id = [&](ColumnId id) -> Status {
    // next_column_id() must stay representable.
    if (id == UINT32_MAX) {
      return Status::invalid_argument(where + "column id " + std::to_string(id) +
                                      " is out of range");
    }
    if (!ids.insert(id).second) {
      return Status::invalid_argument(where + "column id " + std::to_string(id) + " is reused");
    }
    return Status::ok();
  };
  for (const auto& c : schema->columns_) CAIRN_RETURN_IF_ERROR(take_id(c.id));
  for (const auto& d : schema->dropped_) CAIRN_RETURN_IF_ERROR(take_id(d.id));
  schema->index_columns();
  return TableSchemaRef(schema);
}

void TableSchema::index_columns() {
  partition_key_.clear();
  clustering_key_.clear();
  has_static_ = false;
  next_column_id_ = 0;
  for (const auto& c : columns_) next_column_id_ = std::max(next_column_id_, c.id + 1);
  for (const auto& d : dropped_) next_column_id_ = std::max(next_column_id_, d.id + 1);
  int pk_pos = 0, ck_pos = 0;
  for (auto& c : columns_) {
    if (c.kind == ColumnKind::kPartitionKey) c.position = pk_pos++;
    if (c.kind == ColumnKind::kClustering) c.position = ck_pos++;
    if (c.kind == ColumnKind::kStatic) has_static_ = true;
  }
  for (const auto& c : columns_) {
    if (c.kind == ColumnKind::kPartitionKey) partition_key_.push_back(&c);
    if (c.kind == ColumnKind::kClustering) clustering_key_.push_back(&c);
  }
  std::vector<TypeRef> types;
  std::vector<ClusteringOrder> orders;
  for (const auto* c : clustering_key_) {
    types.push_back(c->type);
    orders.push_back(c->order);
  }
  comparator_ = std::make_shared<ClusteringComparator>(std::move(types), std::move(orders));
}

const ColumnDefinition* TableSchema::find_column(std::string_view name) const {
  for (const auto& c : columns_) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const ColumnDefinition* TableSchema::column_by_id(ColumnId id) const {
  for (const auto& c : columns_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const DroppedColumn* TableSchema::find_dropped_column(ColumnId id) const {
  for (const auto& d : dropped_) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

TableSchemaRef TableSchema::with_options(TableOptions options) const {
  auto copy = std::shared_ptr<TableSchema>(new TableSchema(*this));
  copy->options_ = std::move(options);
  copy->index_columns();  // the pointers in the copy must point into the copy
  return copy;
}

TableSchemaRef TableSchema::with_id(Uuid id) const {
  auto copy = std::shared_ptr<TableSchema>(new TableSchema(*this));
  copy->id_ = id;
  copy->index_columns();
  return copy;
}

// ---- CQL ----

namespace {

std::string map_literal(const std::map<std::string, std::string>& m) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : m) {
    if (!first) out += ", ";
    first = false;
    out += cql_string_literal(k) + ": " + cql_string_literal(v);
  }
  return out + "}";
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::string TableSchema::to_cql() const {
  std::string out = "CREATE TABLE " + keyspace_ + "." + name_ + " (\n";
  for (const auto& c : columns_) {
    out += "    " + c.name + " " + c.type->cql_name();
    if (c.kind == ColumnKind::kStatic) out += " static";
    out += ",\n";
  }
  out += "    PRIMARY KEY (";
  if (partition_key_.size() == 1) {
    out += partition_key_[0]->name;
  } else {
    out += "(";
    for (size_t i = 0; i < partition_key_.size(); ++i) {
      out += (i ? ", " : "") + partition_key_[i]->name;
    }
    out += ")";
  }
  for (const auto* c : clustering_key_) out += ", " + c->name;
  out += ")\n) WITH ";
  if (!clustering_key_.empty()) {
    out += "CLUSTERING ORDER BY (";
    for (size_t i = 0; i < clustering_key_.size(); ++i) {
      out += (i ? ", " : "") + clustering_key_[i]->name +
             (clustering_key_[i]->order == ClusteringOrder::kDesc ? " DESC" : " ASC");
    }
    out += ")\n    AND ";
  }
  out += "bloom_filter_fp_chance = " + number_text(options_.bloom_filter_fp_chance);
  out += "\n    AND comment = " + cql_string_literal(options_.comment);
  out += "\n    AND compaction = " + map_literal(options_.compaction);
  out += "\n    AND compression = " + map_literal(options_.compression);
  out += "\n    AND default_time_to_live = " + std::to_string(options_.default_time_to_live);
  out += "\n    AND gc_grace_seconds = " + std::to_string(options_.gc_grace_seconds) + ";\n";
  return out;
}

std::string KeyspaceSchema::to_cql() const {
  return "CREATE KEYSPACE " + name + " WITH replication = " + map_literal(replication) +
         " AND durable_writes = " + (durable_writes ? "true" : "false") + ";\n";
}

// ---- encoding (docs/formats/schema-v2.md; schema-v1.md for what version 1 wrote) ----

namespace {

// Tables are written as version 2 (v1 plus dropped columns); versions 1 and 2 are read.
constexpr uint8_t kTableEncodingVersion = 2;
constexpr uint8_t kTableEncodingVersionV1 = 1;
// The keyspace encoding has not changed since version 1.
constexpr uint8_t kKeyspaceEncodingVersion = 1;

void put_string_map(Bytes* out, const std::map<std::string, std::string>& m) {
  put_varint(out, m.size());
  for (const auto& [k, v] : m) {
    put_length_prefixed(out, k);
    put_length_prefixed(out, v);
  }
}

bool get_string(BufferReader* in, std::string* s) {
  BytesView v;
  if (!in->get_length_prefixed(&v)) return false;
  s->assign(v.data(), v.size());
  return true;
}

bool get_column_kind(BufferReader* in, ColumnKind* kind) {
  uint8_t k;
  if (!in->get_u8(&k) || k > 3) return false;
  *kind = static_cast<ColumnKind>(k);
  return true;
}

bool get_column_id(BufferReader* in, ColumnId* id) {
  uint64_t v;
  if (!in->get_varint(&v) || v > UINT32_MAX) return false;
  *id = static_cast<ColumnId>(v);
  return true;
}

bool get_string_map(BufferReader* in, std::map<std::string, std::string>* m) {
  uint64_t n;
  if (!in->get_varint(&n) || n > in->remaining()) return false;
  m->clear();
  for (uint64_t i = 0; i < n; ++i) {
    std::string k, v;
    if (!get_string(in, &k) || !get_string(in, &v)) return false;
    (*m)[k] = v;
  }
  return true;
}

}  // namespace

Bytes TableSchema::encode() const {
  Bytes out;
  put_u8(&out, kTableEncodingVersion);
  put_length_prefixed(&out, keyspace_);
  put_length_prefixed(&out, name_);
  out += id_.to_bytes();
  put_varint(&out, columns_.size());
  for (const auto& c : columns_) {
    put_length_prefixed(&out, c.name);
    put_length_prefixed(&out, c.type->cql_name());
    put_u8(&out, static_cast<uint8_t>(c.kind));
    put_varint(&out, c.id);
    put_u8(&out, static_cast<uint8_t>(c.order));
  }
  put_signed_varint(&out, options_.default_time_to_live);
  put_signed_varint(&out, options_.gc_grace_seconds);
  uint64_t fp_bits;
  std::memcpy(&fp_bits, &options_.bloom_filter_fp_chance, sizeof fp_bits);
  put_u64(&out, fp_bits);
  put_length_prefixed(&out, options_.comment);
  put_string_map(&out, options_.compaction);
  put_string_map(&out, options_.compression);
  put_varint(&out, dropped_.size());
  for (const auto& d : dropped_) {
    put_length_prefixed(&out, d.name);
    put_length_prefixed(&out, d.type->cql_name());
    put_u8(&out, static_cast<uint8_t>(d.kind));
    put_varint(&out, d.id);
    put_signed_varint(&out, d.dropped_at_micros);
  }
  return out;
}

Result<TableSchemaRef> TableSchema::decode(BytesView data) {
  BufferReader in(data);
  auto bad = [&](const char* what) {
    return Status::corruption(std::string("table schema: ") + what + " at offset " +
                              std::to_string(in.offset()));
  };
  uint8_t version;
  if (!in.get_u8(&version)) return bad("truncated version");
  if (version != kTableEncodingVersion && version != kTableEncodingVersionV1) {
    return Status::corruption("table schema: unknown encoding version " + std::to_string(version));
  }
  std::string keyspace, name;
  BytesView id_bytes;
  if (!get_string(&in, &keyspace) || !get_string(&in, &name) || !in.get_bytes(16, &id_bytes)) {
    return bad("truncated header");
  }
  CAIRN_ASSIGN_OR_RETURN(Uuid id, Uuid::from_bytes(id_bytes));
  Builder builder(keyspace, name);
  builder.id(id);
  uint64_t n;
  if (!in.get_varint(&n) || n > in.remaining()) return bad("bad column count");
  for (uint64_t i = 0; i < n; ++i) {
    ColumnDefinition c;
    std::string type_name;
    uint8_t order;
    if (!get_string(&in, &c.name) || !get_string(&in, &type_name) ||
        !get_column_kind(&in, &c.kind) || !get_column_id(&in, &c.id) || !in.get_u8(&order) ||
        order > 1) {
      return bad("bad column");
    }
    auto type = parse_cql_type(type_name);
    if (!type.is_ok()) return Status::corruption("table schema: " + type.status().message());
    c.type = *type;
    c.order = static_cast<ClusteringOrder>(order);
    builder.column_with_id(std::move(c));
  }
  TableOptions options;
  int64_t ttl, gc;
  uint64_t fp_bits;
  if (!in.get_signed_varint(&ttl) || !in.get_signed_varint(&gc) || !in.get_u64(&fp_bits) ||
      !get_string(&in, &options.comment) || !get_string_map(&in, &options.compaction) ||
      !get_string_map(&in, &options.compression) || ttl < INT32_MIN || ttl > INT32_MAX ||
      gc < INT32_MIN || gc > INT32_MAX) {
    return bad("bad options");
  }
  options.default_time_to_live = static_cast<int32_t>(ttl);
  options.gc_grace_seconds = static_cast<int32_t>(gc);
  std::memcpy(&options.bloom_filter_fp_chance, &fp_bits, sizeof fp_bits);
  builder.options(std::move(options));
  if (version >= 2) {
    if (!in.get_varint(&n) || n > in.remaining()) return bad("bad dropped column count");
    for (uint64_t i = 0; i < n; ++i) {
      DroppedColumn d;
      std::string type_name;
      if (!get_string(&in, &d.name) || !get_string(&in, &type_name) ||
          !get_column_kind(&in, &d.kind) || !get_column_id(&in, &d.id) ||
          !in.get_signed_varint(&d.dropped_at_micros)) {
        return bad("bad dropped column");
      }
      auto type = parse_cql_type(type_name);
      if (!type.is_ok()) return Status::corruption("table schema: " + type.status().message());
      d.type = *type;
      builder.dropped_column(std::move(d));
    }
  }
  if (in.remaining() != 0) return bad("trailing bytes");
  auto built = builder.build();
  if (!built.is_ok()) return Status::corruption("table schema: " + built.status().message());
  return built;
}

Bytes KeyspaceSchema::encode() const {
  Bytes out;
  put_u8(&out, kKeyspaceEncodingVersion);
  put_length_prefixed(&out, name);
  put_string_map(&out, replication);
  put_u8(&out, durable_writes ? 1 : 0);
  return out;
}

Result<KeyspaceSchema> KeyspaceSchema::decode(BytesView data) {
  BufferReader in(data);
  KeyspaceSchema ks;
  uint8_t version, durable;
  if (!in.get_u8(&version) || version != kKeyspaceEncodingVersion || !get_string(&in, &ks.name) ||
      !get_string_map(&in, &ks.replication) || !in.get_u8(&durable) || durable > 1) {
    return Status::corruption("keyspace schema: malformed at offset " + std::to_string(in.offset()));
  }
  ks.durable_writes = durable == 1;
  return ks;
}

}  // namespace cairn
