# Run at every build (cmake -P): writes the Git commit the sources are at into
# OUTPUT, a C++ file, rewriting it only when it changes so that an unchanged
# tree relinks nothing. Outside a Git work tree (a release tarball) the commit
# is empty and `survey --version` says so.
#   cmake -DSOURCE_DIR=... -DOUTPUT=... -P SurveyBuildInfo.cmake
cmake_minimum_required(VERSION 3.20)
set(commit "")
set(commit_date "")
set(modified false)
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse --show-toplevel
    OUTPUT_VARIABLE top OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  # The sources must be the work tree's top, not a folder inside some other repository.
  if(rc EQUAL 0)
    get_filename_component(top "${top}" REALPATH)
    get_filename_component(src "${SOURCE_DIR}" REALPATH)
  endif()
  if(rc EQUAL 0 AND top STREQUAL src)
    execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" log -1 --format=%H%n%cI
      OUTPUT_VARIABLE head OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
    if(rc EQUAL 0 AND head MATCHES "^([0-9a-f]+)\n(.+)$")
      set(commit "${CMAKE_MATCH_1}")
      set(commit_date "${CMAKE_MATCH_2}")
      execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
        OUTPUT_VARIABLE status ERROR_QUIET RESULT_VARIABLE rc)
      if(rc EQUAL 0 AND NOT status STREQUAL "")
        set(modified true)
      endif()
    endif()
  endif()
endif()
set(text "// Written at build time by cmake/SurveyBuildInfo.cmake: do not edit.
#include \"build_info.hpp\"

namespace survey::tools {
const char* const kBuildCommit = \"${commit}\";
const char* const kBuildCommitDate = \"${commit_date}\";
const bool kBuildModified = ${modified};
}  // namespace survey::tools
")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
else()
  set(old "")
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUTPUT}" "${text}")
endif()
