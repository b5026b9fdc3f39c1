#!/usr/bin/env bash
# Installs the build into a fresh temporary prefix and checks that everything
# lands under it: survey and its survey-<verb> links (one per verb of
# `survey --list-verbs`), man pages, bash completion, the example export, the
# library, headers and CMake package; then configures, builds and runs
# tests/package against it (find_package(survey)).
set -euo pipefail
build=$1
source=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
missing=0
need() {  # need PATH...: each must exist under the prefix
  for p in "$@"; do
    [ -e "$prefix/$p" ] || { echo "not installed: $p"; missing=1; }
  done
}
need bin/survey share/bash-completion/completions/survey \
  share/doc/survey/examples/coet-mof-2020.csv share/doc/survey/examples/coet-mof-2020.codebook.csv \
  share/doc/survey/README.md lib/libsurvey.a include/survey/read/csv_reader.hpp \
  lib/cmake/survey/surveyConfig.cmake lib/cmake/survey/surveyTargets.cmake
[ -e "$build/share/man/man1/survey.1" ] && need share/man/man1/survey.1.gz
verbs=$("$prefix/bin/survey" --list-verbs | cut -f1)
[ -n "$verbs" ] || { echo "survey --list-verbs listed nothing"; exit 1; }
for verb in $verbs; do
  [ "$(readlink "$prefix/bin/survey-$verb")" = survey ] || { echo "no survey-$verb link"; missing=1; }
  [ "$(readlink "$prefix/share/bash-completion/completions/survey-$verb")" = survey ] ||
    { echo "no completion link for survey-$verb"; missing=1; }
  [ -e "$build/share/man/man1/survey.1" ] && need "share/man/man1/survey-$verb.1.gz"
done
# Nothing outside the prefix's usual folders.
stray=$(cd "$prefix" && find . -mindepth 1 -maxdepth 1 ! -name bin ! -name share ! -name lib ! -name include)
[ -z "$stray" ] || { echo "installed outside bin, share, lib, include: $stray"; missing=1; }
[ $missing -eq 0 ] || exit 1
"$prefix/bin/survey-freq" --help >/dev/null
"$prefix/bin/survey" freq "$prefix/share/doc/survey/examples/coet-mof-2020.csv" "1)" -q >/dev/null
cmake -S "$source" -B "$work/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/smoke"
