// What the executable knows of how it was built: the version and build type
// (from CMake at configure time), the Git commit (written at each build by
// cmake/SurveyBuildInfo.cmake).
#pragma once

namespace survey::tools {

// The project version, "0.1.0".
inline constexpr const char* kBuildVersion = SURVEY_VERSION;
// CMAKE_BUILD_TYPE, "Release".
inline constexpr const char* kBuildType = SURVEY_BUILD_TYPE;
// The sanitizers built in ("address,undefined"), or "".
inline constexpr const char* kBuildSanitizers = SURVEY_SANITIZERS;

// The full hash of the commit the sources were at, or "" when they were not
// in a Git work tree.
extern const char* const kBuildCommit;
// The commit's date, ISO 8601 ("2026-12-03T10:56:12+00:00"), or "".
extern const char* const kBuildCommitDate;
// Whether tracked files differed from that commit.
extern const bool kBuildModified;

}  // namespace survey::tools
