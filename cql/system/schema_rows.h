// The rows of system_schema.keyspaces, .tables and .columns, and of
// system_virtual_schema.keyspaces, .tables and .columns, for a list of schema objects,
// with the values Cassandra 4.0 writes (SchemaKeyspace.addTableParamsToRowBuilder,
// addColumnToSchemaMutation; VirtualSchemaKeyspace).
//
// Options Cairn does not have get Cassandra 4.0's defaults: caching {'keys': 'ALL',
// 'rows_per_partition': 'NONE'}, crc_check_chance 1.0, min/max_index_interval 128/2048,
// speculative_retry and additional_write_policy '99p', read_repair 'BLOCKING', the
// read_repair_chance columns kept "for drivers' sake" 0.0, extensions {}, flags
// {'compound'}, memtable_flush_period_in_ms 0 (3600000 for the tables of system and
// system_schema, as Cassandra sets for its own). cdc stays null: Cassandra writes it
// only on nodes with cdc_enabled.
//
// Thread safety: pure functions.
#pragma once

#include <vector>

#include "cql/system/virtual_partitions.h"
#include "model/schema.h"

namespace cairn::cql {

// The writers below add the rows of the objects given to `out`, whose table must be
// the matching generated table; the order given does not matter.
Status write_keyspace_rows(const std::vector<KeyspaceSchema>& keyspaces, VirtualPartitions& out);
Status write_table_rows(const std::vector<TableSchemaRef>& tables, VirtualPartitions& out);
// system_schema.columns and system_virtual_schema.columns: one row per column.
Status write_column_rows(const std::vector<TableSchemaRef>& tables, VirtualPartitions& out);
// system_schema.dropped_columns: the columns ALTER TABLE ... DROP removed.
Status write_dropped_column_rows(const std::vector<TableSchemaRef>& tables, VirtualPartitions& out);

// system_virtual_schema.keyspaces and .tables (keyspace, table and comment only).
Status write_virtual_keyspace_rows(const std::vector<std::string>& keyspaces,
                                   VirtualPartitions& out);
Status write_virtual_table_rows(const std::vector<TableSchemaRef>& tables, VirtualPartitions& out);

}  // namespace cairn::cql
