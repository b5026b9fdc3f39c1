// bench_tokenizer: Google Benchmark micro-benchmarks of the reader's hot loop.
// BM_Tokenizer/<case> runs survey::Tokenizer::next over a 4 MiB in-memory
// window (no I/O, no decoding); BM_CsvReader/<case> reads the same bytes,
// behind a header line, through survey::CsvReader (tokenizing plus UTF-8
// validation, NFC check, trimming, unescaping), so the gap between the two is
// the cost of decoding. Both report bytes/s and records/s.
//
//   build-bench/bin/bench_tokenizer --benchmark_min_time=0.5
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "survey/read/csv_reader.hpp"
#include "survey/read/input.hpp"
#include "survey/read/tokenizer.hpp"

namespace {

constexpr std::size_t kTarget = std::size_t{4} << 20;  // Bytes per buffer.

struct Case {
  const char* name;
  std::size_t columns;
  std::vector<std::string> rows;  // Cycled until the buffer holds kTarget bytes.
};

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::vector<Case> make_cases() {
  std::vector<Case> cases;

  // 1. Short unquoted ASCII fields, as in numeric or coded exports.
  {
    Case c{"plain_ascii", 10, {}};
    const char* words[] = {"Yes", "No", "12", "3.5", "alpha", "beta gamma", "2020-07-07", "x", "", "42"};
    for (int r = 0; r < 97; ++r) {
      std::string row;
      for (int f = 0; f < 10; ++f) {
        if (f) row += ',';
        row += words[(r * 7 + f * 3) % 10];
      }
      c.rows.push_back(row + "\n");
    }
    cases.push_back(std::move(c));
  }
  // 2. Every field quoted (some exporters quote everything), no escapes.
  {
    Case c{"fully_quoted", 10, {}};
    const char* words[] = {"Oui", "Non", "Satisfait", "Peu satisfait", "Very satisfied",
                           "Somewhat", "2020-07-07 11:00:00", "3", "", "Other"};
    for (int r = 0; r < 97; ++r) {
      std::string row;
      for (int f = 0; f < 10; ++f) {
        if (f) row += ',';
        row += quoted(words[(r * 7 + f * 3) % 10]);
      }
      c.rows.push_back(row + "\n");
    }
    cases.push_back(std::move(c));
  }
  // 3. Quoted fields holding doubled quotes.
  {
    Case c{"doubled_quotes", 6, {}};
    const char* words[] = {"He said \"yes\"", "The \"parcours\" is \"clear\"", "plain, with comma",
                           "\"\"", "a \"b\" c \"d\" e", "none"};
    for (int r = 0; r < 97; ++r) {
      std::string row;
      for (int f = 0; f < 6; ++f) {
        if (f) row += ',';
        row += quoted(words[(r + f) % 6]);
      }
      c.rows.push_back(row + "\n");
    }
    cases.push_back(std::move(c));
  }
  // 4. Long quoted comments (about 600 bytes) with CRLF line breaks inside.
  {
    Case c{"long_comments", 4, {}};
    std::string para =
        "Le fait d'avoir des rencontres entre candidats et organisateurs me semble important "
        "pour prendre connaissance des participants, mais aussi lever les questions...\r\n"
        "Merci à vous d'organiser des webinaires. Le format proposé pour la 27ème édition "
        "semble pertinent et très motivant pour notre profession ; j'aime beaucoup l'idée de "
        "faire un \"dossier\" qui sera le reflet de notre parcours professionnel.\r\n\r\n"
        "Les organismes de financement fonctionnent à contre-temps, il est difficile d'avoir "
        "de la visibilité.";
    for (int r = 0; r < 13; ++r) {
      std::size_t cut = 200 + r * 20;  // Not inside a UTF-8 sequence.
      while ((static_cast<unsigned char>(para[cut]) & 0xC0) == 0x80) --cut;
      std::string row = std::to_string(r) + ",Île-de-France," + quoted(para + " #" + std::to_string(r)) +
                        "," + quoted(para.substr(0, cut)) + "\n";
      c.rows.push_back(row);
    }
    cases.push_back(std::move(c));
  }
  // 5. French answers in UTF-8, unquoted (accents, apostrophes, no commas).
  {
    Case c{"french_utf8", 8, {}};
    const char* words[] = {"Île-de-France", "Très satisfait", "Précis/cohérents",
                           "Provence-Alpes-Côte d'Azur", "Problèmes de disponibilité",
                           "Peu satisfaisant", "Le déroulement précis du concours",
                           "Téléphone (audio seul)", "Auvergne-Rhône-Alpes", "Échanges"};
    for (int r = 0; r < 97; ++r) {
      std::string row;
      for (int f = 0; f < 8; ++f) {
        if (f) row += ',';
        row += words[(r * 3 + f * 7) % 10];
      }
      c.rows.push_back(row + "\n");
    }
    cases.push_back(std::move(c));
  }
  // 6. Rows as scripts/bench-gen writes them (the shape of the COET-MOF export).
  {
    Case c{"survey_export", 13, {}};
    c.rows = {
        "01/06/2020 08:00:04,Pays de la Loire,\"Oui, une fois\",,Précis/cohérents,Très satisfaisant,"
        "Oui,Les modalités de financement du concours,,\"Ordinateur\",7,,\n",
        "01/06/2020 08:00:30,Île-de-France,Non,\"Autres raisons, notamment problèmes techniques\","
        "Précis/cohérents,Très satisfaisant,Oui,Le déroulement précis du concours,Satisfait,"
        "\"Smartphone\",,,\n",
        "01/06/2020 08:00:41,Grand-Est,\"Oui, une fois\",,Précis/cohérents,Satisfaisant,Oui,"
        "Les échanges entre candidats,Très satisfait,\"Ordinateur;Smartphone\",9,,\n",
        "01/06/2020 08:00:53,Grand-Est,\"Oui, une fois\",,Incomplets,Très satisfaisant,Non,,"
        "Satisfait,,9,,\"Les organismes de financement fonctionnent à contre-temps,\r\nil est "
        "difficile d'avoir de la visibilité.\r\n\r\nJe n'ai pas d'inquiétude.\"\n",
        "01/06/2020 08:01:07,Provence-Alpes-Côte d'Azur,\"Oui, plusieurs fois\",,Autres,"
        "Peu satisfaisant,Oui,Autres,Peu satisfait,\"Tablette\",5,\"Le \"\"parcours "
        "d'excellence\"\" est enfin expliqué clairement, merci.\",\n",
        "01/06/2020 08:01:19,Auvergne-Rhône-Alpes,\"Oui, une fois\",,Précis/cohérents,"
        "Satisfaisant,Oui,Le déroulement précis du concours,Satisfait,\"Ordinateur\",8,,\n",
        "01/06/2020 08:01:33,,\"Oui, une fois\",,Précis/cohérents,,Oui,,Très satisfait,,10,,\n",
        "01/06/2020 08:01:50,Nouvelle-Aquitaine,\"Oui, une fois\",,Précis/cohérents,"
        "Très satisfaisant,,,Satisfait,\"Ordinateur\",8,,\n",
    };
    cases.push_back(std::move(c));
  }
  return cases;
}

struct AlignedFree {
  void operator()(char* p) const noexcept { std::free(p); }
};

struct Buffer {
  std::unique_ptr<char, AlignedFree> data;
  std::size_t size = 0;
  std::size_t records = 0;
  std::string text;  // The same bytes as a string, with a header line first.
};

Buffer make_buffer(const Case& c) {
  std::string body;
  std::size_t records = 0;
  while (body.size() < kTarget) {
    for (const auto& r : c.rows) {
      body += r;
      ++records;
    }
  }
  Buffer b;
  b.size = body.size();
  b.records = records;
  std::size_t bytes = ((body.size() + survey::kTokenizerPadding + 63) / 64) * 64;
  b.data.reset(static_cast<char*>(std::aligned_alloc(64, bytes)));
  std::memset(b.data.get(), 0, bytes);
  std::memcpy(b.data.get(), body.data(), body.size());
  std::string header;
  for (std::size_t i = 0; i < c.columns; ++i) header += (i ? ",column_" : "column_") + std::to_string(i + 1);
  b.text = header + "\n" + body;
  return b;
}

void BM_Tokenizer(benchmark::State& state, const Case* c) {
  Buffer b = make_buffer(*c);
  survey::Tokenizer tok(survey::Dialect{}, false);
  survey::RecordRef rec;
  for (auto _ : state) {
    tok.reset(b.data.get(), b.size, true);
    std::size_t pos = 0, n = 0, fields = 0;
    survey::TokenStatus st;
    while ((st = tok.next(pos, rec)) == survey::TokenStatus::Record) {
      ++n;
      fields += rec.fields.size();
    }
    if (st != survey::TokenStatus::End || n != b.records || fields != b.records * c->columns) {
      state.SkipWithError("tokenizer did not read the buffer as expected");
      break;
    }
    benchmark::DoNotOptimize(fields);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * b.size));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * b.records));
}

void BM_CsvReader(benchmark::State& state, const Case* c) {
  Buffer b = make_buffer(*c);
  survey::Row row;
  for (auto _ : state) {
    survey::CsvReader reader(survey::memory_input(b.text, "bench"));
    std::size_t n = 0, bytes = 0;
    while (reader.next(row)) {
      ++n;
      for (auto v : row.values()) bytes += v.size();
    }
    if (n != b.records) {
      state.SkipWithError("CsvReader did not read the buffer as expected");
      break;
    }
    benchmark::DoNotOptimize(bytes);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * b.size));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * b.records));
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = make_cases();
  return all;
}

[[maybe_unused]] const bool registered = [] {
  for (const auto& c : cases()) {
    benchmark::RegisterBenchmark((std::string("BM_Tokenizer/") + c.name).c_str(), BM_Tokenizer, &c)
        ->Unit(benchmark::kMillisecond);
  }
  for (const auto& c : cases()) {
    benchmark::RegisterBenchmark((std::string("BM_CsvReader/") + c.name).c_str(), BM_CsvReader, &c)
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
