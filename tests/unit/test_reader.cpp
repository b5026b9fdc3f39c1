// CsvReader: RFC 4180, encodings, delimiters, headers, repairs and errors.
#include <doctest/doctest.h>

#include "helpers.hpp"
#include "survey/read/text.hpp"

using namespace survey;
using namespace survey::test;

TEST_CASE("CsvReader reads RFC 4180 quoting") {
  auto p = read_all("id,comment\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,\"crlf\r\ninside\"\n");
  CHECK(p.header == Names{"id", "comment"});
  CHECK(p.rows == Rows{{"1", "a, b"}, {"2", "say \"hi\""}, {"3", "two\nlines"}, {"4", "crlf\ninside"}});
  CHECK(p.lines == std::vector<std::uint64_t>{2, 3, 4, 6});
}

TEST_CASE("CsvReader accepts LF, CRLF and lone CR line ends, with or without a last one") {
  Rows expected{{"1", "x"}, {"2", "y"}};
  for (std::string eol : {"\n", "\r\n", "\r"}) {
    CAPTURE(eol);
    std::string body = "a,b" + eol + "1,x" + eol + "2,y";
    CHECK(read_all(body).rows == expected);
    CHECK(read_all(body + eol).rows == expected);
    CHECK(read_all(body + eol).lines == std::vector<std::uint64_t>{2, 3});
  }
}

TEST_CASE("CsvReader counts physical lines across quoted line breaks") {
  auto p = read_all("a,b\r\n1,\"x\ry\"\r\n2,\"p\r\nq\nr\"\r\n3,z\r\n");
  CHECK(p.lines == std::vector<std::uint64_t>{2, 4, 7});
  CHECK(p.rows[1][1] == "p\nq\nr");
  CHECK(p.rows[0][1] == "x\ny");
}

TEST_CASE("CsvReader gives identical records whatever the buffer size") {
  std::string input = "\xEF\xBB\xBFid;texte;note\r\n";
  for (int i = 0; i < 40; ++i)
    input += std::to_string(i) + ";\"ligne " + std::to_string(i) + "\r\navec ; et \"\"guillemets\"\"\";" +
             (i % 3 ? "Très bien" : "Bof") + "\r\n";
  auto reference = read_all(input);
  REQUIRE(reference.rows.size() == 40);
  for (std::size_t size : {64, 65, 70, 97, 128, 129, 200, 333, 1000}) {
    CAPTURE(size);
    ReaderOptions o;
    o.buffer_bytes = size;
    auto p = read_all(input, o);
    CHECK(p.rows == reference.rows);
    CHECK(p.lines == reference.lines);
  }
}

TEST_CASE("CsvReader strips a UTF-8 byte-order mark") {
  auto p = read_all("\xEF\xBB\xBFR\xC3\xA9gion,n\nBretagne,1\n");
  CHECK(p.header[0] == "Région");
  CHECK(p.info.bom);
  CHECK(p.info.encoding == Encoding::Utf8);
}

namespace {
std::string utf16(std::u16string_view text, bool big_endian, bool bom) {
  std::string out;
  auto put = [&](char16_t u) {
    char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    if (big_endian) { out += hi; out += lo; } else { out += lo; out += hi; }
  };
  if (bom) put(0xFEFF);
  for (char16_t u : text) put(u);
  return out;
}
}  // namespace

TEST_CASE("CsvReader decodes UTF-16 with a byte-order mark (Excel's Unicode text)") {
  std::u16string text = u"R\u00e9gion\tAvis\r\n\u00cele-de-France\t\"Tr\u00e8s bien\tmerci\"\r\nCorse\t\U0001F600\r\n";
  for (bool be : {false, true}) {
    CAPTURE(be);
    auto p = read_all(utf16(text, be, true));
    CHECK(p.header == Names{"Région", "Avis"});
    CHECK(p.rows == Rows{{"Île-de-France", "Très bien\tmerci"}, {"Corse", "\xF0\x9F\x98\x80"}});
    CHECK(p.info.encoding == (be ? Encoding::Utf16BE : Encoding::Utf16LE));
    CHECK(p.info.dialect.delimiter == '\t');
  }
}

TEST_CASE("CsvReader reads UTF-16 without a byte-order mark, with a warning") {
  auto p = read_all(utf16(u"a,b\r\n1,\u00e9\r\n", false, false));
  CHECK(p.rows == Rows{{"1", "é"}});
  REQUIRE(!p.warnings.empty());
  CHECK(p.warnings[0].message.find("UTF-16LE") != std::string::npos);
}

TEST_CASE("CsvReader reports unpaired UTF-16 surrogates with a line") {
  std::string bytes = utf16(u"a,b\r\n1,x\r\n2,", false, true);
  bytes += std::string("\x00\xD8", 2);  // A lone high surrogate, then a letter.
  bytes += utf16(u"y\r\n", false, false);
  CHECK(read_error(bytes) == "survey test: t.csv:3: error: invalid UTF-16: unpaired surrogate");
}

TEST_CASE("CsvReader detects Windows-1252 when the bytes are not UTF-8") {
  auto p = read_all("R\xE9gion;Avis\r\n\xCEle-de-France;\x93Tr\xE8s bien\x94 \x80\r\n");
  CHECK(p.info.encoding == Encoding::Windows1252);
  CHECK(p.info.encoding_detected);
  CHECK(p.header == Names{"Région", "Avis"});
  CHECK(p.rows == Rows{{"Île-de-France", "\u201CTrès bien\u201D \u20AC"}});
}

TEST_CASE("CsvReader honours --encoding latin1 and utf-8") {
  ReaderOptions o;
  o.encoding = Encoding::Latin1;
  auto p = read_all("a\n\x93\xE9\n", o);
  CHECK(p.rows == Rows{{"\xC2\x93\xC3\xA9"}});
  o.encoding = Encoding::Utf8;
  CHECK(read_error("a,b\n1,ok\n2,caf\xE9\n", o) ==
        "survey test: t.csv:3: error: invalid UTF-8 (byte 0xE9) in column 2, if the file is not UTF-8, "
        "use --encoding windows-1252 or --encoding latin1");
}

TEST_CASE("CsvReader reads a stray Windows-1252 field of a UTF-8 file, with a warning") {
  std::string input = "a,b\n";
  for (int i = 0; i < 10; ++i) input += "1,d\xC3\xA9j\xC3\xA0\n";
  input += "2,caf\xE9\n";
  auto p = read_all(input);
  CHECK(p.info.encoding == Encoding::Utf8);
  CHECK(p.rows.back()[1] == "café");
  CHECK(p.stats.fallback_fields == 1);
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0].line == 12);
}

TEST_CASE("CsvReader writes NFC") {
  // "e" + combining acute, "I" + combining circumflex.
  auto p = read_all("a\nRe\xCC\x81gion I\xCC\x82le\n");
  CHECK(p.rows[0][0] == "Région Île");
}

TEST_CASE("CsvReader unescapes, joins line breaks and composes NFC in one field, stable or not") {
  // Stable text (é, «, no-break space) and text NFC changes (e + U+0301),
  // each with doubled quotes, CRLF, lone CR and LF inside the quotes.
  auto p = read_all(
      "id,c\r\n"
      "1,\"Tr\xC3\xA8s \"\"bien\"\"\r\n\xC2\xAB\xC2\xA0ok\xC2\xA0\xC2\xBB\rfin\nx\"\r\n"
      "2,\"e\xCC\x81t\xC3\xA9 \"\"ici\"\"\r\nl\xC3\xA0\"\r\n"
      "3,\"caf\xC3\xA9\r\n\"\"\"\"\"\r\n");
  CHECK(p.rows == Rows{{"1", "Tr\xC3\xA8s \"bien\"\n\xC2\xAB\xC2\xA0ok\xC2\xA0\xC2\xBB\nfin\nx"},
                       {"2", "\xC3\xA9t\xC3\xA9 \"ici\"\nl\xC3\xA0"},
                       {"3", "caf\xC3\xA9\n\"\""}});
  CHECK(p.lines == std::vector<std::uint64_t>{2, 6, 8});
}

TEST_CASE("CsvReader detects the delimiter, respecting quotes") {
  SUBCASE("';' file whose answers hold commas") {
    auto p = read_all("Horodateur;Q1;Q2\n07/07/2020 10:00;Oui, une fois;Non\n07/07/2020 10:05;Non;Oui, plusieurs fois\n"
                      "07/07/2020 10:09;Oui, une fois, vraiment;Non\n");
    CHECK(p.info.dialect.delimiter == ';');
    CHECK(p.rows[2][1] == "Oui, une fois, vraiment");
  }
  SUBCASE("',' file with decimal commas inside quotes") {
    auto p = read_all("nom,note,avis\nA,\"3,5\",bien\nB,\"4,25\",\"oui; non\"\nC,\"2,0\",bof\n");
    CHECK(p.info.dialect.delimiter == ',');
    CHECK(p.rows[1] == std::vector<std::string>{"B", "4,25", "oui; non"});
  }
  SUBCASE("';' file with decimal commas unquoted") {
    auto p = read_all("nom;note\nA;3,5\nB;4,25\n");
    CHECK(p.info.dialect.delimiter == ';');
    CHECK(p.rows[1] == std::vector<std::string>{"B", "4,25"});
  }
  SUBCASE("tab and pipe") {
    CHECK(read_all("a\tb\n1\t2,3\n").info.dialect.delimiter == '\t');
    CHECK(read_all("a|b\n1|2;3\n").info.dialect.delimiter == '|');
  }
  SUBCASE("Excel's sep= line") {
    auto p = read_all("sep=;\r\na;b,c\r\n1;2,5\r\n");
    CHECK(p.info.sep_line);
    CHECK(p.info.dialect.delimiter == ';');
    CHECK(p.header == Names{"a", "b,c"});
    CHECK(p.lines == std::vector<std::uint64_t>{3});
  }
  SUBCASE("--delimiter overrides") {
    ReaderOptions o;
    o.delimiter = ';';
    auto p = read_all("a,b;c\n1,2;3\n", o);
    CHECK(p.header == Names{"a,b", "c"});
    CHECK(!p.info.dialect_detected);
  }
}

TEST_CASE("CsvReader reads backslash-escaped quotes and single-quoted files") {
  auto p = read_all("a,b\n1,\"say \\\"hi\\\" now\"\n2,\"back\\\\slash\"\n");
  CHECK(p.info.dialect.backslash_escape);
  CHECK(p.rows == Rows{{"1", "say \"hi\" now"}, {"2", "back\\slash"}});

  auto q = read_all("'id','avis'\n'1','bien, merci'\n'2','l''avis'\n");
  CHECK(q.info.dialect.quote == '\'');
  CHECK(q.rows == Rows{{"1", "bien, merci"}, {"2", "l'avis"}});

  // Apostrophes in an ordinary file are text.
  auto r = read_all("id,avis\n1,l'avis\n2,'cité'\n");
  CHECK(r.info.dialect.quote == '"');
  CHECK(r.rows[0][1] == "l'avis");
}

TEST_CASE("CsvReader accepts blanks around quoted fields") {
  auto p = read_all("a, b\n1, \"x, y\" \n");
  CHECK(p.rows == Rows{{"1", "x, y"}});
}

TEST_CASE("CsvReader trims values and keeps inner white space") {
  auto p = read_all("a,b\n  x  ,\" y z \"\n\xC2\xA0w\xE2\x80\xAF,v\n");
  CHECK(p.rows == Rows{{"x", "y z"}, {"w", "v"}});
  ReaderOptions o;
  o.trim = false;
  CHECK(read_all("a,b\n  x  ,\" y \"\n", o).rows == Rows{{"  x  ", " y "}});
}

TEST_CASE("CsvReader skips title lines above the header and notes below the data") {
  auto p = read_all(
      "Enquête de satisfaction;;;\r\nExporté le 07/07/2020;;;\r\n;;;\r\nid;Région;Q1;Q2\r\n"
      "1;Bretagne;Oui;Non\r\n2;Corse;Non;\r\n3;;Oui;Oui\r\n;;;\r\nTotal : 3 réponses;;;\r\nSource : LimeSurvey;;;\r\n");
  CHECK(p.header == Names{"id", "Région", "Q1", "Q2"});
  CHECK(p.rows.size() == 3);
  CHECK(p.info.preamble_lines == 3);
  CHECK(p.stats.notes_below == 2);
  CHECK(p.lines == std::vector<std::uint64_t>{5, 6, 7});
  REQUIRE(p.warnings.size() == 3);
  CHECK(p.warnings[0].line == 1);
  CHECK(p.warnings[1].line == 9);
  CHECK(p.warnings[1].message == "skipped a note below the data: \"Total : 3 réponses\"");
}

TEST_CASE("CsvReader keeps a short row in the middle as an error, not a note") {
  CHECK(read_error("id,a,b\n1,x,y\n2,x\n3,x,y\n") ==
        "survey test: t.csv:3: error: 2 fields, expected 3, check the quoting of this record, or use "
        "--lenient to pad short rows");
  CHECK(read_error("id,a,b\n1,x,y\n2,x,y,z\n3,x,y\n") ==
        "survey test: t.csv:3: error: 4 fields, expected 3, quote fields that contain the delimiter, or use "
        "--lenient to cut the row to the header's width");
}

TEST_CASE("CsvReader --lenient keeps the header's width: pads short rows, cuts long ones") {
  ReaderOptions o;
  o.lenient = true;
  o.rejects = "rejects.csv";
  auto p = read_all("id,a,b\n1,x,y\n2,x\n3,x,y,z,w\n4,x,y\n", o);
  CHECK(p.header == Names{"id", "a", "b"});
  CHECK(p.rows == Rows{{"1", "x", "y"}, {"2", "x", ""}, {"3", "x", "y"}, {"4", "x", "y"}});
  CHECK(p.stats.padded == 1);
  CHECK(p.stats.rejected == 1);
  CHECK(p.stats.rows_repaired() == 1);
  CHECK(p.stats.rows_lenient() == 2);
  REQUIRE(p.warnings.size() == 2);
  CHECK(p.warnings[1].message == "5 fields, expected 3; kept the first 3");
}

TEST_CASE("CsvReader drops empty extra fields at the end of a row and counts them") {
  auto p = read_all("a;b\n1;2;\n3;4;;\n");
  CHECK(p.rows == Rows{{"1", "2"}, {"3", "4"}});
  CHECK(p.stats.trailing_empty == 2);
}

TEST_CASE("CsvReader skips blank lines and all-empty records, and counts them") {
  auto p = read_all("a,b\n\n1,2\n,\n\n3,4\n");
  CHECK(p.rows == Rows{{"1", "2"}, {"3", "4"}});
  CHECK(p.stats.blank_lines == 2);
  CHECK(p.stats.empty_records == 1);
}

TEST_CASE("CsvReader makes header names unique and non-empty") {
  auto p = read_all("Q,Q,,Q\n1,2,3,4\n");
  CHECK(p.header == Names{"Q", "Q (2)", "column_3", "Q (3)"});
  CHECK(p.warnings.size() == 3);
}

TEST_CASE("CsvReader merges SurveyMonkey's two header rows") {
  auto p = read_all(
      "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,"
      "Région ?,Thèmes souhaités,,,Commentaire\n"
      ",,,,,,,,,Response,Déroulement,\"Financement, modalités\",Other (please specify),Open-Ended Response\n"
      "1,2,07/01/2020,07/01/2020,1.2.3.4,,,,,Bretagne,Déroulement,,,\"Très bien\"\n");
  CHECK(p.info.format == Format::SurveyMonkey);
  CHECK(p.info.header_rows == 2);
  CHECK(p.header[9] == "Région ?");
  CHECK(p.header[10] == "Thèmes souhaités [Déroulement]");
  CHECK(p.header[11] == "Thèmes souhaités [Financement, modalités]");
  CHECK(p.header[12] == "Thèmes souhaités [Other (please specify)]");
  CHECK(p.header[13] == "Commentaire");
  CHECK(p.rows.size() == 1);
}

TEST_CASE("CsvReader merges Framaforms' three header rows") {
  auto p = read_all(
      "\"Satisfaction webinaires\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\n"
      "\"Submission Details\"\t\"\"\t\"Thèmes\"\t\"\"\t\"\"\t\"\"\n"
      "\"Serial\"\t\"SID\"\t\"Déroulement\"\t\"Financement\"\t\"Région\"\t\"Avis\"\n"
      "\"1\"\t\"11\"\t\"X\"\t\"\"\t\"Bretagne\"\t\"Bien\"\n"
      "\"2\"\t\"12\"\t\"\"\t\"X\"\t\"Corse\"\t\"\"\n");
  CHECK(p.info.format == Format::Framaforms);
  CHECK(p.info.header_rows == 3);
  CHECK(p.info.title == "Satisfaction webinaires");
  CHECK(p.header == Names{"Serial", "SID", "Thèmes [Déroulement]", "Thèmes [Financement]", "Région", "Avis"});
  CHECK(p.rows.size() == 2);
}

TEST_CASE("CsvReader detects platforms from header signatures") {
  CHECK(read_all("Horodateur,Q1\n07/07/2020 10:00:00,Oui\n").info.format == Format::GoogleForms);
  CHECK(read_all("id,submitdate,lastpage,startlanguage,Q1\n1,2020-07-07,2,fr,Oui\n").info.format ==
        Format::LimeSurvey);
  CHECK(read_all("start;end;Q1;_id;_uuid;_submission_time\n1;2;Oui;3;u;t\n").info.format == Format::Kobo);
  CHECK(read_all("ID,Start time,Completion time,Email,Name,Q1\n1,a,b,c,d,Oui\n").info.format == Format::MsForms);
  CHECK(read_all("a;b\n1;\xE9\n").info.format == Format::ExcelFr);
  CHECK(read_all("a,b\n1,2\n").info.format == Format::Generic);
  ReaderOptions o;
  o.format = Format::Generic;
  auto p = read_all("Horodateur,Q1\n07/07/2020 10:00:00,Oui\n", o);
  CHECK(p.info.format == Format::Generic);
  CHECK(!p.info.format_detected);
}

TEST_CASE("CsvReader --header-rows 0 names columns by position") {
  ReaderOptions o;
  o.header_rows = 0;
  auto p = read_all("1,2\n3,4\n", o);
  CHECK(p.header == Names{"column_1", "column_2"});
  CHECK(p.rows.size() == 2);
}

TEST_CASE("CsvReader errors name the file and the line where the record starts") {
  CHECK(read_error("a,b\n1,\"x\ny\"\n2,\"never closed\n\n") ==
        "survey test: t.csv:4: error: unterminated quoted field in column 2: the input ends inside quotes, "
        "close the quote or double the quotes inside the field");
  CHECK(read_error("a,b\n1,x\n2,ab\"c\n") ==
        "survey test: t.csv:3: error: quote inside an unquoted field in column 2, quote the whole field and "
        "double its quotes, or use --lenient to keep the quote as text");
  CHECK(read_error("a,b\n1,\"x\"y\n") ==
        "survey test: t.csv:2: error: text after the closing quote in column 2, double the quotes inside a "
        "quoted field, or use --lenient to keep them as text");
  CHECK(read_error(std::string("a,b\n1,x\n2,\0\n", 12)) ==
        "survey test: t.csv:3: error: NUL byte in column 2: binary data or wrongly decoded text, if the file is "
        "UTF-16 without a byte-order mark, use --encoding utf-16le");
  CHECK(read_error("") == "survey test: t.csv:1: error: the input is empty, expected a header line and records");
  CHECK(read_error(",\n") ==
        "survey test: t.csv:1: error: the input holds no column names and no records, expected a header line and "
        "records");
  CHECK(read_error("\x89PNG\r\n\x1a\n") ==
        "survey test: t.csv:1: error: this is not a CSV file: it looks like a PNG image, export or save the "
        "responses as CSV first");
}

TEST_CASE("CsvReader --lenient keeps stray quotes as text") {
  ReaderOptions o;
  o.lenient = true;
  auto p = read_all("a,b\n1,ab\"c\n2,\"x\"y\n", o);
  CHECK(p.rows == Rows{{"1", "ab\"c"}, {"2", "\"x\"y"}});
}

TEST_CASE("CsvReader reads a header alone as an export of 0 respondents") {
  for (const char* input : {"a,b\n", "a,b", "\xEF\xBB\xBF" "a,b\r\n", "a,b\n\n,\n"}) {
    CAPTURE(input);
    for (bool allow_empty : {false, true}) {  // --allow-empty is a no-op now.
      ReaderOptions o;
      o.allow_empty = allow_empty;
      auto p = read_all(input, o);
      CHECK(p.header == Names{"a", "b"});
      CHECK(p.rows.empty());
      REQUIRE(p.warnings.size() == 1);
      CHECK(p.warnings[0].line == 0);
      CHECK(p.warnings[0].message == "0 responses");
    }
  }
  // Nothing to know: no bytes, or a header without a name.
  CHECK(read_error("") == "survey test: t.csv:1: error: the input is empty, expected a header line and records");
  CHECK(read_error("\xEF\xBB\xBF") == "survey test: t.csv:1: error: the input is empty, expected a header line and records");
  CHECK(read_error("\"\"\n").find("no column names and no records") != std::string::npos);
}

TEST_CASE("CsvReader enforces --max-field-bytes") {
  ReaderOptions o;
  o.max_field_bytes = 100;
  o.buffer_bytes = 64;
  std::string big(500, 'x');
  CHECK(read_error("a,b\n1,\"" + big + "\"\n", o) ==
        "survey test: t.csv:2: error: a field is longer than 100 bytes, raise the limit with --max-field-bytes if "
        "this is expected");
  CHECK(read_error("a,b\n1," + big + "\n", o).find("longer than 100 bytes") != std::string::npos);
}

TEST_CASE("CsvReader::select_columns decodes only the wanted columns") {
  CsvReader reader(memory_input("a,b,c\n1,2,3\n"), {});
  reader.select_columns({false, true, false});
  Row row;
  REQUIRE(reader.next(row));
  CHECK(row[0] == "");
  CHECK(row[1] == "2");
  CHECK(row[2] == "");
}

TEST_CASE("CsvReader skips a total line below the data when column 1 holds no ids") {
  auto p = read_all("sep=;\r\nEnqu\xeate;;;\r\nR\xe9gion;Satisfaction;Note;Commentaire\r\nCorse;Satisfait;8;ok\r\n"
                    "Bretagne;Satisfait;9;\r\n;;;\r\nTotal : 2 r\xe9ponses;;;\r\n");
  CHECK(p.rows.size() == 2);
  CHECK(p.stats.notes_below == 1);
  CHECK(p.info.preamble_lines == 1);
  CHECK(p.warnings[0].message == "skipped 1 line above the header (line 2), starting \"Enquête\"");
}

TEST_CASE("CsvReader keeps a cut-short last record that starts with an id as data (an error)") {
  CHECK(read_error("ID,Date,Region,Satisfaction,Note,Commentaire\r\n1,07/07/2020,Corse,Satisfait,8,ok\r\n"
                   "2,07/07/2020,Bretagne,Satisfait,9,\r\n3,07/07/2020,Corse,Satisfait,9,\r\n4,07/07/2020\r\n") ==
        "survey test: t.csv:5: error: 2 fields, expected 6, check the quoting of this record, or use --lenient to "
        "pad short rows");
}

TEST_CASE("CsvReader ends a Framaforms checkbox group before trailing empty columns and question-like labels") {
  auto p = read_all(
      "\"Form\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\n"
      "\"Submission Details\"\t\"\"\t\"Thèmes\"\t\"\"\t\"Évaluez :\"\t\"\"\t\"\"\n"
      "\"Serial\"\t\"Déroulement\"\t\"Financement\"\t\"Commentaire\"\t\"Contenu\"\t\"Organisation\"\t"
      "\"D'une manière générale, êtes-vous :\"\n"
      "\"1\"\t\"X\"\t\"\"\t\"\"\t\"Satisfait\"\t\"Très satisfait\"\t\"Satisfait\"\n"
      "\"2\"\t\"\"\t\"\"\t\"\"\t\"Très satisfait\"\t\"Satisfait\"\t\"Très satisfait\"\n"
      "\"3\"\t\"X\"\t\"\"\t\"\"\t\"Peu satisfait\"\t\"Satisfait\"\t\"Satisfait\"\n");
  // "Thèmes" sits over "Déroulement" only in this test's layout: it is the second column.
  CHECK(p.header[3] == "Commentaire");
  CHECK(p.header[4] == "Évaluez : [Contenu]");
  CHECK(p.header[5] == "Évaluez : [Organisation]");
  CHECK(p.header[6] == "D'une manière générale, êtes-vous :");
}

TEST_CASE("CsvReader skips a copy of the header inside the data, with a warning") {
  auto p = read_all("id,q\n1,a\n\xEF\xBB\xBFid,q\n2,b\n id , q \n3,c\n");
  CHECK(p.rows == Rows{{"1", "a"}, {"2", "b"}, {"3", "c"}});
  CHECK(p.stats.repeated_headers == 2);
  REQUIRE(p.warnings.size() == 2);
  CHECK(p.warnings[0].line == 3);
  CHECK(p.warnings[1].line == 5);
}

TEST_CASE("CsvReader --lenient repairs misplaced quotes and keeps every other row as it is") {
  const std::string input =
      "id,q1,q2,comment\n"
      "1,Oui,Non,\"a, b\"\n"
      "2,\"Oui,Non,ok\n"                        // A quote that never closes.
      "3,Non,Oui,\"il a dit \"bof\" et puis\"\n"  // Quotes not doubled.
      "4,Non,Oui,\"ligne 1\nligne 2\"\n"
      "5,Non\n"
      "6,Oui,Non,a,b\n";
  ReaderOptions o;
  o.lenient = true;
  o.rejects = "rejects.csv";
  const Rows expected{{"1", "Oui", "Non", "a, b"},         {"2", "Oui", "Non", "ok"},
                      {"3", "Non", "Oui", "il a dit \"bof\" et puis"}, {"4", "Non", "Oui", "ligne 1\nligne 2"},
                      {"5", "Non", "", ""},                {"6", "Oui", "Non", "a"}};
  // Records that straddle refills are repaired alike.
  for (std::size_t buffer : {std::size_t{0}, std::size_t{64}, std::size_t{65}, std::size_t{100}}) {
    CAPTURE(buffer);
    o.buffer_bytes = buffer;
    CsvReader reader(memory_input(input, "t.csv"), o);
    Row row;
    Rows rows;
    std::vector<std::uint64_t> lines;
    while (reader.next(row)) {
      rows.emplace_back(row.values().begin(), row.values().end());
      lines.push_back(row.line());
    }
    CHECK(rows == expected);
    CHECK(lines == std::vector<std::uint64_t>{2, 3, 4, 5, 7, 8});
    CHECK(reader.stats().quotes_repaired == 2);
    CHECK(reader.stats().padded == 1);
    CHECK(reader.stats().rejected == 1);
    const auto& rejects = reader.rejects();
    REQUIRE(rejects.size() == 4);
    CHECK(rejects[0].line == 3);
    CHECK(rejects[0].reason == "column 2: quote never closed; closed it at the end of its field");
    CHECK(rejects[0].raw == "2,\"Oui,Non,ok");
    CHECK(rejects[1].reason == "column 4: misplaced quote kept as text");
    CHECK(rejects[2].line == 7);
    CHECK(rejects[2].reason == "2 fields, expected 4; padded with empty fields");
    CHECK(rejects[3].reason == "5 fields, expected 4; kept the first 4");
    CHECK(rejects[3].raw == "6,Oui,Non,a,b");
  }
  // Strict mode stops at the first of them.
  CHECK(read_error(input) ==
        "survey test: t.csv:3: error: text after the closing quote in column 2, double the quotes inside a quoted "
        "field, or use --lenient to keep them as text");
}

TEST_CASE("CsvReader --lenient shows five warnings of each kind and counts the rest") {
  std::string input = "a,b\n";
  for (int i = 0; i < 12; ++i) input += std::to_string(i) + "\n" + std::to_string(i) + ",x,y\n";
  ReaderOptions o;
  o.lenient = true;
  auto p = read_all(input, o);
  CHECK(p.rows.size() == 24);
  CHECK(p.stats.padded == 12);
  CHECK(p.stats.rejected == 12);
  CHECK(p.warnings.size() == 10);
}

TEST_CASE("CsvReader --lenient: a quote that never closes does not swallow a large file") {
  // No other quote follows for megabytes: the record would otherwise run to
  // the end of the input (or past --max-field-bytes).
  std::string input = "id,q1,q2\n1,\"Oui,Non\n";
  for (int i = 2; i < 120000; ++i) input += std::to_string(i) + ",Oui,Non\n";
  ReaderOptions o;
  o.lenient = true;
  o.max_field_bytes = 1 << 20;
  auto p = read_all(input, o);
  REQUIRE(p.rows.size() == 119999);
  CHECK(p.rows[0] == std::vector<std::string>{"1", "Oui", "Non"});
  CHECK(p.rows[1] == std::vector<std::string>{"2", "Oui", "Non"});
  CHECK(p.lines[1] == 3);
  CHECK(p.stats.quotes_repaired == 1);
}

TEST_CASE("CsvReader gives a header one delimiter short of the rows the names it lacks") {
  auto p = read_all("id,q1,q2\n1,Oui,Non,x\n2,Non,Oui,y\n3,Oui,Oui,z\n");
  CHECK(p.header == Names{"id", "q1", "q2", "column_4"});
  CHECK(p.rows.size() == 3);
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0].line == 1);
  CHECK(p.warnings[0].message == "the header has 3 names for rows of 4 fields; called the last column \"column_4\"");
  // Empty names past the rows' width are dropped.
  p = read_all("id;q1;q2;;\n1;Oui;Non\n2;Non;Oui\n");
  CHECK(p.header == Names{"id", "q1", "q2"});
  CHECK(p.rows == Rows{{"1", "Oui", "Non"}, {"2", "Non", "Oui"}});
  CHECK(p.warnings[0].message == "dropped 2 empty names at the end of the header: the rows have 3 fields");
  // A title line of two cells above the header is not the header.
  p = read_all("Export,07/07/2020\nid,q1,q2\n1,Oui,Non\n2,Non,Oui\n");
  CHECK(p.header == Names{"id", "q1", "q2"});
  CHECK(p.info.preamble_lines == 1);
}

TEST_CASE("CsvReader merges a second header row only on strong evidence") {
  // Options of multi-select columns under their question, the id cell empty.
  auto p = read_all(
      "id,Thèmes,,,Région\n,Déroulement,Financement,Autre,\n1,Déroulement,,Autre,Corse\n"
      "2,,Financement,,Bretagne\n3,Déroulement,Financement,,Corse\n");
  CHECK(p.info.header_rows == 2);
  CHECK(p.header == Names{"id", "Thèmes [Déroulement]", "Thèmes [Financement]", "Thèmes [Autre]", "Région"});
  CHECK(p.rows.size() == 3);
  // A respondent without an id stays a respondent.
  p = read_all("id,Q1,Q2,Région\n,Oui,Non,Corse\n1,Oui,Non,Corse\n2,Non,Non,Bretagne\n");
  CHECK(p.info.header_rows == 1);
  CHECK(p.rows.size() == 3);
  // SurveyMonkey's layout: merged when the second row is its option row or
  // mostly empty, not when it looks like a respondent.
  p = read_all(
      "Respondent ID,Collector ID,Start Date,Région,Avis\n,254,07/07/2020,Corse,Bien\n"
      "114,254,07/07/2020,Bretagne,Bof\n115,254,07/07/2020,Corse,Bien\n");
  CHECK(p.info.format == Format::SurveyMonkey);
  CHECK(p.info.header_rows == 1);
  CHECK(p.rows.size() == 3);
  p = read_all(
      "Respondent ID,Collector ID,Start Date,Thèmes,\n,,,Déroulement,Financement\n"
      "114,254,07/07/2020,Déroulement,\n115,254,07/07/2020,,Financement\n");
  CHECK(p.info.header_rows == 2);
  CHECK(p.header[3] == "Thèmes [Déroulement]");
}

TEST_CASE("sniff_dialect chooses single quotes, spaces and ', ' by the table they give") {
  // Single quotes around the values that need them, doubled inside.
  auto p = read_all("id,region,q1\n1,Bretagne,'Oui, souvent'\n2,'Provence, Alpes','l''équipe'\n3,Corse,Non\n");
  CHECK(p.info.dialect.quote == '\'');
  CHECK(p.rows == Rows{{"1", "Bretagne", "Oui, souvent"}, {"2", "Provence, Alpes", "l'équipe"}, {"3", "Corse", "Non"}});
  // Apostrophes in a double-quoted file are text.
  p = read_all("id,q1\n1,l'équipe\n2,\"a, b\"\n3,aujourd'hui\n");
  CHECK(p.info.dialect.quote == '"');
  // Spaces between fields, quotes around values with spaces.
  p = read_all("id region q1\n1 Bretagne \"Oui souvent\"\n2 \"Île de France\" Non\n3 Corse Oui\n");
  CHECK(p.info.dialect.delimiter == ' ');
  CHECK(p.rows == Rows{{"1", "Bretagne", "Oui souvent"}, {"2", "Île de France", "Non"}, {"3", "Corse", "Oui"}});
  // A comma file whose values hold spaces stays a comma file; a lone title line too.
  p = read_all("id,q1\n1,Très bien merci\n2,Pas du tout\n3,Bof\n");
  CHECK(p.info.dialect.delimiter == ',');
  CHECK(read_all("Enquête de satisfaction 2020\n").header == Names{"Enquête de satisfaction 2020"});
  // ", ".
  p = read_all("id, q1, q2\n1, \"Oui, souvent\", \n2, Non, ok\n");
  CHECK(p.info.dialect.delimiter == ',');
  CHECK(p.info.dialect.space_after);
  CHECK(delimiter_name(p.info.dialect) == "', '");
  CHECK(p.rows == Rows{{"1", "Oui, souvent", ""}, {"2", "Non", "ok"}});
  // Why, for --explain-dialect.
  REQUIRE(!p.info.dialect_explanation.empty());
  CHECK(p.info.dialect_explanation.front() == "delimiter ',', quote '\"': 3 of 3 records have 3 fields, 11 % of the values quoted");
  CHECK(p.info.dialect_explanation.back() ==
        "chose delimiter ', ', quote '\"': the most records of one width (3 of 3 have 3 fields); every comma is "
        "followed by a space: delimiter ', '");
}

TEST_CASE("CsvReader --lenient reads a line longer than a repair looks at as the tokenizer's lenient mode does") {
  std::string line = "1";
  for (int i = 0; i < 160000; ++i) line += ",\"x\" y";
  ReaderOptions o;
  o.lenient = true;
  for (const std::string& input : {"a,b,c\n" + line + "\n2,a,b\n", "a,b,c\n2,a,b\n3,a,b\n" + line + "\n4,a,b\n"}) {
    auto p = read_all(input, o);
    REQUIRE(p.rows.size() >= 2);
    CHECK(p.stats.rejected == 1);
    CHECK(p.rows.back()[0] == std::to_string(p.rows.size() == 2 ? 2 : 4));
  }
  CHECK(read_error("a,b,c\n" + line + "\n2,a,b\n").find("text after the closing quote") != std::string::npos);
}
