#!/usr/bin/env bash
# Installs the build into a temporary prefix, checks the survey-<verb> links,
# then configures, builds and runs tests/package against it.
set -euo pipefail
build=$1
source=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
for verb in ingest freq codebook validate; do
  [ "$(readlink "$work/prefix/bin/survey-$verb")" = survey ] || { echo "no survey-$verb link"; exit 1; }
done
"$work/prefix/bin/survey-freq" --help >/dev/null
cmake -S "$source" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/smoke"
