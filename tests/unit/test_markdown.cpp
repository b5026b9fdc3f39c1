// Markdown building blocks (render/markdown.hpp) and redaction
// (render/redact.hpp). How escaped text renders is checked with cmark-gfm by
// tests/oracle/test_report_html.py; here, the exact texts.
#include <doctest/doctest.h>

#include "survey/render/markdown.hpp"
#include "survey/render/redact.hpp"

using namespace survey;

TEST_CASE("markdown_escape") {
  CHECK(markdown_escape("Oui, une fois") == "Oui, une fois");
  CHECK(markdown_escape("Précis/cohérents (d'accord)") == "Précis/cohérents (d'accord)");
  CHECK(markdown_escape("a | b") == "a \\| b");
  CHECK(markdown_escape("*gras* et `code`") == "\\*gras\\* et \\`code\\`");
  CHECK(markdown_escape("<script>alert(1)</script>") == "\\<script>alert(1)\\</script>");
  CHECK(markdown_escape("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))");
  CHECK(markdown_escape("![img](y)") == "!\\[img\\](y)");
  CHECK(markdown_escape("~~barré~~ 5 $ et 6 $") == "\\~\\~barré\\~\\~ 5 \\$ et 6 \\$");
  CHECK(markdown_escape("a\\b") == "a\\\\b");
  // Underscores inside words cannot emphasise; around them they can.
  CHECK(markdown_escape("points_positifs") == "points_positifs");
  CHECK(markdown_escape("_x_ et é_x") == "\\_x\\_ et é\\_x");
  // Entities.
  CHECK(markdown_escape("Q&A") == "Q\\&A");
  CHECK(markdown_escape("&amp; &#60; & x") == "\\&amp; \\&#60; & x");
  // Block markers at the start only.
  CHECK(markdown_escape("# titre") == "\\# titre");
  CHECK(markdown_escape("- tiret") == "\\- tiret");
  CHECK(markdown_escape("+ plus") == "\\+ plus");
  CHECK(markdown_escape("> cité") == "\\> cité");
  CHECK(markdown_escape("=== souligné") == "\\=== souligné");
  CHECK(markdown_escape("1. premier") == "1\\. premier");
  CHECK(markdown_escape("12) douze") == "12\\) douze");
  CHECK(markdown_escape("2020 fut") == "2020 fut");
  CHECK(markdown_escape("a - b # c > d 1. e") == "a - b # c > d 1. e");
  // Line breaks and control characters become spaces; ends are trimmed.
  CHECK(markdown_escape("ligne 1\r\nligne 2\nligne 3") == "ligne 1  ligne 2 ligne 3");
  CHECK(markdown_escape("a\tb\x01"
                        "c") == "a b c");
  CHECK(markdown_escape("a\u2028b\u0085c") == "a b c");
  CHECK(markdown_escape("\n- après un saut") == "\\- après un saut");
  CHECK(markdown_escape("   ") == "");
  CHECK(markdown_escape("") == "");
}

TEST_CASE("markdown_escape_inline") {
  CHECK(markdown_escape_inline("1) Participation") == "1) Participation");
  CHECK(markdown_escape_inline("# x | y") == "# x \\| y");
  CHECK(markdown_escape_inline("*") == "\\*");
}

TEST_CASE("markdown_code") {
  CHECK(markdown_code("q1 = \"Non\"") == "`q1 = \"Non\"`");
  CHECK(markdown_code("a `b` c") == "``a `b` c``");
  CHECK(markdown_code("`x`") == "`` `x` ``");
  CHECK(markdown_code("a|b", true) == "`a\\|b`");
  CHECK(markdown_code("a\nb") == "`a b`");
}

TEST_CASE("markdown_bar") {
  CHECK(markdown_bar("") == "");
  CHECK(markdown_bar("0.0") == "");
  CHECK(markdown_bar("5.0") == "█");
  CHECK(markdown_bar("7.5") == "█▌");
  CHECK(markdown_bar("100.0") == "████████████████████");
}

TEST_CASE("mermaid_label") {
  CHECK(mermaid_label("Oui, une fois") == "Oui, une fois");
  CHECK(mermaid_label("say \"hi\" <b>;{x}") == "say 'hi' ‹b›,(x)");
  CHECK(mermaid_label("%%{init: {}}%%") == "% %(init: ())% %");
  CHECK(mermaid_label("#quot;") == "＃quot,");
  CHECK(mermaid_label("a\nb") == "a b");
  CHECK(mermaid_label("Très satisfaisant", 4) == "Très…");
}

TEST_CASE("redact") {
  auto text = [](std::string_view s) { return redact(s).text; };
  // E-mail addresses.
  CHECK(text("Écrivez à jean.dupont@exemple.fr merci") == "Écrivez à [e-mail removed] merci");
  CHECK(text("contact: a+b_c@mail.co.uk.") == "contact: [e-mail removed].");
  CHECK(text("twitter @coet et a@b") == "twitter @coet et a@b");
  // Web addresses.
  CHECK(text("Voir https://coet-mof.fr/webinaires?x=1, merci") == "Voir [link removed], merci");
  CHECK(text("(www.exemple.com)") == "([link removed])");
  CHECK(text("sur facebook.com/groupe-mof.") == "sur [link removed].");
  CHECK(text("Le site exemple.fr et ftp://x.org") == "Le site [link removed] et [link removed]");
  CHECK(text("fin de phrase.Puis suite etc.fr") == "fin de phrase.Puis suite [link removed]");
  CHECK(text("3.5 sur 10, v1.2") == "3.5 sur 10, v1.2");
  // Telephone numbers.
  CHECK(text("Appelez le 06 12 34 56 78 !") == "Appelez le [phone removed] !");
  CHECK(text("Mon numéro : 06 12 34 56 78 (après 18 h)") == "Mon numéro : [phone removed] (après 18 h)");
  CHECK(text("(06 12 34 56 78)") == "[phone removed]");  // The parentheses go with it.
  CHECK(text("tél. 06.12.34.56.78") == "tél. [phone removed]");
  CHECK(text("+33 6 12 34 56 78") == "[phone removed]");
  CHECK(text("+33 (0)6 12 34 56 78") == "[phone removed]");
  CHECK(text("0612345678") == "[phone removed]");
  CHECK(text("(555) 123-4567 or 555-123-4567") == "[phone removed] or [phone removed]");
  // Not telephone numbers.
  CHECK(text("le 07/07/2020 à 11:00") == "le 07/07/2020 à 11:00");
  CHECK(text("2020-07-07 10:59:59") == "2020-07-07 10:59:59");
  CHECK(text("1 234 567,89 €") == "1 234 567,89 €");
  CHECK(text("SIRET 12345678901234") == "SIRET 12345678901234");
  CHECK(text("12 345 678 901 personnes") == "12 345 678 901 personnes");
  CHECK(text("code A0612345678") == "code A0612345678");
  // All three, counted.
  Redacted r = redact("a@b.fr, 01 23 45 67 89, http://x.fr",
                      RedactLabels{"[e-mail masqué]", "[téléphone masqué]", "[lien masqué]"});
  CHECK(r.text == "[e-mail masqué], [téléphone masqué], [lien masqué]");
  CHECK(r.emails == 1);
  CHECK(r.phones == 1);
  CHECK(r.urls == 1);
  CHECK(r.total() == 3);
}
