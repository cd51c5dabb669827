// MutationBuilder: builds a Mutation for one partition from column names and
// serialized values, the way an INSERT, UPDATE or DELETE statement would.
//
//   MutationBuilder b(table, {values::from_uuid(session)}, timestamp_micros, now_seconds);
//   b.row({values::from_timeuuid(id)}).marker().set("body", values::from_text("hello"));
//   b.delete_row({old_id});
//   Result<Mutation> m = b.build();
//
// Every cell gets the builder's timestamp; TTLs default to the table's
// default_time_to_live. Errors (an unknown column, a value invalid for its type, a
// wrong number of key values) are collected and returned by build(), naming the
// column, so a chain of calls needs one check.
//
// Thread safety: a builder is used by one thread.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "model/mutation.h"
#include "model/schema.h"

namespace cairn {

class MutationBuilder {
 public:
  MutationBuilder(const TableSchema& table, const std::vector<Bytes>& partition_key,
                  int64_t timestamp_micros, int32_t now_seconds);

  // Selects (creating) the row with this full clustering; later set()/erase() calls
  // apply to it. For a table without clustering columns, row({}).
  MutationBuilder& row(const Clustering& clustering);
  // Writes the row marker (what INSERT does), making the row exist with null columns.
  MutationBuilder& marker();
  // Sets a regular or static column (a static column is set on the partition's static
  // row whatever row is selected). A non-frozen collection column takes its frozen
  // serialization and replaces the whole collection.
  MutationBuilder& set(std::string_view column, BytesView value);
  // Deletes one column's value in the selected row (or the static row).
  MutationBuilder& erase(std::string_view column);
  // Non-frozen collections: add elements to a set/list, or put keys into a map.
  MutationBuilder& add_to_set(std::string_view column, BytesView element);
  MutationBuilder& append_to_list(std::string_view column, BytesView element);
  MutationBuilder& put_in_map(std::string_view column, BytesView key, BytesView value);
  MutationBuilder& remove_from_map(std::string_view column, BytesView key);
  MutationBuilder& remove_from_set(std::string_view column, BytesView element);
  // Lists: puts elements before every element already in the list (l = [..] + l),
  // keeping their given order.
  MutationBuilder& prepend_to_list(std::string_view column, const std::vector<Bytes>& elements);
  // Lists: overwrites or deletes the element stored under `path` (l[i] = v,
  // DELETE l[i] and l = l - [..], which first read the list to find the paths).
  MutationBuilder& set_list_element(std::string_view column, BytesView path, BytesView value);
  MutationBuilder& remove_list_element(std::string_view column, BytesView path);

  // TTL in seconds for cells written after this call (0: none); overrides the default.
  MutationBuilder& ttl(int32_t seconds);

  MutationBuilder& delete_partition();
  MutationBuilder& delete_row(const Clustering& clustering);
  MutationBuilder& delete_range(const ClusteringSlice& range);

  Result<Mutation> build();

 private:
  const ColumnDefinition* column(std::string_view name, bool must_be_multi_cell);
  Row* target_row(const ColumnDefinition& c);
  Cell make_cell(Bytes value) const;
  void fail(Status s) {
    if (status_.is_ok()) status_ = std::move(s);
  }

  const TableSchema& table_;
  int64_t timestamp_;
  int32_t now_;
  int32_t ttl_;
  Status status_;
  std::optional<Partition> partition_;
  std::optional<Row> current_;
  Row static_row_;
  uint32_t list_sequence_ = 0;
};

// The value of `column` in `row` as a read sees it: a simple column's cell value, or
// a non-frozen collection folded into its frozen serialization; nullopt when null.
std::optional<Bytes> column_value(const TableSchema& table, const Row& row,
                                  std::string_view column);

// The DecoratedKey of a partition key given as one value per partition key column.
Result<DecoratedKey> make_partition_key(const TableSchema& table, const std::vector<Bytes>& values);

}  // namespace cairn
