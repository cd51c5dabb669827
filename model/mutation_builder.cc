#include "model/mutation_builder.h"

#include "common/checksum.h"
#include "common/coding.h"

namespace cairn {

Result<DecoratedKey> make_partition_key(const TableSchema& table,
                                        const std::vector<Bytes>& values) {
  const auto& columns = table.partition_key();
  if (values.size() != columns.size()) {
    return Status::invalid_argument("table " + table.keyspace() + "." + table.name() + " has " +
                                    std::to_string(columns.size()) +
                                    " partition key columns, got " +
                                    std::to_string(values.size()) + " values");
  }
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].empty() && columns.size() == 1) {
      return Status::invalid_argument("partition key column " + columns[i]->name +
                                      " may not be empty");
    }
    CAIRN_RETURN_IF_ERROR(
        columns[i]->type->validate(values[i]).with_context("partition key column " + columns[i]->name));
  }
  CAIRN_ASSIGN_OR_RETURN(Bytes serialized, serialize_partition_key(values));
  return DecoratedKey::of(std::move(serialized));
}

MutationBuilder::MutationBuilder(const TableSchema& table, const std::vector<Bytes>& partition_key,
                                 int64_t timestamp_micros, int32_t now_seconds)
    : table_(table),
      timestamp_(timestamp_micros),
      now_(now_seconds),
      ttl_(table.options().default_time_to_live) {
  auto key = make_partition_key(table, partition_key);
  if (!key.is_ok()) {
    fail(key.status());
    return;
  }
  partition_.emplace(table.clustering_comparator(), std::move(key).value());
}

MutationBuilder& MutationBuilder::row(const Clustering& clustering) {
  if (current_ && partition_) partition_->apply_row(std::move(*current_));
  current_.reset();
  Status s = table_.clustering_comparator()->validate(clustering);
  if (!s.is_ok()) {
    fail(s.with_context("row of " + table_.keyspace() + "." + table_.name()));
    return *this;
  }
  current_.emplace();
  current_->clustering = clustering;
  return *this;
}

MutationBuilder& MutationBuilder::marker() {
  if (!current_) {
    fail(Status::invalid_argument("marker() needs a row: call row() first"));
    return *this;
  }
  current_->liveness.timestamp = timestamp_;
  if (ttl_ != kNoTtl) {
    Cell expiring = Cell::expiring(timestamp_, ttl_, now_, Bytes());
    current_->liveness.ttl = ttl_;
    current_->liveness.local_deletion_time = expiring.local_deletion_time;
  }
  return *this;
}

const ColumnDefinition* MutationBuilder::column(std::string_view name, bool must_be_multi_cell) {
  const ColumnDefinition* c = table_.find_column(name);
  if (c == nullptr) {
    fail(Status::invalid_argument("unknown column " + std::string(name) + " in table " +
                                  table_.keyspace() + "." + table_.name()));
    return nullptr;
  }
  if (c->kind == ColumnKind::kPartitionKey || c->kind == ColumnKind::kClustering) {
    fail(Status::invalid_argument("column " + c->name +
                                  " is part of the primary key and cannot be set"));
    return nullptr;
  }
  if (must_be_multi_cell && !c->type->is_multi_cell()) {
    fail(Status::invalid_argument("column " + c->name + " of type " + c->type->cql_name() +
                                  " is not a non-frozen collection"));
    return nullptr;
  }
  return c;
}

Row* MutationBuilder::target_row(const ColumnDefinition& c) {
  if (c.kind == ColumnKind::kStatic) return &static_row_;
  if (!current_) {
    fail(Status::invalid_argument("setting column " + c.name + " needs a row: call row() first"));
    return nullptr;
  }
  return &*current_;
}

Cell MutationBuilder::make_cell(Bytes value) const {
  if (ttl_ != kNoTtl) return Cell::expiring(timestamp_, ttl_, now_, std::move(value));
  return Cell::live(timestamp_, std::move(value));
}

MutationBuilder& MutationBuilder::set(std::string_view name, BytesView value) {
  const ColumnDefinition* c = column(name, false);
  if (c == nullptr) return *this;
  Status s = c->type->validate(value);
  if (!s.is_ok()) {
    fail(s.with_context("column " + c->name));
    return *this;
  }
  Row* row = target_row(*c);
  if (row == nullptr) return *this;
  ColumnData& data = row->columns[c->id];
  if (!c->type->is_multi_cell()) {
    data.apply(Bytes(), make_cell(Bytes(value)));
    return *this;
  }
  // Replacing a whole collection: a collection tombstone just before the new elements
  // (as Cassandra does, timestamp - 1) so the elements written now survive it.
  data.complex_deletion.merge(DeletionTime{timestamp_ - 1, now_});
  auto elements = values::collection_elements(value);
  if (!elements.is_ok()) {
    fail(elements.status().with_context("column " + c->name));
    return *this;
  }
  const auto& e = elements.value();
  switch (c->type->kind()) {
    case TypeKind::kSet:
      for (const auto& element : e) data.apply(element, make_cell(Bytes()));
      break;
    case TypeKind::kMap:
      for (size_t i = 0; i + 1 < e.size(); i += 2) data.apply(e[i], make_cell(e[i + 1]));
      break;
    default:  // list
      for (const auto& element : e) append_to_list(name, element);
      break;
  }
  return *this;
}

MutationBuilder& MutationBuilder::erase(std::string_view name) {
  const ColumnDefinition* c = column(name, false);
  if (c == nullptr) return *this;
  Row* row = target_row(*c);
  if (row == nullptr) return *this;
  ColumnData& data = row->columns[c->id];
  if (c->type->is_multi_cell()) {
    data.complex_deletion.merge(DeletionTime{timestamp_, now_});
  } else {
    data.apply(Bytes(), Cell::tombstone(timestamp_, now_));
  }
  return *this;
}

MutationBuilder& MutationBuilder::add_to_set(std::string_view name, BytesView element) {
  const ColumnDefinition* c = column(name, true);
  if (c == nullptr) return *this;
  if (c->type->kind() != TypeKind::kSet) {
    fail(Status::invalid_argument("column " + c->name + " is not a set"));
    return *this;
  }
  Status s = c->type->params()[0]->validate(element);
  if (!s.is_ok()) {
    fail(s.with_context("element of " + c->name));
    return *this;
  }
  if (Row* row = target_row(*c)) row->columns[c->id].apply(Bytes(element), make_cell(Bytes()));
  return *this;
}

MutationBuilder& MutationBuilder::append_to_list(std::string_view name, BytesView element) {
  const ColumnDefinition* c = column(name, true);
  if (c == nullptr) return *this;
  if (c->type->kind() != TypeKind::kList) {
    fail(Status::invalid_argument("column " + c->name + " is not a list"));
    return *this;
  }
  Status s = c->type->params()[0]->validate(element);
  if (!s.is_ok()) {
    fail(s.with_context("element of " + c->name));
    return *this;
  }
  Row* row = target_row(*c);
  if (row == nullptr) return *this;
  // A list element's path orders elements by append time: the write timestamp (sign
  // bit flipped so unsigned byte order is numeric order), then a sequence number
  // within this mutation, then a hash of the element to separate concurrent appends.
  Bytes path;
  put_u64(&path, static_cast<uint64_t>(timestamp_) ^ (1ull << 63));
  put_u32(&path, list_sequence_++);
  put_u32(&path, checksum32(element));
  row->columns[c->id].apply(std::move(path), make_cell(Bytes(element)));
  return *this;
}

MutationBuilder& MutationBuilder::put_in_map(std::string_view name, BytesView key,
                                             BytesView value) {
  const ColumnDefinition* c = column(name, true);
  if (c == nullptr) return *this;
  if (c->type->kind() != TypeKind::kMap) {
    fail(Status::invalid_argument("column " + c->name + " is not a map"));
    return *this;
  }
  Status s = c->type->params()[0]->validate(key);
  if (s.is_ok()) s = c->type->params()[1]->validate(value);
  if (!s.is_ok()) {
    fail(s.with_context("entry of " + c->name));
    return *this;
  }
  if (Row* row = target_row(*c)) row->columns[c->id].apply(Bytes(key), make_cell(Bytes(value)));
  return *this;
}

MutationBuilder& MutationBuilder::remove_from_map(std::string_view name, BytesView key) {
  const ColumnDefinition* c = column(name, true);
  if (c == nullptr) return *this;
  if (Row* row = target_row(*c)) {
    row->columns[c->id].apply(Bytes(key), Cell::tombstone(timestamp_, now_));
  }
  return *this;
}

MutationBuilder& MutationBuilder::remove_from_set(std::string_view name, BytesView element) {
  return remove_from_map(name, element);
}

MutationBuilder& MutationBuilder::prepend_to_list(std::string_view name,
                                                  const std::vector<Bytes>& elements) {
  const ColumnDefinition* c = column(name, true);
  if (c == nullptr) return *this;
  if (c->type->kind() != TypeKind::kList) {
    fail(Status::invalid_argument("column " + c->name + " is not a list"));
    return *this;
  }
  Row* row = target_row(*c);
  if (row == nullptr) return *this;
  // Appended paths start with the timestamp with its sign bit flipped (>= 2^63 for
  // any timestamp >= 0); prepended ones with the negated timestamp, so they sort
  // before every append, and a later prepend before an earlier one.
  const uint64_t head = static_cast<uint64_t>(-timestamp_) ^ (1ull << 63);
  for (const Bytes& element : elements) {
    Status s = c->type->params()[0]->validate(element);
    if (!s.is_ok()) {
      fail(s.with_context("element of " + c->name));
      return *this;
    }
    Bytes path;
    put_u64(&path, head);
    put_u32(&path, list_sequence_++);
    put_u32(&path, checksum32(element));
    row->columns[c->id].apply(std::move(path), make_cell(element));
  }
  return *this;
}

MutationBuilder& MutationBuilder::set_list_element(std::string_view name, BytesView path,
                                                   BytesView value) {
  const ColumnDefinition* c = column(name, true);
  if (c == nullptr) return *this;
  Status s = c->type->kind() == TypeKind::kList
                 ? c->type->params()[0]->validate(value)
                 : Status::invalid_argument("column " + c->name + " is not a list");
  if (!s.is_ok()) {
    fail(s.with_context("element of " + c->name));
    return *this;
  }
  if (Row* row = target_row(*c)) row->columns[c->id].apply(Bytes(path), make_cell(Bytes(value)));
  return *this;
}

MutationBuilder& MutationBuilder::remove_list_element(std::string_view name, BytesView path) {
  return remove_from_map(name, path);
}

MutationBuilder& MutationBuilder::ttl(int32_t seconds) {
  if (seconds < 0 || seconds > 630720000) {
    fail(Status::invalid_argument("ttl " + std::to_string(seconds) +
                                  " must be between 0 and 630720000 seconds (20 years)"));
    return *this;
  }
  ttl_ = seconds;
  return *this;
}

MutationBuilder& MutationBuilder::delete_partition() {
  if (partition_) partition_->delete_partition(DeletionTime{timestamp_, now_});
  return *this;
}

MutationBuilder& MutationBuilder::delete_row(const Clustering& clustering) {
  row(clustering);
  if (current_) current_->deletion.merge(DeletionTime{timestamp_, now_});
  return *this;
}

MutationBuilder& MutationBuilder::delete_range(const ClusteringSlice& range) {
  const auto& cmp = *table_.clustering_comparator();
  for (const ClusteringBound* b : {&range.start, &range.end}) {
    if (b->prefix.size() > cmp.size()) {
      fail(Status::invalid_argument("range bound has more values than clustering columns"));
      return *this;
    }
    for (size_t i = 0; i < b->prefix.size(); ++i) {
      Status s = cmp.types()[i]->validate(b->prefix[i]);
      if (!s.is_ok()) {
        fail(s.with_context("range bound"));
        return *this;
      }
    }
  }
  if (!range.start.is_start() || range.end.is_start()) {
    fail(Status::invalid_argument("a range needs a start bound and an end bound"));
    return *this;
  }
  if (partition_) partition_->add_range_tombstone({range, DeletionTime{timestamp_, now_}});
  return *this;
}

Result<Mutation> MutationBuilder::build() {
  if (!status_.is_ok()) return status_;
  if (current_) partition_->apply_row(std::move(*current_));
  current_.reset();
  if (!static_row_.empty()) partition_->apply_static(static_row_);
  static_row_ = Row();
  Mutation m{table_.id(), std::move(*partition_)};
  partition_.reset();
  status_ = Status::invalid_argument("MutationBuilder::build() was already called");
  return m;
}

std::optional<Bytes> column_value(const TableSchema& table, const Row& row,
                                  std::string_view column) {
  const ColumnDefinition* c = table.find_column(column);
  if (c == nullptr) return std::nullopt;
  auto it = row.columns.find(c->id);
  if (it == row.columns.end() || it->second.cells.empty()) return std::nullopt;
  if (!c->type->is_multi_cell()) return it->second.cells.front().second.value;
  std::vector<CollectionCell> cells;
  for (const auto& [path, cell] : it->second.cells) cells.push_back({path, cell.value});
  return collection_from_cells(*c->type, cells);
}

}  // namespace cairn
