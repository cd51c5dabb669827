// The legacy-sstable golden files: what they hold and how to render them.
//
// tests/data/legacy-sstables/<version>/ is a frozen data directory written by that
// version's writer (generate_golden.cc) from a fixed data set covering every CQL type,
// every tombstone kind, TTLs and static columns, plus the renderings the test compares
// a later reader against: expected-raw.txt (every sstable's partitions as stored) and
// expected-live.txt (what reads return at kGoldenNowMicros, and a week later when the
// TTL'd data has expired).
#pragma once

#include <cstdint>
#include <string>

#include "common/env/env.h"
#include "storage/database.h"

namespace cairn::testing {

// The fixed clock the golden data was written at: 2025-06-15T12:00:00Z.
inline constexpr int64_t kGoldenNowMicros = 1'749'988'800'000'000;
inline constexpr int64_t kWeekMicros = 7LL * 24 * 3600 * 1'000'000;

// Renders the raw contents of every sstable of every user table under `data_dir`.
Result<std::string> render_all_raw(const Env& env, Database& db, const std::string& data_dir);
// Renders what scans of every user table return now.
Result<std::string> render_all_live(Database& db);

}  // namespace cairn::testing
