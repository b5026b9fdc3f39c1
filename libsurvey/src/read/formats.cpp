// Names of the export formats.
#include "survey/read/formats.hpp"

namespace survey {

std::string_view format_name(Format format) noexcept {
  switch (format) {
    case Format::Auto: return "auto";
    case Format::Generic: return "generic";
    case Format::GoogleForms: return "google-forms";
    case Format::LimeSurvey: return "limesurvey";
    case Format::SurveyMonkey: return "surveymonkey";
    case Format::Framaforms: return "framaforms";
    case Format::Kobo: return "kobo";
    case Format::MsForms: return "ms-forms";
    case Format::ExcelFr: return "excel-fr";
  }
  return "?";
}

const std::vector<Format>& all_formats() {
  static const std::vector<Format> kAll = {
      Format::Auto,      Format::Generic, Format::GoogleForms, Format::LimeSurvey, Format::SurveyMonkey,
      Format::Framaforms, Format::Kobo,   Format::MsForms,     Format::ExcelFr};
  return kAll;
}

std::optional<Format> parse_format(std::string_view name) noexcept {
  for (Format f : all_formats())
    if (format_name(f) == name) return f;
  if (name == "google" || name == "gforms") return Format::GoogleForms;
  if (name == "kobotoolbox") return Format::Kobo;
  if (name == "microsoft-forms" || name == "msforms") return Format::MsForms;
  if (name == "webform" || name == "drupal") return Format::Framaforms;
  return std::nullopt;
}

}  // namespace survey
