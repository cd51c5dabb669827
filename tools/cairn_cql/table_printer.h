// Result tables as cqlsh prints them:
//
//    id | name  | tags
//   ----+-------+------------
//     1 |   bob | {'a', 'b'}
//
// Column names left-aligned in the header, values right-aligned, columns separated
// by " | ", the separator line of '-' joined by "-+-", each line indented by one space,
// widths counted in code points (cql::client::display_width).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "cql/client/messages.h"

namespace cairn::tools::cql_shell {

// The rows' values formatted (cql::client::format_value), row by row, with the names.
struct FormattedRows {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> cells;
};
FormattedRows format_rows(const cql::client::Rows& rows);

// The aligned lines (each ending in '\n'): the header and separator when
// `with_header`, then one line per row.
std::string render_table(const FormattedRows& rows, bool with_header);

}  // namespace cairn::tools::cql_shell
