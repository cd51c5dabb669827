// generate_golden: writes tests/data/legacy-sstables/<current version>/ — the frozen
// golden files of the sstable version this build writes. Run it once, in the commit
// that introduces a new version; never regenerate an older version's files (this
// build cannot write them any more, which is the point).
//
//   build/bin/legacy_generate_golden tests/data/legacy-sstables
//
// It writes, with a fixed clock and fixed table ids, a data set covering every CQL
// type, every tombstone kind (partition, range, row, cell, collection), TTLs (row and
// cell, table default), static columns, composite partition keys and DESC clustering,
// in two flushes per table so merging across sstables is exercised; closes the
// database; removes the commitlog and the LOCK file; and writes expected-raw.txt and
// expected-live.txt beside the data directory (see golden.h).
#include <fmt/format.h>

#include <unistd.h>

#include <cstdio>

#include "common/env/posix_file_system.h"
#include "model/mutation_builder.h"
#include "sstable/sstable.h"
#include "tests/legacy/golden.h"

namespace cairn::testing {
namespace {

Uuid fixed_id(const char* text) { return Uuid::parse(text).value(); }

// Every scalar type, every collection kind, a tuple and a static column.
TableSchemaRef all_types_table() {
  return TableSchema::Builder("golden", "all_types")
      .id(fixed_id("601de000-0000-4000-8000-000000000001"))
      .partition_key("id", CqlType::text())
      .clustering("ck", CqlType::int_())
      .static_column("s_text", CqlType::text())
      .regular("c_ascii", CqlType::ascii())
      .regular("c_bigint", CqlType::bigint())
      .regular("c_blob", CqlType::blob())
      .regular("c_boolean", CqlType::boolean())
      .regular("c_date", CqlType::date())
      .regular("c_decimal", CqlType::decimal())
      .regular("c_double", CqlType::double_())
      .regular("c_duration", CqlType::duration())
      .regular("c_float", CqlType::float_())
      .regular("c_inet", CqlType::inet())
      .regular("c_int", CqlType::int_())
      .regular("c_smallint", CqlType::smallint())
      .regular("c_text", CqlType::text())
      .regular("c_time", CqlType::time())
      .regular("c_timestamp", CqlType::timestamp())
      .regular("c_timeuuid", CqlType::timeuuid())
      .regular("c_tinyint", CqlType::tinyint())
      .regular("c_uuid", CqlType::uuid())
      .regular("c_varint", CqlType::varint())
      .regular("c_list", CqlType::list(CqlType::int_(), false))
      .regular("c_set", CqlType::set(CqlType::text(), false))
      .regular("c_map", CqlType::map(CqlType::text(), CqlType::int_(), false))
      .regular("c_frozen_list", CqlType::list(CqlType::int_(), true))
      .regular("c_frozen_set", CqlType::set(CqlType::text(), true))
      .regular("c_frozen_map", CqlType::map(CqlType::text(), CqlType::int_(), true))
      .regular("c_tuple", CqlType::tuple({CqlType::int_(), CqlType::text()}))
      .build()
      .value();
}

// A composite partition key, DESC clustering and a table default TTL.
TableSchemaRef events_table() {
  TableOptions options;
  options.default_time_to_live = 3 * 24 * 3600;  // live at the golden time, expired a week on
  options.comment = "golden events";
  return TableSchema::Builder("golden", "events")
      .id(fixed_id("601de000-0000-4000-8000-000000000002"))
      .partition_key("tenant", CqlType::text())
      .partition_key("day", CqlType::int_())
      .clustering("at", CqlType::timestamp(), ClusteringOrder::kDesc)
      .clustering("seq", CqlType::int_())
      .regular("message", CqlType::text())
      .options(options)
      .build()
      .value();
}

class Writer {
 public:
  Writer(Database& db, ManualClock& clock) : db_(db), clock_(clock) {}

  // A builder at the current clock, which then ticks one microsecond so every write
  // has its own timestamp.
  MutationBuilder at_now(const TableSchemaRef& t, std::vector<Bytes> key) {
    MutationBuilder b(*t, key, clock_.now_micros(), static_cast<int32_t>(clock_.now_micros() / 1'000'000));
    clock_.advance(std::chrono::microseconds(1));
    return b;
  }
  void apply(MutationBuilder& b) {
    auto m = b.build();
    check(m.status(), "building a mutation");
    check(db_.apply(m.value()).status(), "applying a mutation");
  }
  static void check(const Status& s, const char* what) {
    if (!s.is_ok()) {
      fmt::print(stderr, "generate_golden: {}: {}\n", what, s.to_string());
      std::exit(1);
    }
  }

 private:
  Database& db_;
  ManualClock& clock_;
};

Bytes uuid_bytes(const char* text) { return Uuid::parse(text).value().to_bytes(); }
Bytes bytes_of(std::initializer_list<int> b) {
  Bytes out;
  for (int c : b) out.push_back(static_cast<char>(c));
  return out;
}

void write_all_types(Writer& w, const TableSchemaRef& t, int half) {
  using namespace values;
  if (half == 0) {
    auto b = w.at_now(t, {from_text("full")});
    b.set("s_text", from_text("static of full"));
    b.row({from_int(1)}).marker()
        .set("c_ascii", from_ascii("plain ascii"))
        .set("c_bigint", from_bigint(-9'000'000'000'000'000'000))
        .set("c_blob", bytes_of({0x00, 0xff, 0x10}))
        .set("c_boolean", from_boolean(true))
        .set("c_date", from_date(20000))
        .set("c_decimal", from_decimal(-123456789, 4))
        .set("c_double", from_double(-2.5e-300))
        .set("c_duration", from_duration(14, 3, 5'000'000'001))
        .set("c_float", from_float(3.25f))
        .set("c_inet", bytes_of({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}))
        .set("c_int", from_int(-42))
        .set("c_smallint", from_smallint(-300))
        .set("c_text", from_text("ünïcödé ✓ 'quoted'"))
        .set("c_time", from_time(45'296'000'000'001))
        .set("c_timestamp", from_timestamp(1'700'000'000'123))
        .set("c_timeuuid", uuid_bytes("5d8bcd00-498f-11ea-bf8c-0800200c9a66"))
        .set("c_tinyint", from_tinyint(-7))
        .set("c_uuid", uuid_bytes("f47ac10b-58cc-4372-a567-0e02b2c3d479"))
        .set("c_varint", from_varint(-129))
        .set("c_frozen_list", from_list({from_int(3), from_int(1), from_int(2)}))
        .set("c_frozen_set", from_list({from_text("a"), from_text("b")}))
        .set("c_frozen_map", from_map({{from_text("k"), from_int(1)}}))
        .set("c_tuple", from_tuple({from_int(7), std::nullopt}));
    w.apply(b);

    // Collections cell by cell: appends, additions, removals and a whole replacement.
    auto c = w.at_now(t, {from_text("collections")});
    c.row({from_int(1)}).marker()
        .append_to_list("c_list", from_int(10)).append_to_list("c_list", from_int(20))
        .add_to_set("c_set", from_text("x")).add_to_set("c_set", from_text("y"))
        .put_in_map("c_map", from_text("one"), from_int(1))
        .put_in_map("c_map", from_text("two"), from_int(2));
    w.apply(c);
    auto c2 = w.at_now(t, {from_text("collections")});
    c2.row({from_int(1)}).remove_from_set("c_set", from_text("x")).remove_from_map("c_map", from_text("one"));
    w.apply(c2);
    auto c3 = w.at_now(t, {from_text("collections")});
    c3.row({from_int(2)}).marker().set("c_set", from_list({from_text("replaced")}));  // complex deletion
    w.apply(c3);

    // Rows and a range that will be deleted in the second half.
    for (int ck = 1; ck <= 5; ++ck) {
      auto r = w.at_now(t, {from_text("deletions")});
      r.row({from_int(ck)}).marker().set("c_int", from_int(ck)).set("c_text", from_text("doomed?"));
      w.apply(r);
    }
    auto p = w.at_now(t, {from_text("partition_deleted")});
    p.set("s_text", from_text("old static")).row({from_int(1)}).marker().set("c_int", from_int(1));
    w.apply(p);
    return;
  }
  // Second half: deletions of data in the first sstable, TTLs, data after a deletion.
  auto d = w.at_now(t, {from_text("deletions")});
  d.delete_row({from_int(1)});
  w.apply(d);
  auto rd = w.at_now(t, {from_text("deletions")});
  rd.delete_range(ClusteringSlice{ClusteringBound{{from_int(3)}, ClusteringBound::Kind::kInclusiveStart},
                                  ClusteringBound{{from_int(5)}, ClusteringBound::Kind::kExclusiveEnd}});
  w.apply(rd);
  auto cd = w.at_now(t, {from_text("deletions")});
  cd.row({from_int(2)}).erase("c_text");  // a cell tombstone
  w.apply(cd);
  auto pd = w.at_now(t, {from_text("partition_deleted")});
  pd.delete_partition();
  w.apply(pd);
  auto after = w.at_now(t, {from_text("partition_deleted")});
  after.row({from_int(2)}).marker().set("c_text", from_text("written after the deletion"));
  w.apply(after);
  auto ttl = w.at_now(t, {from_text("ttl")});
  ttl.ttl(86400).row({from_int(1)}).marker().set("c_text", from_text("lives a day"));
  ttl.ttl(0).row({from_int(2)}).marker().set("c_text", from_text("lives forever"));
  ttl.ttl(3600).row({from_int(2)}).set("c_int", from_int(99));  // one TTL'd cell in a row
  w.apply(ttl);
  auto update = w.at_now(t, {from_text("full")});
  update.row({from_int(1)}).set("c_int", from_int(43));  // newer value across sstables
  w.apply(update);
}

void write_events(Writer& w, const TableSchemaRef& t, int half) {
  using namespace values;
  for (int tenant = 0; tenant < 3; ++tenant) {
    for (int i = 0; i < 4; ++i) {
      auto b = w.at_now(t, {from_text("tenant-" + std::to_string(tenant)), from_int(20250615)});
      b.row({from_timestamp(1'749'988'800'000 + (half * 4 + i) * 1000), from_int(i)})
          .marker()
          .set("message", from_text(fmt::format("event {} of tenant {}", half * 4 + i, tenant)));
      w.apply(b);
    }
  }
  if (half == 1) {
    auto d = w.at_now(t, {from_text("tenant-2"), from_int(20250615)});
    d.delete_partition();
    w.apply(d);
  }
}

int run(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: legacy_generate_golden <tests/data/legacy-sstables>\n");
    return 2;
  }
  PosixFileSystem fs;
  const std::string root = join_path(argv[1], kCurrentSSTableVersion);
  if (fs.exists(root)) {
    fmt::print(stderr, "generate_golden: {} exists; golden files are never regenerated\n", root);
    return 2;
  }
  const std::string data_dir = join_path(root, "data");
  ManualClock clock(kGoldenNowMicros - 60'000'000);  // written a minute before "now"
  RandomSource random(20250615);
  ManualScheduler scheduler(&clock);
  FailPoints failpoints;
  Env env{&fs, &clock, &random, &scheduler, &failpoints};
  Logger logger(LogLevel::kWarn, stderr);
  DatabaseOptions options;
  options.data_directory = data_dir;
  options.commitlog_directory = join_path(root, "commitlog");
  options.commitlog_sync = CommitLogSync::kBatch;
  options.auto_compaction = false;
  options.logger = &logger;
  {
    auto db = Database::open(env, options);
    Writer::check(db.status(), "opening the database");
    Writer::check(db.value()->create_keyspace({"golden"}), "creating keyspace golden");
    auto all_types = db.value()->create_table(all_types_table());
    Writer::check(all_types.status(), "creating golden.all_types");
    auto events = db.value()->create_table(events_table());
    Writer::check(events.status(), "creating golden.events");
    Writer w(*db.value(), clock);
    for (int half = 0; half < 2; ++half) {
      write_all_types(w, all_types.value(), half);
      write_events(w, events.value(), half);
      Writer::check(db.value()->flush(), "flushing");
    }
    Writer::check(db.value()->close(), "closing");
  }
  // The data directory alone is the golden data: no commitlog, no lock.
  for (const auto& name : fs.list_dir(options.commitlog_directory).value()) {
    Writer::check(fs.remove_file(join_path(options.commitlog_directory, name)), "cleaning up");
  }
  Writer::check(fs.remove_dir(options.commitlog_directory), "cleaning up");
  Writer::check(fs.remove_file(join_path(data_dir, "LOCK")), "removing LOCK");

  // Render from a fresh open, as the test will.
  options.commitlog_directory = "/tmp/cairn-golden-commitlog-" + std::to_string(::getpid());
  clock.set_micros(kGoldenNowMicros);
  auto db = Database::open(env, options);
  Writer::check(db.status(), "reopening");
  auto raw = render_all_raw(env, *db.value(), data_dir);
  Writer::check(raw.status(), "rendering sstables");
  Writer::check(write_file_atomically(fs, join_path(root, "expected-raw.txt"), raw.value()), "writing");
  std::string live = "# at the golden time\n";
  auto now = render_all_live(*db.value());
  Writer::check(now.status(), "reading");
  live += now.value();
  clock.set_micros(kGoldenNowMicros + kWeekMicros);
  live += "# a week later\n";
  auto later = render_all_live(*db.value());
  Writer::check(later.status(), "reading");
  live += later.value();
  Writer::check(write_file_atomically(fs, join_path(root, "expected-live.txt"), live), "writing");
  Writer::check(db.value()->close(), "closing");
  db.value().reset();
  for (const auto& name : fs.list_dir(options.commitlog_directory).value()) {
    (void)fs.remove_file(join_path(options.commitlog_directory, name));
  }
  (void)fs.remove_dir(options.commitlog_directory);
  (void)fs.remove_file(join_path(data_dir, "LOCK"));
  fmt::print("wrote {}\n", root);
  return 0;
}

}  // namespace
}  // namespace cairn::testing

int main(int argc, char** argv) { return cairn::testing::run(argc, argv); }
