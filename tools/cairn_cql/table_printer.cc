// cqlsh-style result tables (see table_printer.h).
#include "tools/cairn_cql/table_printer.h"

#include <algorithm>

#include "cql/client/value_format.h"

namespace cairn::tools::cql_shell {

using cql::client::display_width;

FormattedRows format_rows(const cql::client::Rows& rows) {
  FormattedRows out;
  for (const auto& spec : rows.specs) out.names.push_back(spec.name);
  const auto columns = static_cast<size_t>(rows.columns);
  for (size_t r = 0; r < static_cast<size_t>(rows.row_count); ++r) {
    std::vector<std::string> line;
    for (size_t c = 0; c < columns; ++c) {
      line.push_back(cql::client::format_value(*rows.specs[c].type, rows.values[r * columns + c]));
    }
    out.cells.push_back(std::move(line));
  }
  return out;
}

std::string render_table(const FormattedRows& rows, bool with_header) {
  std::vector<size_t> widths;
  for (const auto& name : rows.names) widths.push_back(display_width(name));
  for (const auto& line : rows.cells) {
    for (size_t c = 0; c < line.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(line[c]));
    }
  }
  std::string out;
  if (with_header) {
    std::string header;
    std::string separator;
    for (size_t c = 0; c < widths.size(); ++c) {
      header += (c == 0 ? " " : " | ") + rows.names[c] +
                std::string(widths[c] - display_width(rows.names[c]), ' ');
      separator += (c == 0 ? "-" : "-+-") + std::string(widths[c], '-');
    }
    while (!header.empty() && header.back() == ' ') header.pop_back();
    out += header + "\n" + separator + "-\n";
  }
  for (const auto& line : rows.cells) {
    std::string text;
    for (size_t c = 0; c < line.size() && c < widths.size(); ++c) {
      text += (c == 0 ? " " : " | ") + std::string(widths[c] - display_width(line[c]), ' ') +
              line[c];
    }
    out += text + "\n";
  }
  return out;
}

}  // namespace cairn::tools::cql_shell
