#!/usr/bin/env bash
# cmake/SurveyBuildInfo.cmake, which writes the commit `survey --version`
# prints: the commit of a Git work tree whose top is the source folder (as
# `git rev-parse HEAD` says), nothing for a folder outside Git or inside some
# other work tree, and no rewrite of an unchanged file (no relink).
#   test_build_info.sh SOURCE_DIR
set -euo pipefail
source=$(cd "$1" && pwd)
script=$source/cmake/SurveyBuildInfo.cmake
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
commit_of() { sed -n 's/^const char\* const kBuildCommit = "\(.*\)";$/\1/p' "$1"; }

cmake -DSOURCE_DIR="$source" -DOUTPUT="$work/a.cpp" -P "$script"
[ "$(commit_of "$work/a.cpp")" = "$(git -C "$source" rev-parse HEAD)" ] || { echo "work tree: wrong commit"; cat "$work/a.cpp"; exit 1; }
grep -q '^const bool kBuildModified = \(true\|false\);$' "$work/a.cpp" || { echo "no modified flag"; exit 1; }
touch -d '2000-01-01' "$work/a.cpp"
cmake -DSOURCE_DIR="$source" -DOUTPUT="$work/a.cpp" -P "$script"
[ "$(stat -c %Y "$work/a.cpp")" = "$(date -d '2000-01-01' +%s)" ] || { echo "unchanged file rewritten"; exit 1; }

mkdir "$work/tarball"
cmake -DSOURCE_DIR="$work/tarball" -DOUTPUT="$work/b.cpp" -P "$script"
[ -z "$(commit_of "$work/b.cpp")" ] || { echo "outside Git: a commit"; exit 1; }
cmake -DSOURCE_DIR="$source/docs" -DOUTPUT="$work/c.cpp" -P "$script"
[ -z "$(commit_of "$work/c.cpp")" ] || { echo "inside another work tree: its commit"; exit 1; }
echo "build info: work tree, outside Git, inside another tree, unchanged file: all as expected"
