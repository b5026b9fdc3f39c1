// Small-cell suppression with complementary suppression. See disclosure.hpp.
#include "survey/stats/disclosure.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <tuple>

namespace survey {
namespace {

// Vertices: rows 0..R-1, columns R..R+C-1, and R+C for every margin the
// reader does not know.
struct Graph {
  std::size_t rows, columns;
  bool row_known, column_known;

  std::size_t vertices() const { return rows + columns + 1; }
  std::size_t free_vertex() const { return rows + columns; }
  std::size_t row_vertex(std::size_t r) const { return row_known ? r : free_vertex(); }
  std::size_t column_vertex(std::size_t c) const { return column_known ? rows + c : free_vertex(); }
};

// The bridges among the hidden cells (cell indexes), by Tarjan's low-link
// over a multigraph (parallel edges and loops are never bridges).
std::vector<std::size_t> bridges(const Graph& g, const std::vector<std::size_t>& hidden) {
  const std::size_t n = g.vertices();
  struct Edge {
    std::size_t to, id;
  };
  std::vector<std::vector<Edge>> adj(n);
  for (std::size_t e = 0; e < hidden.size(); ++e) {
    std::size_t r = hidden[e] / g.columns, c = hidden[e] % g.columns;
    std::size_t a = g.row_vertex(r), b = g.column_vertex(c);
    if (a == b) continue;  // A loop: a cell with neither margin known.
    adj[a].push_back({b, e});
    adj[b].push_back({a, e});
  }
  std::vector<std::size_t> order(n, 0), low(n, 0), out;
  std::size_t time = 0;
  // Iterative DFS: (vertex, edge id used to enter it, next adjacency index).
  for (std::size_t root = 0; root < n; ++root) {
    if (order[root]) continue;
    std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> stack;
    order[root] = low[root] = ++time;
    stack.emplace_back(root, SIZE_MAX, 0);
    while (!stack.empty()) {
      auto& [v, via, next] = stack.back();
      if (next < adj[v].size()) {
        Edge e = adj[v][next++];
        if (e.id == via) continue;
        if (order[e.to]) {
          low[v] = std::min(low[v], order[e.to]);
        } else {
          order[e.to] = low[e.to] = ++time;
          stack.emplace_back(e.to, e.id, 0);
        }
      } else {
        std::size_t child = v, entered = via;
        stack.pop_back();
        if (!stack.empty()) {
          std::size_t parent = std::get<0>(stack.back());
          low[parent] = std::min(low[parent], low[child]);
          if (low[child] > order[parent]) out.push_back(hidden[entered]);
        }
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::size_t> hidden_cells(const std::vector<CellState>& states) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < states.size(); ++i)
    if (states[i] != CellState::Shown) out.push_back(i);
  return out;
}

}  // namespace

std::vector<std::size_t> determined_cells(const CountTable& table,
                                          const std::vector<CellState>& states) {
  Graph g{table.rows, table.columns, table.row_totals_known, table.column_totals_known};
  return bridges(g, hidden_cells(states));
}

std::vector<CellState> suppress_small_cells(const CountTable& table, std::uint64_t min_cell) {
  const std::size_t cells = table.rows * table.columns;
  std::vector<CellState> states(cells, CellState::Shown);
  if (min_cell <= 1 || cells == 0) return states;
  for (std::size_t i = 0; i < cells; ++i)
    if (table.counts[i] > 0 && table.counts[i] < min_cell) states[i] = CellState::Primary;
  Graph g{table.rows, table.columns, table.row_totals_known, table.column_totals_known};
  std::vector<std::size_t> unprotectable;
  for (;;) {
    std::vector<std::size_t> open;
    for (std::size_t b : bridges(g, hidden_cells(states)))
      if (std::find(unprotectable.begin(), unprotectable.end(), b) == unprotectable.end())
        open.push_back(b);
    if (open.empty()) break;
    const std::size_t bridge = open.front();
    const std::size_t from = g.row_vertex(bridge / table.columns),
                      to = g.column_vertex(bridge % table.columns);
    // Dijkstra from `from` to `to` over every cell but the bridge.
    const std::size_t n = g.vertices();
    std::vector<double> dist(n, std::numeric_limits<double>::infinity());
    std::vector<std::size_t> came(n, SIZE_MAX);
    using Item = std::pair<double, std::size_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    dist[from] = 0;
    queue.emplace(0.0, from);
    while (!queue.empty()) {
      auto [d, v] = queue.top();
      queue.pop();
      if (d > dist[v]) continue;
      if (v == to) break;
      for (std::size_t i = 0; i < cells; ++i) {
        if (i == bridge) continue;
        std::size_t a = g.row_vertex(i / table.columns), b = g.column_vertex(i % table.columns);
        if (a != v && b != v) continue;
        std::size_t w = a == v ? b : a;
        // A zero stays shown: hidden, the reader would know it is at least 0,
        // which can pin the cells of its cycle.
        if (states[i] == CellState::Shown && table.counts[i] == 0) continue;
        double cost = states[i] != CellState::Shown ? 0.0 : static_cast<double>(table.counts[i]);
        if (d + cost < dist[w]) {
          dist[w] = d + cost;
          came[w] = i;
          queue.emplace(dist[w], w);
        }
      }
    }
    if (came[to] == SIZE_MAX) {
      unprotectable.push_back(bridge);
      continue;
    }
    for (std::size_t v = to; v != from;) {
      std::size_t i = came[v];
      if (states[i] == CellState::Shown) states[i] = CellState::Complementary;
      std::size_t a = g.row_vertex(i / table.columns), b = g.column_vertex(i % table.columns);
      v = a == v ? b : a;
    }
  }
  return states;
}

}  // namespace survey
