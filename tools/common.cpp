// Shared wiring of the verbs. See verb.hpp.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <mutex>

#include "survey/count/scan.hpp"
#include "survey/read/error.hpp"
#include "survey/read/text.hpp"
#include "survey/read/values.hpp"
#include "survey/render/output.hpp"
#include "verb.hpp"

namespace survey::tools {
namespace {

// Set while describe_verb() runs a verb's set-up: guard() fills it and returns.
CommandSpec* g_describing = nullptr;

ArgumentSpec argument_spec(const CLI::Option& option) {
  ArgumentSpec a;
  if (option.get_positional()) {
    a.names.push_back(option.get_name(true));
    a.repeats = option.get_items_expected_max() > 1;
  } else {
    for (const auto& s : option.get_snames()) a.names.push_back("-" + s);
    for (const auto& l : option.get_lnames()) a.names.push_back("--" + l);
  }
  a.type = option.get_type_name();
  a.description = option.get_description();
  a.takes_value = option.get_type_size_max() > 0;
  return a;
}

}  // namespace

CommandSpec describe_verb(const Verb& verb) {
  CommandSpec spec;
  std::string name(verb.name);
  char* argv[] = {name.data(), nullptr};
  g_describing = &spec;
  try {
    verb.main("survey " + name, 1, argv);
  } catch (...) {
    g_describing = nullptr;
    throw;
  }
  g_describing = nullptr;
  return spec;
}

int guard(const std::string& program, CLI::App& app, int argc, char** argv,
          const std::function<int()>& body, int failure) {
  if (g_describing) {
    for (const CLI::Option* option : app.get_options()) {
      if (option->get_group().empty()) continue;  // Hidden.
      auto& list = option->nonpositional() ? g_describing->options : g_describing->positionals;
      list.push_back(argument_spec(*option));
    }
    return 0;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::string what = e.what();
    // "--top: must be ..." from whole_number() and decimal_number(): "--top must be ...".
    if (auto colon = what.find(": must be "); colon != std::string::npos && what.starts_with("-"))
      what.erase(colon, 1);
    eprint("{}: error: {}, see '{} --help'\n", program, what, program);
    return 2;
  }
  try {
    return body();
  } catch (const BrokenPipe&) {
    return 0;
  } catch (const Error& e) {
    std::fflush(stdout);
    eprint("{}\n", format_error(program, e));
    return e.kind() == ErrorKind::Usage ? exit_code(e.kind()) : failure;
  } catch (const std::bad_alloc&) {
    eprint("{}: error: out of memory\n", program);
    return failure;
  } catch (const std::exception& e) {
    // Nothing the library throws on purpose; say what it was rather than abort.
    eprint("{}: error: {}\n", program, e.what());
    return failure;
  }
}

ReaderOptions InputOptions::reader_options() const {
  ReaderOptions o;
  auto enc = parse_encoding(encoding);
  if (!enc)
    throw usage_error(fmt::format("unknown encoding \"{}\"", encoding),
                      "use auto, utf-8, windows-1252, latin1, utf-16, utf-16le or utf-16be");
  o.encoding = *enc;
  if (!delimiter.empty()) {
    if (delimiter == "tab" || delimiter == "\\t" || delimiter == "\t") o.delimiter = '\t';
    else if (delimiter == "comma" || delimiter == ", ") o.delimiter = ',';
    else if (delimiter == "semicolon") o.delimiter = ';';
    else if (delimiter == "pipe") o.delimiter = '|';
    else if (delimiter == "space") o.delimiter = ' ';
    else if (delimiter.size() == 1 && delimiter[0] != '"' && delimiter[0] != '\n' && delimiter[0] != '\r')
      o.delimiter = delimiter[0];
    else
      throw usage_error(fmt::format("bad delimiter \"{}\"", delimiter),
                        "give one character, or tab, comma, semicolon, pipe");
  }
  auto fmt_ = parse_format(format);
  if (!fmt_) {
    std::string names;
    for (Format f : all_formats())
      names += fmt::format("{}{}", names.empty() ? "" : ", ", format_name(f));
    throw usage_error(fmt::format("unknown format \"{}\"", format), "use one of " + names);
  }
  o.format = *fmt_;
  if (header_rows < -1 || header_rows > 16)
    throw usage_error("--header-rows must be between 0 and 16");
  o.header_rows = header_rows;
  o.lenient = lenient;
  o.allow_empty = allow_empty;
  if (rejects == "-")
    throw usage_error("--rejects needs a file name", "standard output holds the result");
  o.rejects = rejects;
  if (explain_dialect)
    o.on_layout = [program = program](const ReadInfo& info) {
      for (const auto& line : info.dialect_explanation)
        eprint("{}: {}: dialect: {}\n", program, info.name, line);
    };
  if (max_field_bytes == 0) throw usage_error("--max-field-bytes must be positive");
  o.max_field_bytes = max_field_bytes;
  return o;
}

void add_input_options(CLI::App& app, InputOptions& options, bool format_alias) {
  app.add_option("--encoding", options.encoding,
                 "Input encoding: auto, utf-8, windows-1252, latin1, utf-16, utf-16le, utf-16be")
      ->capture_default_str();
  options.program = app.get_name();
  app.add_option("--delimiter", options.delimiter,
                 "Field delimiter: one character, or tab, space, \", \"; detected among , ; tab | "
                 "space by default");
  app.add_option(format_alias ? "--format,--input-format" : "--input-format", options.format,
                 "Export layout: auto, generic, google-forms, limesurvey, surveymonkey, framaforms, "
                 "kobo, ms-forms, excel-fr")
      ->capture_default_str();
  app.add_option("--header-rows", options.header_rows,
                 "Header rows to merge into one (0: no header); detected by default")
      ->check(whole_number(0, 16));
  app.add_flag("--lenient", options.lenient,
               "Repair instead of stopping: rows keep the header's width (short ones padded, "
               "long ones cut), misplaced quotes are repaired; each such row is counted and kept "
               "for --rejects");
  app.add_option("--rejects", options.rejects,
                 "Write the rows --lenient repaired or cut to this CSV file (file,line,reason,raw)");
  app.add_flag("--explain-dialect", options.explain_dialect,
               "Say on stderr which delimiter and quote were chosen, and why");
  app.add_flag("--allow-empty", options.allow_empty,
               "Accepted for compatibility: an export without records is always read (0 responses)");
  app.add_option("--max-field-bytes", options.max_field_bytes,
                 "Longest field accepted, in bytes (default 16 MiB, at most 1 GiB)")
      ->check(whole_number(1, std::uint64_t{1} << 30));
  app.add_flag("-q,--quiet", options.quiet, "Print no summary on stderr (warnings still print)");
}

struct ProgressMeter::State {
  std::string program;
  std::optional<std::uint64_t> total;
  bool enabled = false;
  bool shown = false;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last;
  std::mutex mutex;
};

ProgressMeter::ProgressMeter(std::string program, std::optional<std::uint64_t> total_bytes,
                             bool quiet)
    : m_state(std::make_unique<State>()) {
  m_state->program = std::move(program);
  m_state->total = total_bytes;
  m_state->enabled = !quiet && ::isatty(2);
}

ProgressMeter::~ProgressMeter() {
  finish();
}

namespace {
std::string human_bytes(double b) {
  if (b >= 1e9) return fmt::format("{:.2f} GB", b / 1e9);
  if (b >= 1e6) return fmt::format("{:.1f} MB", b / 1e6);
  return fmt::format("{:.0f} kB", b / 1e3);
}
}  // namespace

void ProgressMeter::update(std::uint64_t bytes, std::uint64_t rows) {
  State& s = *m_state;
  if (!s.enabled) return;
  std::lock_guard<std::mutex> lock(s.mutex);
  auto now = std::chrono::steady_clock::now();
  double elapsed = std::chrono::duration<double>(now - s.start).count();
  if (elapsed < 1.0 || (s.shown && now - s.last < std::chrono::milliseconds(250))) return;
  s.last = now;
  s.shown = true;
  std::string share;
  if (s.total && *s.total)
    share = fmt::format(" ({:.0f} %)",
                        100.0 * static_cast<double>(bytes) / static_cast<double>(*s.total));
  eprint("\r{}: {} read{}, {:.1f} M rows, {}/s\033[K", s.program,
             human_bytes(static_cast<double>(bytes)), share, static_cast<double>(rows) / 1e6,
             human_bytes(static_cast<double>(bytes) / elapsed));
  std::fflush(stderr);
}

void ProgressMeter::finish() {
  State& s = *m_state;
  std::lock_guard<std::mutex> lock(s.mutex);
  if (s.shown) eprint("\r\033[K");
  s.shown = false;
  s.enabled = false;
}

std::function<void(std::uint64_t, std::uint64_t)> ProgressMeter::callback() {
  if (!m_state->enabled) return {};
  return [this](std::uint64_t bytes, std::uint64_t rows) { update(bytes, rows); };
}

void add_threads_option(CLI::App& app, InputOptions& options) {
  app.add_option(
         "--threads", options.threads,
         "Threads reading a large file in parallel, 1 to 1024 (default: every core; 1: none)")
      ->check(whole_number(1, 1024));
}

RenderOptions render_options(const std::string& lang, bool decimal_comma, bool bars) {
  RenderOptions render;
  if (lang == "fr")
    render.lang = Lang::Fr;
  else if (lang != "en")
    throw usage_error(fmt::format("unknown --lang \"{}\"", lang), "use fr or en");
  render.decimal_comma = decimal_comma || render.lang == Lang::Fr;
  render.bars = bars;
  return render;
}

void stream_rows(const std::string& program, CsvReader& reader, const InputOptions& input,
                 const std::function<void(const Row&)>& visit, const std::string& path) {
  ScanOptions scan;
  scan.threads = input.threads;
  ProgressMeter progress(program, reader.input_size(), input.quiet);
  scan.progress = progress.callback();
  try {
    for_each_row(reader, path.empty() ? input.path : path, visit, scan);
    progress.finish();
  } catch (...) {
    progress.finish();
    print_warnings(program, reader.warnings());
    throw;
  }
}

void print_warnings(const std::string& program, const Diagnostics& warnings) {
  for (const auto& w : warnings) eprint("{}\n", format_warning(program, w));
}

void report_read(const std::string& program, const CsvReader& reader, bool quiet) {
  print_warnings(program, reader.warnings());
  const ReadStats& stats = reader.stats();
  const std::string& rejects = reader.options().rejects;
  if (!rejects.empty()) {
    Output out(rejects);
    CsvWriter writer(out);
    writer.row(std::initializer_list<std::string_view>{"file", "line", "reason", "raw"});
    for (const auto& r : reader.rejects()) {
      const std::string line = std::to_string(r.line);
      writer.row(
          std::initializer_list<std::string_view>{reader.info().name, line, r.reason, r.raw});
    }
    out.commit();
  }
  if (stats.rows_lenient()) {
    const std::uint64_t repaired = stats.padded + stats.quotes_repaired;
    eprint("{}\n",
        format_warning(program,
                       Warning{reader.info().name, 0,
                               fmt::format("{} row{} repaired, {} rejected, see {}", repaired,
                                           repaired == 1 ? "" : "s", stats.rejected,
                                           rejects.empty() ? std::string("--rejects") : rejects)}));
  }
  if (!quiet)
    eprint("{}: {}: {}\n", program, reader.info().name,
               describe_read(reader.info(), reader.stats(), reader.header().size()));
}

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  const std::string range = fmt::format("from {} to {}", min, max);
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        std::uint64_t v = 0;
        bool ok = !text.empty() && text.size() <= 19;
        for (char c : text) {
          if (c < '0' || c > '9') ok = false;
          if (ok) v = v * 10 + static_cast<std::uint64_t>(c - '0');
        }
        if (ok && v >= min && v <= max) return {};
        return fmt::format("must be a whole number {}, not \"{}\"", range, text);
      },
      range);
}

CLI::Validator decimal_number(double min, double max) {
  const std::string range = fmt::format("from {} to {}", min, max);
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        auto v = parse_number(text);
        if (v && *v >= min && *v <= max) return {};
        return fmt::format("must be a number {}, not \"{}\"", range, text);
      },
      range);
}

CLI::Validator proportion() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        auto v = parse_number(text);
        if (v && *v > 0 && *v < 1) return {};
        return fmt::format("must be a number above 0 and below 1, not \"{}\"", text);
      },
      "above 0 and below 1");
}

Output OutputOptions::open(bool csv) const {
  if (excel && !csv)
    throw usage_error("--excel writes CSV", "use --format csv, or leave --excel out");
  Output out(path);
  if (excel) out.set_csv_style(excel_csv_style());
  return out;
}

void add_output_options(CLI::App& app, OutputOptions& options) {
  app.add_option("-o,--output", options.path, "Write to this file (atomically) instead of stdout");
  app.add_flag(
      "--excel", options.excel,
      "CSV for Excel in a French locale: ';', UTF-8 byte-order mark, decimal commas, CRLF");
}

}  // namespace survey::tools
