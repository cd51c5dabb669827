#include "cql/system/local_rows.h"

#include <arpa/inet.h>

#include <string>
#include <vector>

#include "cql/system/cassandra_format.h"

namespace cairn::cql {

Result<Bytes> serialize_inet(std::string_view what, std::string_view address) {
  const std::string text(address);
  unsigned char buffer[16];
  if (inet_pton(AF_INET, text.c_str(), buffer) == 1) {
    return values::from_inet(BytesView(reinterpret_cast<const char*>(buffer), 4));
  }
  if (inet_pton(AF_INET6, text.c_str(), buffer) == 1) {
    return values::from_inet(BytesView(reinterpret_cast<const char*>(buffer), 16));
  }
  return Status::invalid_argument(std::string(what) + " '" + text +
                                  "' is not an IPv4 or IPv6 address");
}

Status write_local_row(const NodeInfo& node, const Uuid& schema_version, VirtualPartitions& out) {
  CAIRN_ASSIGN_OR_RETURN(Bytes listen, serialize_inet("listen_address", node.listen_address));
  CAIRN_ASSIGN_OR_RETURN(Bytes rpc, serialize_inet("rpc_address", node.rpc_address));
  // Tokens as the partitioner's TokenFactory.toString writes them: signed decimal.
  std::vector<std::string> tokens;
  tokens.reserve(node.tokens.size());
  for (Token t : node.tokens) tokens.push_back(std::to_string(t));

  MutationBuilder b = out.partition({values::from_text("local")});
  b.row({})
      .marker()
      .set("bootstrapped", values::from_text("COMPLETED"))
      .set("broadcast_address", listen)
      .set("broadcast_port", values::from_int(node.storage_port))
      .set("cluster_name", values::from_text(node.cluster_name))
      .set("cql_version", values::from_text(kCqlVersion))
      .set("data_center", values::from_text(node.data_center))
      .set("host_id", values::from_uuid(node.host_id.to_bytes()))
      .set("listen_address", listen)
      .set("listen_port", values::from_int(node.storage_port))
      .set("native_protocol_version", values::from_text(kNativeProtocolVersion))
      .set("partitioner", values::from_text(kPartitionerName))
      .set("rack", values::from_text(node.rack))
      .set("release_version", values::from_text(node.release_version))
      .set("rpc_address", rpc)
      .set("rpc_port", values::from_int(node.native_port))
      .set("schema_version", values::from_uuid(schema_version.to_bytes()))
      .set("tokens", serialize_text_set(std::move(tokens)));
  if (node.gossip_generation != 0) {
    b.set("gossip_generation", values::from_int(node.gossip_generation));
  }
  // truncated_at stays null: Cairn keeps truncation records in its own
  // system.truncations, and no driver reads this column.
  return out.add(b);
}

}  // namespace cairn::cql
