// VirtualPartitions: collects the rows of a generated table and hands them back as a
// scan of a stored table would: live partitions in token order, rows in clustering
// order, live cells only.
//
//   VirtualPartitions out(*table, now_micros);
//   MutationBuilder b = out.partition({values::from_text("ks")});
//   b.row({values::from_text("t")}).marker().set("comment", values::from_text(""));
//   CAIRN_RETURN_IF_ERROR(out.add(b));
//   std::vector<ReadPartition> partitions = std::move(out).finish();
//
// Every row is written at one timestamp (now_micros) with a row marker, so a row
// whose columns are all null still exists, as an INSERT would make it.
//
// Thread safety: used by one thread.
#pragma once

#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "model/mutation_builder.h"
#include "storage/database.h"

namespace cairn::cql {

class VirtualPartitions {
 public:
  VirtualPartitions(const TableSchema& table, int64_t now_micros);

  const TableSchema& table() const { return table_; }

  // A builder for the partition with this key (one value per partition key column).
  MutationBuilder partition(const std::vector<Bytes>& key) const;
  // Adds what `builder` holds; the error a builder collected (a bad value, an unknown
  // column) is returned here.
  Status add(MutationBuilder& builder);

  std::vector<ReadPartition> finish() &&;

 private:
  const TableSchema& table_;
  int64_t timestamp_;
  int32_t now_seconds_;
  std::map<DecoratedKey, Partition> partitions_;
};

// Sets `column` when `value` holds one; a null leaves the column unset.
void set_if(MutationBuilder& b, std::string_view column, const std::optional<Bytes>& value);

}  // namespace cairn::cql
