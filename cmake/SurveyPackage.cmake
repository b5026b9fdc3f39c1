# Debian packages, built by `cpack -G DEB` in the build folder (scripts/package):
#   survey_<version>_<arch>.deb        component "tool": the survey executable, its
#                                      survey-<verb> links, man pages, bash completion,
#                                      README and the COET-MOF sample as an example
#   libsurvey-dev_<version>_<arch>.deb component "dev": the static library, its headers
#                                      and the CMake package for find_package(survey)
# The tool's dependencies come from the shared libraries it links (dpkg-shlibdeps).
set(SURVEY_PACKAGE_MAINTAINER "survey maintainers <survey@maintainers.invalid>"
  CACHE STRING "Maintainer field of the Debian packages")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME survey)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${SURVEY_PACKAGE_MAINTAINER}")
# CPack's own default summary: CPackDeb then takes the first line of each
# component's description as that package's summary instead of prepending one.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL tool dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_TOOL_PACKAGE_NAME survey)
set(CPACK_DEBIAN_TOOL_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOL_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_TOOL_PACKAGE_SUGGESTS "bash-completion, man-db")
set(CPACK_DEBIAN_TOOL_DESCRIPTION "questionnaire exports to counts, percentages and reports
Command-line tools that turn questionnaire exports (Google Forms, LimeSurvey,
SurveyMonkey, Framaforms, KoboToolbox, Microsoft Forms, Excel in a French
locale) into per-question and per-group counts and percentages, and write CSV,
Markdown or JSON that pipes into the next tool. One survey executable with
verbs (ingest, freq, codebook, validate, ...), each also installed as a
survey-<verb> link with its own man page; bash completion of verbs, options
and the question ids of the file on the command line. An example export is in
/usr/share/doc/survey/examples/.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libsurvey-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# What find_package(survey) needs: fmt's CMake package, utf8proc's pkg-config file.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libfmt-dev, libutf8proc-dev, pkg-config")
set(CPACK_DEBIAN_DEV_DESCRIPTION "questionnaire exports to counts and percentages (C++ library)
libsurvey, the C++20 library behind the survey tools: a streaming reader of
questionnaire exports (encodings, delimiters, platforms), codebooks, tallies,
summaries and their rendering. A static library with its headers and a CMake
package: find_package(survey) then link survey::survey.")

include(CPack)
cpack_add_component(tool DISPLAY_NAME "survey tools")
cpack_add_component(dev DISPLAY_NAME "libsurvey development files")
