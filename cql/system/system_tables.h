// SystemTables: the tables an unmodified Cassandra driver reads when it connects, made
// from the node's configuration and the Database's schema on every read.
//
// A driver's control connection reads system.local (cluster name, partitioner, the
// node's tokens and schema version), system.peers_v2 or system.peers (the other nodes:
// none here), and system_schema.* plus system_virtual_schema.* (keyspaces, tables,
// columns) to build its metadata and token map for token-aware routing. These tables
// are generated, not stored: read_all() renders the current schema as Cassandra 4.0
// would hold it in its own system tables (virtual_schemas.h lists them all).
//
//   SystemTables system(*db, NodeInfo{.host_id = id, .tokens = {token}});
//   if (TableSchemaRef t = system.find("system_schema", "tables")) {
//     auto partitions = system.read_all(*t, db->now_micros());  // then filter as the query asks
//   }
//
// Cairn's own stored `system` tables (storage/system_keyspace.h: schema_keyspaces,
// schema_tables, truncations) stay real tables the Database serves; they are listed in
// system_schema beside the generated ones. A keyspace named like one of Cassandra's
// system keyspaces has Cassandra's definition here, whatever a user created under that
// name (the CQL layer is to refuse such names: is_system_keyspace()).
//
// Thread safety: every method may be called concurrently (the object is immutable and
// Database's schema calls are thread-safe). A read during a schema change sees the
// keyspace list and each keyspace's tables as they were when each was asked for.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/schema.h"
#include "model/token.h"
#include "model/uuid.h"
#include "storage/database.h"

namespace cairn::cql {

class VirtualPartitions;

// What system.local says about this node. Fixed for the node's life.
struct NodeInfo {
  std::string cluster_name = "Test Cluster";
  std::string listen_address = "127.0.0.1";  // IPv4 or IPv6; also broadcast_address
  std::string rpc_address = "127.0.0.1";     // where drivers connect (native transport)
  uint16_t native_port = 9042;               // system.local.rpc_port
  uint16_t storage_port = 7000;  // internode port: system.local listen_port, broadcast_port
  std::string data_center = "datacenter1";
  std::string rack = "rack1";
  Uuid host_id;
  std::vector<Token> tokens;  // the node's vnode tokens
  // What drivers see; they choose how to read the schema tables from it, so it must
  // be a Cassandra 4.0 version (these tables have Cassandra 4.0's columns).
  std::string release_version = "4.0.11";
  // Seconds since the epoch when the node started (gossip's generation); 0: null.
  int32_t gossip_generation = 0;
};

class SystemTables {
 public:
  // `db` must outlive this object.
  SystemTables(Database& db, NodeInfo node);

  // The schema of a generated table, nullptr when (keyspace, table) is not one of them.
  TableSchemaRef find(std::string_view keyspace, std::string_view table) const;
  // Every generated table (virtual_schemas.h), e.g. to answer for their keyspaces.
  const std::vector<TableSchemaRef>& tables() const { return tables_; }

  // Every live partition of a generated table, in token order (as Database::scan
  // returns them), rows in clustering order; cells are written at `now_micros`.
  // InvalidArgument when `table` is not a generated table, or (system.local) when the
  // NodeInfo holds an address that is not an IP address.
  Result<std::vector<ReadPartition>> read_all(const TableSchema& table, int64_t now_micros) const;

  // A digest of the users' schema (keyspaces and tables): it changes on every schema
  // change, and is the same for the same schema. system.local.schema_version.
  Uuid schema_version() const;

  // The keyspaces Cassandra 4.0 lists besides the users': system and system_schema
  // (LocalStrategy), system_auth (SimpleStrategy, RF 1), system_distributed (RF 3) and
  // system_traces (RF 2), replication classes fully qualified as Cassandra stores them.
  static std::vector<KeyspaceSchema> system_keyspaces();
  // One of those, or system_virtual_schema: names a user keyspace may not take.
  static bool is_system_keyspace(std::string_view name);
  // InvalidArgument naming the field when listen_address or rpc_address is not an IPv4
  // or IPv6 address (a host name, say): system.local could not be read. For startup.
  static Status validate(const NodeInfo& node);

  const NodeInfo& node() const { return node_; }

 private:
  // What system_schema describes: every listed keyspace and its tables.
  struct Schema {
    std::vector<KeyspaceSchema> keyspaces;
    std::vector<TableSchemaRef> tables;
  };
  Schema schema() const;
  std::vector<TableSchemaRef> tables_in(std::string_view keyspace) const;
  Status fill(const TableSchema& table, VirtualPartitions& out) const;

  Database& db_;
  NodeInfo node_;
  std::vector<TableSchemaRef> tables_;
};

}  // namespace cairn::cql
