#include "model/mutation.h"

#include "common/coding.h"

namespace cairn {
namespace {

constexpr uint8_t kMutationsVersion = 1;

// Flags in the encodings below.
constexpr uint8_t kRowHasLiveness = 1;
constexpr uint8_t kRowLivenessExpiring = 2;
constexpr uint8_t kRowHasDeletion = 4;
constexpr uint8_t kColumnHasComplexDeletion = 1;
constexpr uint8_t kCellExpiring = 1;
constexpr uint8_t kCellTombstone = 2;

void put_deletion(Bytes* out, const DeletionTime& d) {
  if (d.is_live()) {
    put_u8(out, 0);
    return;
  }
  put_u8(out, 1);
  put_signed_varint(out, d.marked_for_delete_at);
  put_i32(out, d.local_deletion_time);
}

void put_clustering(Bytes* out, const Clustering& c) {
  put_varint(out, c.size());
  for (const auto& v : c) put_length_prefixed(out, v);
}

void put_bound(Bytes* out, const ClusteringBound& b) {
  put_u8(out, static_cast<uint8_t>(b.kind));
  put_clustering(out, b.prefix);
}

void put_cell(Bytes* out, const Bytes& path, const Cell& c) {
  put_length_prefixed(out, path);
  uint8_t flags = c.is_tombstone() ? kCellTombstone : (c.is_expiring() ? kCellExpiring : 0);
  put_u8(out, flags);
  put_signed_varint(out, c.timestamp);
  if (flags == kCellExpiring) put_varint(out, static_cast<uint32_t>(c.ttl));
  if (flags != 0) put_i32(out, c.local_deletion_time);
  if (flags != kCellTombstone) put_length_prefixed(out, c.value);
}

void put_row(Bytes* out, const Row& row) {
  put_clustering(out, row.clustering);
  uint8_t flags = 0;
  if (!row.liveness.empty()) flags |= kRowHasLiveness;
  if (!row.liveness.empty() && row.liveness.ttl != kNoTtl) flags |= kRowLivenessExpiring;
  if (!row.deletion.is_live()) flags |= kRowHasDeletion;
  put_u8(out, flags);
  if (flags & kRowHasLiveness) put_signed_varint(out, row.liveness.timestamp);
  if (flags & kRowLivenessExpiring) {
    put_varint(out, static_cast<uint32_t>(row.liveness.ttl));
    put_i32(out, row.liveness.local_deletion_time);
  }
  if (flags & kRowHasDeletion) {
    put_signed_varint(out, row.deletion.marked_for_delete_at);
    put_i32(out, row.deletion.local_deletion_time);
  }
  put_varint(out, row.columns.size());
  for (const auto& [id, data] : row.columns) {
    put_varint(out, id);
    bool complex = !data.complex_deletion.is_live();
    put_u8(out, complex ? kColumnHasComplexDeletion : 0);
    if (complex) {
      put_signed_varint(out, data.complex_deletion.marked_for_delete_at);
      put_i32(out, data.complex_deletion.local_deletion_time);
    }
    put_varint(out, data.cells.size());
    for (const auto& [path, cell] : data.cells) put_cell(out, path, cell);
  }
}

// Decoding state: the reader plus a description for error messages.
class Decoder {
 public:
  Decoder(BytesView data, const ClusteringComparator& comparator)
      : in_(data), comparator_(comparator) {}

  Status error(const std::string& what) const {
    return Status::corruption("malformed partition encoding: " + what + " at offset " +
                              std::to_string(in_.offset()));
  }

  // A count that cannot possibly fit in what is left is a lie: refuse it before
  // reserving memory for it.
  bool get_count(uint64_t* n) { return in_.get_varint(n) && *n <= in_.remaining(); }

  Status deletion(DeletionTime* d) {
    uint8_t present;
    if (!in_.get_u8(&present) || present > 1) return error("bad deletion flag");
    if (present == 0) {
      *d = DeletionTime();
      return Status::ok();
    }
    return raw_deletion(d);
  }

  Status raw_deletion(DeletionTime* d) {
    if (!in_.get_signed_varint(&d->marked_for_delete_at) || !in_.get_i32(&d->local_deletion_time)) {
      return error("truncated deletion time");
    }
    if (d->marked_for_delete_at == kNoTimestamp) return error("deletion without a timestamp");
    return Status::ok();
  }

  Status clustering(Clustering* c, bool full) {
    uint64_t n;
    if (!get_count(&n)) return error("bad clustering size");
    if (n > comparator_.size() || (full && n != comparator_.size())) {
      return error("clustering of " + std::to_string(n) + " values for a table with " +
                   std::to_string(comparator_.size()) + " clustering columns");
    }
    c->resize(n);
    for (uint64_t i = 0; i < n; ++i) {
      BytesView v;
      if (!in_.get_length_prefixed(&v)) return error("truncated clustering value");
      if (!comparator_.types()[i]->validate(v).is_ok()) return error("invalid clustering value");
      (*c)[i].assign(v.data(), v.size());
    }
    return Status::ok();
  }

  Status bound(ClusteringBound* b) {
    uint8_t kind;
    if (!in_.get_u8(&kind) || kind > 3) return error("bad bound kind");
    b->kind = static_cast<ClusteringBound::Kind>(kind);
    return clustering(&b->prefix, false);
  }

  Status cell(Bytes* path, Cell* c) {
    BytesView p;
    uint8_t flags;
    if (!in_.get_length_prefixed(&p) || !in_.get_u8(&flags) || flags > kCellTombstone ||
        !in_.get_signed_varint(&c->timestamp)) {
      return error("bad cell header");
    }
    path->assign(p.data(), p.size());
    c->ttl = kNoTtl;
    c->local_deletion_time = kNoDeletionTime;
    c->value.clear();
    if (flags == kCellExpiring) {
      uint64_t ttl;
      if (!in_.get_varint(&ttl) || ttl == 0 || ttl > INT32_MAX) return error("bad cell ttl");
      c->ttl = static_cast<int32_t>(ttl);
    }
    if (flags != 0) {
      if (!in_.get_i32(&c->local_deletion_time) || c->local_deletion_time == kNoDeletionTime) {
        return error("bad cell deletion time");
      }
    }
    if (flags != kCellTombstone) {
      BytesView v;
      if (!in_.get_length_prefixed(&v)) return error("truncated cell value");
      c->value.assign(v.data(), v.size());
    }
    return Status::ok();
  }

  Status row(Row* row, bool is_static) {
    CAIRN_RETURN_IF_ERROR(clustering(&row->clustering, !is_static));
    if (is_static && !row->clustering.empty()) return error("static row with a clustering");
    return row_body(row);
  }

  // What follows a row's clustering: flags, liveness, deletion, columns.
  Status row_body(Row* row) {
    uint8_t flags;
    if (!in_.get_u8(&flags) || flags > 7) return error("bad row flags");
    if (flags & kRowHasLiveness) {
      if (!in_.get_signed_varint(&row->liveness.timestamp) ||
          row->liveness.timestamp == kNoTimestamp) {
        return error("bad row timestamp");
      }
    }
    if (flags & kRowLivenessExpiring) {
      uint64_t ttl;
      if (!(flags & kRowHasLiveness) || !in_.get_varint(&ttl) || ttl == 0 || ttl > INT32_MAX ||
          !in_.get_i32(&row->liveness.local_deletion_time)) {
        return error("bad row ttl");
      }
      row->liveness.ttl = static_cast<int32_t>(ttl);
    }
    if (flags & kRowHasDeletion) CAIRN_RETURN_IF_ERROR(raw_deletion(&row->deletion));
    uint64_t columns;
    if (!get_count(&columns)) return error("bad column count");
    for (uint64_t i = 0; i < columns; ++i) {
      uint64_t id;
      uint8_t column_flags;
      if (!in_.get_varint(&id) || id > UINT32_MAX || !in_.get_u8(&column_flags) ||
          column_flags > kColumnHasComplexDeletion) {
        return error("bad column header");
      }
      ColumnData& data = row->columns[static_cast<ColumnId>(id)];
      if (column_flags) CAIRN_RETURN_IF_ERROR(raw_deletion(&data.complex_deletion));
      uint64_t cells;
      if (!get_count(&cells)) return error("bad cell count");
      for (uint64_t j = 0; j < cells; ++j) {
        Bytes path;
        Cell c;
        CAIRN_RETURN_IF_ERROR(cell(&path, &c));
        data.apply(std::move(path), std::move(c));
      }
    }
    return Status::ok();
  }

  // Partition deletion, range tombstones and static row.
  Status header(Partition* p) {
    DeletionTime d;
    CAIRN_RETURN_IF_ERROR(deletion(&d));
    p->delete_partition(d);
    uint64_t n;
    if (!get_count(&n)) return error("bad range tombstone count");
    for (uint64_t i = 0; i < n; ++i) {
      RangeTombstone rt;
      CAIRN_RETURN_IF_ERROR(bound(&rt.range.start));
      CAIRN_RETURN_IF_ERROR(bound(&rt.range.end));
      if (!rt.range.start.is_start() || rt.range.end.is_start()) return error("bad range bounds");
      CAIRN_RETURN_IF_ERROR(raw_deletion(&rt.deletion));
      p->add_range_tombstone(std::move(rt));
    }
    uint8_t has_static;
    if (!in_.get_u8(&has_static) || has_static > 1) return error("bad static flag");
    if (has_static) {
      Row row;
      CAIRN_RETURN_IF_ERROR(this->row(&row, true));
      p->apply_static(row);
    }
    return Status::ok();
  }

  Status rows_until_end(Partition* p) {
    while (!in_.at_end()) {
      Row row;
      CAIRN_RETURN_IF_ERROR(this->row(&row, false));
      p->apply_row(std::move(row));
    }
    return Status::ok();
  }

  // Rows before the slice are checked as they are skipped but decoded into one
  // reused row, so skipping them allocates nothing once that row has grown.
  Status rows_each_in_slice(const ClusteringSlice& slice, const std::function<bool(Row&)>& f) {
    Row skipped;
    Clustering c;
    while (!in_.at_end()) {
      CAIRN_RETURN_IF_ERROR(clustering(&c, true));
      if (comparator_.compare(c, slice.end) > 0) break;  // past the slice
      if (comparator_.compare(c, slice.start) < 0) {
        CAIRN_RETURN_IF_ERROR(row_body(&skipped));
        continue;
      }
      Row row;
      row.clustering = c;
      CAIRN_RETURN_IF_ERROR(row_body(&row));
      if (!f(row)) break;
    }
    return Status::ok();
  }

  Status partition(Partition* p) {
    CAIRN_RETURN_IF_ERROR(header(p));
    uint64_t n;
    if (!get_count(&n)) return error("bad row count");
    for (uint64_t i = 0; i < n; ++i) {
      Row row;
      CAIRN_RETURN_IF_ERROR(this->row(&row, false));
      p->apply_row(std::move(row));
    }
    if (!in_.at_end()) return error("trailing bytes");
    return Status::ok();
  }

  BufferReader& reader() { return in_; }

 private:
  BufferReader in_;
  const ClusteringComparator& comparator_;
};

}  // namespace

void encode_partition_header(const Partition& p, Bytes* out) {
  put_deletion(out, p.deletion());
  put_varint(out, p.range_tombstones().size());
  for (const auto& rt : p.range_tombstones()) {
    put_bound(out, rt.range.start);
    put_bound(out, rt.range.end);
    put_signed_varint(out, rt.deletion.marked_for_delete_at);
    put_i32(out, rt.deletion.local_deletion_time);
  }
  bool has_static = !p.static_row().empty();
  put_u8(out, has_static ? 1 : 0);
  if (has_static) put_row(out, p.static_row());
}

void encode_row(const Row& row, Bytes* out) { put_row(out, row); }

void encode_clustering(const Clustering& c, Bytes* out) { put_clustering(out, c); }

void encode_partition_body(const Partition& p, Bytes* out) {
  encode_partition_header(p, out);
  put_varint(out, p.rows().size());
  for (const auto& [clustering, row] : p.rows()) put_row(out, row);
}

Status decode_partition_header(BytesView data, Partition* p) {
  Decoder decoder(data, *p->comparator());
  CAIRN_RETURN_IF_ERROR(decoder.header(p));
  if (!decoder.reader().at_end()) return decoder.error("trailing bytes after the header");
  return Status::ok();
}

Status decode_rows(BytesView data, Partition* p) {
  Decoder decoder(data, *p->comparator());
  return decoder.rows_until_end(p);
}

Status decode_rows_in_slice(BytesView data, const ClusteringComparator& comparator,
                            const ClusteringSlice& slice, const std::function<bool(Row&)>& row) {
  Decoder decoder(data, comparator);
  return decoder.rows_each_in_slice(slice, row);
}

Status decode_rows_in_slice(BytesView data, const ClusteringSlice& slice, size_t limit,
                            Partition* p, size_t* added) {
  if (limit == 0) return Status::ok();
  Decoder decoder(data, *p->comparator());
  size_t n = 0;
  Status s = decoder.rows_each_in_slice(slice, [&](Row& row) {
    p->apply_row(std::move(row));
    return ++n < limit;
  });
  *added += n;
  return s;
}

Result<Clustering> decode_clustering(BytesView data, const ClusteringComparator& comparator,
                                     size_t* consumed) {
  Decoder decoder(data, comparator);
  Clustering c;
  CAIRN_RETURN_IF_ERROR(decoder.clustering(&c, /*full=*/true));
  *consumed = decoder.reader().offset();
  return c;
}

Result<Partition> decode_partition_body(BytesView data, ClusteringComparatorRef comparator,
                                        DecoratedKey key) {
  Partition p(comparator, std::move(key));
  Decoder decoder(data, *comparator);
  CAIRN_RETURN_IF_ERROR(decoder.partition(&p));
  return p;
}

Bytes encode_mutations(const std::vector<const Mutation*>& mutations) {
  Bytes out;
  put_u8(&out, kMutationsVersion);
  put_varint(&out, mutations.size());
  Bytes body;
  for (const Mutation* m : mutations) {
    out += m->table_id.to_bytes();
    put_length_prefixed(&out, m->partition.key().key);
    body.clear();
    encode_partition_body(m->partition, &body);
    put_length_prefixed(&out, body);
  }
  return out;
}

Status decode_mutations(BytesView data, const ComparatorLookup& lookup,
                        std::vector<Mutation>* out) {
  BufferReader in(data);
  auto bad = [&](const std::string& what) {
    return Status::corruption("malformed mutation list: " + what + " at offset " +
                              std::to_string(in.offset()));
  };
  uint8_t version;
  uint64_t n;
  if (!in.get_u8(&version)) return bad("empty record");
  if (version != kMutationsVersion) return bad("unknown version " + std::to_string(version));
  if (!in.get_varint(&n) || n > in.remaining()) return bad("bad mutation count");
  for (uint64_t i = 0; i < n; ++i) {
    BytesView id_bytes, key, body;
    if (!in.get_bytes(16, &id_bytes) || !in.get_length_prefixed(&key) ||
        !in.get_length_prefixed(&body)) {
      return bad("truncated mutation");
    }
    CAIRN_ASSIGN_OR_RETURN(Uuid table_id, Uuid::from_bytes(id_bytes));
    ClusteringComparatorRef comparator = lookup(table_id);
    if (!comparator) continue;
    auto partition =
        decode_partition_body(body, comparator, DecoratedKey::of(Bytes(key.data(), key.size())));
    if (!partition.is_ok()) return partition.status().with_context("mutation " + std::to_string(i));
    out->push_back(Mutation{table_id, std::move(partition).value()});
  }
  if (!in.at_end()) return bad("trailing bytes");
  return Status::ok();
}

size_t encoded_size(const Mutation& m) {
  Bytes body;
  encode_partition_body(m.partition, &body);
  return 16 + varint_length(m.partition.key().key.size()) + m.partition.key().key.size() +
         varint_length(body.size()) + body.size();
}

}  // namespace cairn
