#!/usr/bin/env bash
# Runs one golden case: tests/cli/<verb>/<case>/ holds `cmd` (shell commands
# run in that folder with build/bin on PATH and $SAMPLES pointing at
# data-samples/), the inputs, and the expected `expout`, `experr` and
# `expcode`. Any difference fails the case and is shown as a diff.
set -u
case_dir=$1
bin_dir=$2
samples=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(
  cd "$case_dir" || exit 99
  PATH="$bin_dir:$PATH" SAMPLES="$samples" LC_ALL=C.UTF-8 TMPDIR="$work" bash ./cmd >"$work/out" 2>"$work/err"
  echo $? >"$work/code"
)
status=0
expcode=$(cat "$case_dir/expcode" 2>/dev/null || echo 0)
code=$(cat "$work/code")
if [ "$code" != "$expcode" ]; then
  echo "exit code: expected $expcode, got $code"
  status=1
fi
for stream in out err; do
  if [ -f "$case_dir/exp$stream" ]; then
    if ! diff -u "$case_dir/exp$stream" "$work/$stream" >"$work/diff"; then
      echo "std$stream differs from exp$stream:"
      cat "$work/diff"
      status=1
    fi
  elif [ -s "$work/$stream" ]; then
    echo "unexpected std$stream (no exp$stream file):"
    cat "$work/$stream"
    status=1
  fi
done
exit $status
