#include "cql/system/cassandra_format.h"

#include <algorithm>

#include "common/compression.h"

namespace cairn::cql {
namespace {

std::string type_name(const CqlType& type, bool nested) {
  std::string params;
  for (size_t i = 0; i < type.params().size(); ++i) {
    if (i > 0) params += ", ";
    params += type_name(*type.params()[i], /*nested=*/true);
  }
  switch (type.kind()) {
    case TypeKind::kTuple: return "frozen<tuple<" + params + ">>";
    case TypeKind::kList:
    case TypeKind::kSet:
    case TypeKind::kMap: {
      std::string name = type.kind() == TypeKind::kList  ? "list<"
                         : type.kind() == TypeKind::kSet ? "set<"
                                                         : "map<";
      name += params + ">";
      // Only a top-level column can hold a multi-cell collection.
      return type.frozen() || nested ? "frozen<" + name + ">" : name;
    }
    default: return type.cql_name();
  }
}

// `name`, or `package` + `name` when the name has no package of its own.
std::string qualify(const std::string& name, const char* package) {
  return name.find('.') == std::string::npos ? package + name : name;
}

}  // namespace

std::string cassandra_type_name(const CqlType& type) { return type_name(type, false); }

OptionMap cassandra_replication(const OptionMap& replication) {
  OptionMap out = replication;
  auto it = out.find("class");
  if (it != out.end()) it->second = qualify(it->second, "org.apache.cassandra.locator.");
  return out;
}

OptionMap cassandra_compaction(const OptionMap& compaction) {
  OptionMap out = compaction;
  auto it = out.find("class");
  if (it == out.end()) it = out.emplace("class", "SizeTieredCompactionStrategy").first;
  it->second = qualify(it->second, "org.apache.cassandra.db.compaction.");
  out.emplace("min_threshold", "4");
  out.emplace("max_threshold", "32");
  return out;
}

OptionMap cassandra_compression(const OptionMap& compression) {
  Result<CompressionParams> params = CompressionParams::parse(compression);
  // The Database refuses a table whose options do not parse; should one appear anyway,
  // show its options as they are rather than invent others.
  if (!params.is_ok()) return compression;
  if (params->algorithm == CompressionAlgorithm::kNone) return {{"enabled", "false"}};
  OptionMap out;
  for (const auto& [key, value] : compression) {
    if (key != "class" && key != "enabled" && key != "chunk_length_in_kb" &&
        key != "chunk_length_kb") {
      out.emplace(key, value);
    }
  }
  out["class"] =
      "org.apache.cassandra.io.compress." + std::string(compression_name(params->algorithm));
  out["chunk_length_in_kb"] = std::to_string(params->chunk_length / 1024);
  return out;
}

Bytes serialize_text_map(const OptionMap& map) {
  std::vector<std::pair<Bytes, Bytes>> entries;
  entries.reserve(map.size());
  // std::map orders std::string keys bytewise (char_traits compares as unsigned
  // char), which is text's order.
  for (const auto& [key, value] : map) {
    entries.emplace_back(values::from_text(key), values::from_text(value));
  }
  return values::from_map(entries);
}

Bytes serialize_text_set(std::vector<std::string> elements) {
  std::sort(elements.begin(), elements.end());
  elements.erase(std::unique(elements.begin(), elements.end()), elements.end());
  return serialize_text_list(elements);
}

Bytes serialize_text_list(const std::vector<std::string>& elements) {
  std::vector<Bytes> serialized;
  serialized.reserve(elements.size());
  for (const auto& e : elements) serialized.push_back(values::from_text(e));
  return values::from_list(serialized);
}

}  // namespace cairn::cql
