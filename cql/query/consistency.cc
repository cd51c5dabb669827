#include "cql/query/consistency.h"

#include <charconv>

namespace cairn::cql {
namespace {

int factor(const std::string& text) {
  int v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return ec == std::errc() && ptr == text.data() + text.size() && v > 0 ? v : 0;
}

bool network_topology(const KeyspaceSchema& ks) {
  auto cls = ks.replication.find("class");
  return cls != ks.replication.end() &&
         cls->second.find("NetworkTopologyStrategy") != std::string::npos;
}

// Calls fn(datacenter, replication factor) for each datacenter of the keyspace:
// SimpleStrategy counts as one datacenter, ours. (No copies: this runs per request.)
template <typename Fn>
void for_each_factor(const KeyspaceSchema& ks, const std::string& data_center, Fn&& fn) {
  if (network_topology(ks)) {
    for (const auto& [k, v] : ks.replication) {
      if (k != "class" && k != "replication_factor") fn(k, factor(v));
    }
    return;
  }
  auto rf = ks.replication.find("replication_factor");
  fn(data_center, rf == ks.replication.end() ? 1 : factor(rf->second));
}

CqlError unavailable(uint16_t level, int required, int alive) {
  CqlError e = CqlError::of(ErrorCode::kUnavailable,
                            "Cannot achieve consistency level " + consistency_name(level));
  e.consistency = level;
  e.required = required;
  e.alive = alive;
  return e;
}

}  // namespace

std::string consistency_name(uint16_t level) {
  switch (level) {
    case consistency::kAny: return "ANY";
    case consistency::kOne: return "ONE";
    case consistency::kTwo: return "TWO";
    case consistency::kThree: return "THREE";
    case consistency::kQuorum: return "QUORUM";
    case consistency::kAll: return "ALL";
    case consistency::kLocalQuorum: return "LOCAL_QUORUM";
    case consistency::kEachQuorum: return "EACH_QUORUM";
    case consistency::kSerial: return "SERIAL";
    case consistency::kLocalSerial: return "LOCAL_SERIAL";
    case consistency::kLocalOne: return "LOCAL_ONE";
    default: return "UNKNOWN(" + std::to_string(level) + ")";
  }
}

std::optional<CqlError> check_consistency(const KeyspaceSchema& keyspace, uint16_t level,
                                          bool is_write, const std::string& data_center) {
  if (level > consistency::kLocalOne) {
    return CqlError::of(ErrorCode::kProtocolError, "Unknown consistency level " + std::to_string(level));
  }
  if (!is_write && level == consistency::kAny) {
    return CqlError::of(ErrorCode::kInvalid, "ANY ConsistencyLevel is only supported for writes");
  }
  if (is_write && (level == consistency::kSerial || level == consistency::kLocalSerial)) {
    return CqlError::of(ErrorCode::kInvalid, "You must use conditional updates for serializable writes");
  }
  int total = 0;
  int local = 0;
  for_each_factor(keyspace, data_center, [&](const std::string& dc, int n) {
    total += n;
    if (dc == data_center) local = n;
  });
  const int alive = local > 0 ? 1 : 0;  // this node is the one replica it can be
  int required = 0;
  switch (level) {
    case consistency::kAny: return std::nullopt;  // a hint would do
    case consistency::kOne:
    case consistency::kLocalOne: required = 1; break;
    case consistency::kTwo: required = 2; break;
    case consistency::kThree: required = 3; break;
    case consistency::kQuorum:
    case consistency::kSerial: required = total / 2 + 1; break;
    case consistency::kAll: required = total; break;
    case consistency::kLocalQuorum:
    case consistency::kLocalSerial: required = local / 2 + 1; break;
    case consistency::kEachQuorum: {
      std::optional<CqlError> error;
      for_each_factor(keyspace, data_center, [&](const std::string& dc, int n) {
        if (n == 0 || error) return;
        const int need = n / 2 + 1;
        const int here = dc == data_center ? 1 : 0;
        if (here < need) error = unavailable(level, need, here);
      });
      return error;
    }
    default: break;
  }
  if (required > alive) return unavailable(level, required, alive);
  return std::nullopt;
}

}  // namespace cairn::cql
