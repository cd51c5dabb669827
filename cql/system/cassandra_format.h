// How Cassandra 4.0 writes schema facts into system_schema, for Cairn's schema objects.
//
// Drivers parse these strings and maps (the Python driver's DESCRIBE, the Java
// driver's DataType parser), so they follow Cassandra's spelling exactly:
//  - types as CQL3Type.toString(): "map<text, int>", "frozen<list<int>>"; a collection
//    inside a collection or a tuple is always frozen ("list<frozen<set<int>>>") and a
//    tuple always reads "frozen<tuple<int, text>>".
//  - option maps with fully qualified class names (ReplicationParams, CompactionParams
//    and CompressionParams asMap()).
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/types.h"

namespace cairn::cql {

using OptionMap = std::map<std::string, std::string>;

std::string cassandra_type_name(const CqlType& type);

// {'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '1'}:
// the class gets the org.apache.cassandra.locator. package unless it has a package.
OptionMap cassandra_replication(const OptionMap& replication);

// The class (SizeTieredCompactionStrategy when absent) with the
// org.apache.cassandra.db.compaction. package, and min_threshold 4 / max_threshold 32
// unless given: every strategy Cairn has accepts them, so Cassandra lists them.
OptionMap cassandra_compaction(const OptionMap& compaction);

// {'enabled': 'false'} when compression is off; otherwise the class with the
// org.apache.cassandra.io.compress. package, chunk_length_in_kb (default 16) and any
// other option as given.
OptionMap cassandra_compression(const OptionMap& compression);

// The serialized frozen forms of a map<text, text> and of a set<text> or list<text>
// (a set's elements in text order, as Cassandra serializes it).
Bytes serialize_text_map(const OptionMap& map);
Bytes serialize_text_set(std::vector<std::string> elements);
Bytes serialize_text_list(const std::vector<std::string>& elements);

}  // namespace cairn::cql
