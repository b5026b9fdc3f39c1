// Uses the installed library: reads a small export and prints what it found.
#include <cstdio>

#include "survey/read/csv_reader.hpp"

int main() {
  survey::CsvReader reader(survey::memory_input("R\xC3\xA9gion;Q1\nBretagne;Oui\nCorse;Non\n"));
  survey::Row row;
  int rows = 0;
  while (reader.next(row)) ++rows;
  std::printf("%zu columns, %d rows, %s\n", reader.header().size(), rows, reader.header()[0].c_str());
  return rows == 2 ? 0 : 1;
}
