#include "model/row.h"

#include <algorithm>

namespace cairn {

void ColumnData::apply(Bytes path, Cell cell) {
  auto it = std::lower_bound(
      cells.begin(), cells.end(), path,
      [](const std::pair<Bytes, Cell>& e, const Bytes& p) { return compare_bytes(e.first, p) < 0; });
  if (it != cells.end() && it->first == path) {
    if (!cell_wins(it->second, cell)) it->second = std::move(cell);
    return;
  }
  cells.insert(it, {std::move(path), std::move(cell)});
}

void ColumnData::merge(const ColumnData& other) {
  complex_deletion.merge(other.complex_deletion);
  for (const auto& [path, cell] : other.cells) apply(path, cell);
}

void Row::merge(const Row& other) {
  liveness.merge(other.liveness);
  deletion.merge(other.deletion);
  for (const auto& [id, data] : other.columns) columns[id].merge(data);
}

size_t Row::memory_bytes() const {
  size_t n = sizeof(Row);
  for (const auto& c : clustering) n += sizeof(Bytes) + c.size();
  for (const auto& [id, data] : columns) {
    n += 64;  // map node overhead
    for (const auto& [path, cell] : data.cells) {
      n += sizeof(Cell) + sizeof(Bytes) + path.size() + cell.value.size();
    }
  }
  return n;
}

}  // namespace cairn
