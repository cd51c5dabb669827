// Mutation: a change to one partition of one table, the unit of the write path, and
// the binary encoding of partitions shared by the commitlog and sstables.
//
// The encoding ("partition encoding v1", byte by byte in
// docs/formats/partition-encoding-v1.md) is self-delimiting and schema-free except for
// the clustering types, which the decoder uses to validate clustering values before
// they are ever compared. Every decoder is bounds-checked: damaged or hostile bytes
// give Corruption naming what was malformed and where, never a crash.
#pragma once

#include <functional>
#include <vector>

#include "common/result.h"
#include "model/partition.h"
#include "model/uuid.h"

namespace cairn {

struct Mutation {
  Uuid table_id;
  Partition partition;
};

// Appends the encoding of `p` without its key.
void encode_partition_body(const Partition& p, Bytes* out);
// Decodes a body written by encode_partition_body for `key`.
Result<Partition> decode_partition_body(BytesView data, ClusteringComparatorRef comparator,
                                        DecoratedKey key);

// The pieces of a body, for formats that store a partition's rows apart from its
// header (sstable version cb, whose row index reads only some rows). A body is the
// header, a varint row count, then the rows.
void encode_partition_header(const Partition& p, Bytes* out);  // deletion, range tombstones, static row
void encode_row(const Row& row, Bytes* out);
void encode_clustering(const Clustering& c, Bytes* out);
// Decodes a header into `p` (which has its key and comparator); the data must end with it.
Status decode_partition_header(BytesView data, Partition* p);
// Decodes rows written back to back by encode_row, up to the end of `data`, into `p`.
Status decode_rows(BytesView data, Partition* p);
// Decodes rows written back to back by encode_row (in clustering order) and hands
// those inside `slice` one at a time to `row`, which may move from them, until `row`
// returns false or a row lies past the slice; the bytes after that are not read. Rows
// before the slice are checked but not built.
Status decode_rows_in_slice(BytesView data, const ClusteringComparator& comparator,
                            const ClusteringSlice& slice, const std::function<bool(Row&)>& row);
// The same, adding the slice's first `limit` rows of `data` to `p`; adds to *added the
// number of rows added.
Status decode_rows_in_slice(BytesView data, const ClusteringSlice& slice, size_t limit,
                            Partition* p, size_t* added);
// Decodes one full clustering written by encode_clustering; sets the bytes it took.
Result<Clustering> decode_clustering(BytesView data, const ClusteringComparator& comparator,
                                     size_t* consumed);

// A list of mutations (one write or one batch) as one commitlog record.
Bytes encode_mutations(const std::vector<const Mutation*>& mutations);

// Looks up the clustering comparator of a table id; nullptr when the table is unknown
// (dropped), in which case its mutations are skipped.
using ComparatorLookup = std::function<ClusteringComparatorRef(const Uuid&)>;
Status decode_mutations(BytesView data, const ComparatorLookup& lookup,
                        std::vector<Mutation>* out);

// The encoded size of a mutation: what batch size thresholds measure.
size_t encoded_size(const Mutation& m);

}  // namespace cairn
