// The node's metrics besides the CQL request ones: collectors, registered once, that read
// the Database's TableStats and NodeStats and the CQL server's connection count at each
// scrape of GET /metrics (docs/operations/admin.md lists them).
#pragma once

#include <functional>

#include "common/metrics.h"
#include "storage/database.h"

namespace cairn::tools {

// `db` and whatever `connected_clients` reads must outlive the registry's renders.
void register_node_metrics(MetricsRegistry& registry, Database& db,
                           std::function<size_t()> connected_clients);

}  // namespace cairn::tools
