// Parallel chunked counting. See scan.hpp.
#include "survey/count/scan.hpp"

#include <fmt/format.h>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_map>

#include "survey/model/infer.hpp"

namespace survey {
namespace {

struct Job {
  std::uint64_t begin = 0, end = 0;
  bool speculative = false;
  std::unique_ptr<CsvReader> reader;
  std::unique_ptr<Tally> tally;
  std::unique_ptr<RowObserver> observer;
  std::exception_ptr error;
};

// Every kProgressRows rows, the counting loop calls its progress callback.
constexpr std::uint64_t kProgressRows = 0x10000;

// The counting loop of a reader (the whole input, or one chunk): each row
// into `tally` under its condition mask, and through `watch`; `progress`
// gets the rows read so far every kProgressRows rows. One loop per case, so
// that counting without weights pays no test per row.
template <typename Progress>
void count_rows(CsvReader& reader, Tally& tally, const TallySpec& spec, Conditions& conditions,
                RowObserver* watch, Progress&& progress) {
  auto loop = [&](auto weighted) {
    RawRow row;
    std::uint64_t rows = 0;
    while (reader.next_raw(row)) {
      if constexpr (decltype(weighted)::value)
        tally.add(row, conditions.evaluate(row, reader), row_weight(row, *spec.weight, reader));
      else
        tally.add(row, conditions.evaluate(row, reader));
      if (watch) watch->observe(row, reader, tally);
      if ((++rows & (kProgressRows - 1)) == 0) progress(rows);
    }
  };
  if (spec.weight)
    loop(std::true_type{});
  else
    loop(std::false_type{});
}

void run_job(Job& job, const CsvReader& parent, const std::string& path, const TallySpec& spec,
             const Conditions& conditions, std::atomic<std::uint64_t>* bytes, std::atomic<std::uint64_t>* records,
             const ScanOptions& options, const RowObserver* observer) {
  try {
    job.reader = parent.chunk(path, job.begin, job.end, job.speculative);
    job.tally = std::make_unique<Tally>(spec.columns, spec.by, spec.option_groups, spec.max_distinct);
    if (observer) job.observer = observer->fork();
    Conditions local = conditions;
    std::uint64_t reported = 0;
    count_rows(*job.reader, *job.tally, spec, local, job.observer.get(), [&](std::uint64_t) {
      if (!options.progress) return;
      std::uint64_t now = job.reader->bytes_read();
      std::uint64_t total = bytes->fetch_add(now - reported) + (now - reported);
      reported = now;
      options.progress(total, records->fetch_add(kProgressRows) + kProgressRows);
    });
  } catch (...) {
    job.error = std::current_exception();
  }
}

// Rethrows a chunk's error with the line it has in the whole input.
[[noreturn]] void rethrow_shifted(std::exception_ptr error, std::uint64_t line_offset) {
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    throw Error(e.kind(), e.what(), e.file(), e.line() ? e.line() + line_offset : 0, e.hint());
  }
}

// The rows of one chunk. Values stay where they are: in the chunk reader's
// kept buffer, or (when decoding changed them) in `text`.
struct Batch {
  std::uint64_t begin = 0, end = 0;
  std::unique_ptr<CsvReader> reader;
  std::string text;
  std::vector<std::uint32_t> starts;  // Per value: offset, top bit set when in `text`.
  std::vector<std::uint32_t> sizes;
  std::vector<std::uint64_t> lines;   // Local line of each row.
  std::exception_ptr error;
  bool done = false;

};

// The memory of consumed batches, for the next ones: their read buffers (in
// the pool) and their vectors. Reusing it spares the page faults of fresh
// multi-megabyte allocations, and the scan holds no more than it had
// in flight at once.
struct Recycler {
  BufferPool buffers;
  std::mutex mutex;
  std::vector<Batch> spare;  // Empty vectors with their capacity.

  // Gives batch `b`'s memory back and leaves it empty.
  void recycle(Batch& b) {
    b.reader.reset();
    Batch keep;
    keep.text.swap(b.text);
    keep.starts.swap(b.starts);
    keep.sizes.swap(b.sizes);
    keep.lines.swap(b.lines);
    keep.text.clear();
    keep.starts.clear();
    keep.sizes.clear();
    keep.lines.clear();
    std::lock_guard<std::mutex> lock(mutex);
    spare.push_back(std::move(keep));
  }

  // Gives `b` the vectors of a consumed batch, when there is one.
  void reuse(Batch& b) {
    std::lock_guard<std::mutex> lock(mutex);
    if (spare.empty()) return;
    Batch& s = spare.back();
    b.text.swap(s.text);
    b.starts.swap(s.starts);
    b.sizes.swap(s.sizes);
    b.lines.swap(s.lines);
    spare.pop_back();
  }
};

constexpr std::uint32_t kInText = kSpanInText;

void decode_batch(Batch& b, const CsvReader& parent, const std::string& path, bool speculative,
                  std::size_t capacity, Recycler& recycler) {
  try {
    recycler.reuse(b);
    b.reader = parent.chunk(path, b.begin, b.end, speculative, /*keep=*/true, capacity, &recycler.buffers);
    std::uint64_t line;
    while (b.reader->next_spans(b.starts, b.sizes, b.text, line)) b.lines.push_back(line);
  } catch (...) {
    b.error = std::current_exception();
  }
}

}  // namespace

void for_each_row(CsvReader& reader, const std::string& path, const std::function<void(const Row&)>& visit,
                  const ScanOptions& options, std::uint64_t chunk_bytes) {
  const unsigned threads = thread_count(options.threads);
  std::optional<std::uint64_t> start = reader.data_offset();
  std::optional<std::uint64_t> size;
  if (start) size = open_input(path)->size();
  chunk_bytes = std::max<std::uint64_t>(chunk_bytes, 1);
  if (threads <= 1 || !start || !size || *size <= *start || *size - *start < 2 * options.min_chunk_bytes) {
    Row row;
    std::uint64_t rows = 0;
    while (reader.next(row)) {
      visit(row);
      if (options.progress && (++rows & 0xFFFF) == 0) options.progress(reader.bytes_read(), rows);
    }
    return;
  }
  const std::size_t width = reader.header().size();
  const std::uint64_t span = *size - *start;
  const std::size_t n = static_cast<std::size_t>((span + chunk_bytes - 1) / chunk_bytes);
  // Room for a chunk and the record that runs past its end, most of the time.
  const std::size_t capacity = static_cast<std::size_t>(span / n + (1 << 20));
  Recycler recycler;  // Outlives the batches and their readers.
  std::vector<Batch> batches(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t begin = *start + span * i / n;
    batches[i].begin = i == 0 ? begin : begin - 1;
    batches[i].end = i + 1 == n ? UINT64_MAX : *start + span * (i + 1) / n;
  }
  // Workers take chunks in order, at most `ahead` beyond the one consumed.
  const std::size_t ahead = 2 * threads;
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next = 0, consumed = 0;
  bool stop = false;
  auto work = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return stop || (next < n && next < consumed + ahead); });
        if (stop || next >= n) return;
        i = next++;
      }
      decode_batch(batches[i], reader, path, i > 0, capacity, recycler);
      {
        std::lock_guard<std::mutex> lock(mutex);
        batches[i].done = true;
      }
      changed.notify_all();
    }
  };
  // One worker per core but one: this thread decodes too while it waits.
  std::vector<std::thread> pool;
  for (unsigned t = 0; t + 1 < threads; ++t) pool.emplace_back(work);
  auto finish = [&] {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stop = true;
    }
    changed.notify_all();
    for (auto& t : pool) t.join();
  };

  try {
    std::uint64_t line = reader.info().first_data_line;
    std::uint64_t previous_stop = *start;
    std::uint64_t bytes = 0, visited = 0;
    std::vector<std::string_view> values(width);
    Row row;
    for (std::size_t i = 0; i < n; ++i) {
      for (;;) {
        // While chunk i is being decoded, decode a later one here.
        std::size_t j;
        {
          std::unique_lock<std::mutex> lock(mutex);
          if (batches[i].done) break;
          if (next < n && next < consumed + ahead) {
            j = next++;
          } else {
            changed.wait(lock, [&] { return batches[i].done || (next < n && next < consumed + ahead); });
            continue;
          }
        }
        decode_batch(batches[j], reader, path, j > 0, capacity, recycler);
        {
          std::lock_guard<std::mutex> lock(mutex);
          batches[j].done = true;
        }
        changed.notify_all();
      }
      Batch* b = &batches[i];
      Batch exact;
      if (i > 0 && (!b->reader || b->reader->chunk_start() != previous_stop)) {
        // The speculative start fell inside a quoted line break: read again.
        exact.begin = previous_stop;
        exact.end = std::max(b->end, previous_stop);
        decode_batch(exact, reader, path, false, capacity, recycler);
        b = &exact;
      }
      if (b->reader) {
        const char* kept = b->reader->window().data();
        const std::uint32_t* starts = b->starts.data();
        const std::uint32_t* sizes = b->sizes.data();
        const std::size_t rows = b->lines.size();
        for (std::size_t r = 0; r < rows; ++r, starts += width, sizes += width) {
          for (std::size_t j = 0; j < width; ++j) {
            const char* base = (starts[j] & kInText) ? b->text.data() : kept;
            values[j] = std::string_view(base + (starts[j] & ~kInText), sizes[j]);
          }
          row.view(values.data(), width, b->lines[r] + line - 1);
          visit(row);
        }
        visited += rows;
      }
      if (b->error) rethrow_shifted(b->error, line - 1);
      reader.absorb(*b->reader, line - 1);
      line += b->reader->lines_read();
      previous_stop = b->reader->chunk_stop();
      bytes = b->reader->chunk_stop();
      if (options.progress) options.progress(bytes, visited);
      // Recycle the chunk's memory and let the workers go on.
      recycler.recycle(batches[i]);
      if (exact.reader) recycler.recycle(exact);
      {
        std::lock_guard<std::mutex> lock(mutex);
        consumed = i + 1;
      }
      changed.notify_all();
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
  reader.expect_records();
}

Codebook infer_codebook(CsvReader& reader, const std::string& path, const ScanOptions& options,
                        Diagnostics& notes) {
  const auto& header = reader.header();
  std::vector<std::size_t> columns(header.size());
  for (std::size_t j = 0; j < header.size(); ++j) columns[j] = j;
  TallySpec spec;
  spec.columns = std::move(columns);
  Counts counts = tally_input(reader, path, spec, Conditions(), options);
  return infer_codebook(profile_columns(counts, header), reader.info().format, notes);
}

unsigned thread_count(unsigned threads) {
  if (threads) return threads;
  unsigned n = std::thread::hardware_concurrency();
  return n ? n : 1;
}

void merge_counts(Counts& into, const Counts& from) {
  std::unordered_map<std::string, std::size_t> group_index;
  for (std::size_t g = 0; g < into.groups.size(); ++g) group_index.emplace(into.groups[g], g);
  std::vector<std::size_t> group_map;
  for (std::size_t g = 0; g < from.groups.size(); ++g) {
    auto [it, fresh] = group_index.emplace(from.groups[g], into.groups.size());
    if (fresh) {
      into.groups.push_back(from.groups[g]);
      into.group_rows.push_back(0);
    }
    into.group_rows[it->second] += from.group_rows[g];
    group_map.push_back(it->second);
  }
  std::map<std::pair<std::size_t, std::uint32_t>, std::size_t> cell_index;
  for (std::size_t k = 0; k < into.cells.size(); ++k) cell_index.emplace(std::make_pair(into.cells[k].group, into.cells[k].mask), k);
  std::vector<std::size_t> cell_map;
  for (std::size_t k = 0; k < from.cells.size(); ++k) {
    Cell cell{group_map[from.cells[k].group], from.cells[k].mask};
    auto [it, fresh] = cell_index.emplace(std::make_pair(cell.group, cell.mask), into.cells.size());
    if (fresh) {
      into.cells.push_back(cell);
      into.cell_rows.push_back(0);
    }
    into.cell_rows[it->second] += from.cell_rows[k];
    cell_map.push_back(it->second);
  }
  auto add_cells = [&](std::vector<std::uint64_t>& dst, const std::vector<std::uint64_t>& src) {
    for (std::size_t k = 0; k < src.size(); ++k) {
      if (!src[k]) continue;
      if (cell_map[k] >= dst.size()) dst.resize(cell_map[k] + 1, 0);
      dst[cell_map[k]] += src[k];
    }
  };
  auto add_weights = [&](std::vector<WeightSums>& dst, const std::vector<WeightSums>& src) {
    for (std::size_t k = 0; k < src.size(); ++k) {
      if (cell_map[k] >= dst.size()) dst.resize(cell_map[k] + 1);
      dst[cell_map[k]].add(src[k]);
    }
  };
  if (from.weighted) {
    into.weighted = true;
    into.all_weights.add(from.all_weights);
    add_weights(into.cell_weights, from.cell_weights);
  }
  for (std::size_t t = 0; t < from.columns.size(); ++t) {
    const ColumnCounts& src = from.columns[t];
    if (t >= into.columns.size()) {
      ColumnCounts empty;
      empty.column = src.column;
      into.columns.push_back(std::move(empty));
    }
    ColumnCounts& dst = into.columns[t];
    dst.overflowed = dst.overflowed || src.overflowed;
    add_cells(dst.overflow, src.overflow);
    if (from.weighted) add_weights(dst.overflow_weights, src.overflow_weights);
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t v = 0; v < dst.values.size(); ++v) index.emplace(dst.values[v], v);
    for (std::size_t v = 0; v < src.values.size(); ++v) {
      auto [it, fresh] = index.emplace(src.values[v], dst.values.size());
      if (fresh) {
        dst.values.push_back(src.values[v]);
        dst.counts.emplace_back();
      }
      add_cells(dst.counts[it->second], src.counts[v]);
      if (from.weighted && v < src.weights.size()) {
        if (dst.weights.size() < dst.values.size()) dst.weights.resize(dst.values.size());
        add_weights(dst.weights[it->second], src.weights[v]);
      }
    }
  }
  if (into.option_groups.empty()) {
    into.option_groups = from.option_groups;
    into.patterns.resize(from.patterns.size());
  }
  if (from.weighted) into.pattern_weights.resize(into.patterns.size());
  for (std::size_t k = 0; k < from.patterns.size(); ++k) {
    auto& dst = into.patterns[k];
    for (std::size_t p = 0; p < from.patterns[k].size(); ++p) {
      const std::uint64_t pattern = from.patterns[k][p].first;
      const auto& per_cell = from.patterns[k][p].second;
      auto it =
          std::find_if(dst.begin(), dst.end(), [&](const auto& e) { return e.first == pattern; });
      if (it == dst.end()) {
        dst.emplace_back(pattern, std::vector<std::uint64_t>());
        it = dst.end() - 1;
      }
      add_cells(it->second, per_cell);
      if (from.weighted && p < from.pattern_weights[k].size()) {
        auto& weights = into.pattern_weights[k];
        if (weights.size() < dst.size()) weights.resize(dst.size());
        add_weights(weights[static_cast<std::size_t>(it - dst.begin())],
                    from.pattern_weights[k][p]);
      }
    }
  }
  into.rows += from.rows;
}

Counts tally_input(CsvReader& reader, const std::string& path, const TallySpec& spec, const Conditions& conditions,
                   const ScanOptions& options, RowObserver* observer) {
  const unsigned threads = thread_count(options.threads);
  std::optional<std::uint64_t> start = reader.data_offset();
  std::optional<std::uint64_t> size;
  if (start) {
    auto probe = open_input(path);
    size = probe->size();
  }
  if (threads <= 1 || !start || !size || *size <= *start || *size - *start < 2 * options.min_chunk_bytes) {
    Tally tally(spec.columns, spec.by, spec.option_groups, spec.max_distinct);
    Conditions local = conditions;
    count_rows(reader, tally, spec, local, observer, [&](std::uint64_t rows) {
      if (options.progress) options.progress(reader.bytes_read(), rows);
    });
    return tally.finish(reader);
  }

  // Split the records' bytes into one chunk per thread.
  const std::uint64_t span = *size - *start;
  const unsigned n = static_cast<unsigned>(std::min<std::uint64_t>(threads, span / options.min_chunk_bytes));
  std::vector<Job> jobs(n);
  for (unsigned i = 0; i < n; ++i) {
    std::uint64_t begin = *start + span * i / n;
    // The last chunk reads to the end of the input, notes below the data included.
    jobs[i].end = i + 1 == n ? UINT64_MAX : *start + span * (i + 1) / n;
    // One byte early, so a record starting right on the boundary is not skipped.
    jobs[i].begin = i == 0 ? begin : begin - 1;
    jobs[i].speculative = i > 0;
  }
  std::atomic<std::uint64_t> bytes{0}, records{0};
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < n; ++i)
    pool.emplace_back(run_job, std::ref(jobs[i]), std::cref(reader), std::cref(path), std::cref(spec),
                      std::cref(conditions), &bytes, &records, std::cref(options), observer);
  run_job(jobs[0], reader, path, spec, conditions, &bytes, &records, options, observer);
  for (auto& t : pool) t.join();

  // Verify the boundaries in order; the first real error wins.
  std::uint64_t line = reader.info().first_data_line;
  Counts total;
  for (unsigned i = 0; i < n; ++i) {
    Job& job = jobs[i];
    if (i > 0) {
      std::uint64_t previous_stop = jobs[i - 1].reader->chunk_stop();
      if (!job.reader || job.reader->chunk_start() != previous_stop) {
        // The speculative start fell inside a quoted line break: read again.
        Job exact;
        exact.begin = previous_stop;
        exact.end = std::max(job.end, previous_stop);
        exact.speculative = false;
        run_job(exact, reader, path, spec, conditions, &bytes, &records, options, observer);
        job = std::move(exact);
        if (options.rereads) ++*options.rereads;
      }
    }
    if (job.error) rethrow_shifted(job.error, line - 1);
    Counts part;
    try {
      // Decoding may warn or fail with the chunk's own lines: shifted below, once.
      part = job.tally->finish(*job.reader);
    } catch (...) {
      rethrow_shifted(std::current_exception(), line - 1);
    }
    if (observer) observer->merge(*job.observer, line - 1);
    reader.absorb(*job.reader, line - 1);
    line += job.reader->lines_read();
    merge_counts(total, part);
  }
  reader.expect_records();
  return total;
}

}  // namespace survey
