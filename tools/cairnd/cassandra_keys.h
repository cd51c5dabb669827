// Data that cairn.yaml parsing (config.cc) draws on, kept apart from its logic: the
// cassandra.yaml keys Cairn accepts but does not read, and the text of the default
// cairn.yaml. Internal to tools/cairnd/.
//
// Thread safety: both functions are pure.
#pragma once

#include <string_view>

namespace cairn::tools {

// Whether `key` is a cassandra.yaml key that Cairn does not read: Cassandra 4.1's
// Config, old spellings included, and a few 5.0 additions. config.cc warns about these
// and refuses keys that neither Cassandra nor Cairn knows.
bool is_cassandra_only_key(std::string_view key);

// The default cairn.yaml, as default_config_yaml() (config.h) returns it: every setting
// at its built-in default, with comments. conf/cairn.yaml holds the same text.
std::string_view default_config_yaml_text();

}  // namespace cairn::tools
