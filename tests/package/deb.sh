#!/usr/bin/env bash
# CI step (as root, on Debian 12): builds the packages with scripts/package,
# checks their contents, installs them with apt, uses what they installed
# (survey --version, a verb on the example export, the man page, bash
# completion, find_package(survey)), then removes them with dpkg -r and
# checks that nothing is left.
#   tests/package/deb.sh            (from .ci/run, after scripts/test)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
[ "$(id -u)" -eq 0 ] || { echo "tests/package/deb.sh: must run as root (it installs the package)" >&2; exit 1; }
for p in survey libsurvey-dev; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    echo "tests/package/deb.sh: $p is already installed; remove it first (dpkg -r $p)" >&2
    exit 1
  fi
done
step() { printf '\n== %s\n' "$*"; }
fail() { echo "tests/package/deb.sh: $*" >&2; exit 1; }

step scripts/package
scripts/package
build=${SURVEY_BUILD_DIR:-build}
deb=$(ls "$build"/survey_*_*.deb)
dev=$(ls "$build"/libsurvey-dev_*_*.deb)
arch=$(dpkg --print-architecture)
version=$("$build/bin/survey" version --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["survey"])')
[ "$deb" = "$build/survey_${version}_${arch}.deb" ] || fail "unexpected package name $deb"

step dpkg-deb --field "$deb"
dpkg-deb --field "$deb" Package Version Architecture Depends Installed-Size
depends=$(dpkg-deb --field "$deb" Depends)
for lib in libc6 libfmt9 libstdc++6 libutf8proc2; do
  [[ $depends == *"$lib "* || $depends == *"$lib," || $depends == *"$lib" ]] || fail "Depends lacks $lib: $depends"
done

step dpkg-deb --contents "$deb"
dpkg-deb --contents "$deb" | awk '{ $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); print }' | tee "$build/deb-contents.txt"
want=(./usr/bin/survey ./usr/share/man/man1/survey.1.gz ./usr/share/bash-completion/completions/survey
      ./usr/share/doc/survey/examples/coet-mof-2020.csv ./usr/share/doc/survey/examples/coet-mof-2020.codebook.csv
      ./usr/share/doc/survey/examples/weekly-summary)
for verb in $("$build/bin/survey" --list-verbs | cut -f1); do
  want+=("./usr/bin/survey-$verb -> survey" "./usr/share/man/man1/survey-$verb.1.gz"
         "./usr/share/bash-completion/completions/survey-$verb -> survey")
done
for w in "${want[@]}"; do grep -qxF -- "$w" "$build/deb-contents.txt" || fail "the package lacks $w"; done
echo "${#want[@]} expected entries present"

step apt-get install "./$deb" "./$dev"
removed=0
remove() {
  [ $removed -eq 1 ] && return
  removed=1
  step dpkg -r survey libsurvey-dev
  dpkg -r survey libsurvey-dev
}
trap remove EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "./$deb" "./$dev"

# From the installed paths only: a clean PATH, outside the source tree.
installed() { (cd / && env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME=/root "$@"); }
step survey --version
installed sh -c 'command -v survey'
installed survey --version
installed survey version --json
step survey freq /usr/share/doc/survey/examples/coet-mof-2020.csv '"1)"'
installed survey freq /usr/share/doc/survey/examples/coet-mof-2020.csv "1)" | tee "$build/deb-freq.csv"
"$build/bin/survey" freq data-samples/coet-mof-2020.csv "1)" -q | cmp - "$build/deb-freq.csv" ||
  fail "the installed survey counts differently from the build's"
installed survey-freq /usr/share/doc/survey/examples/coet-mof-2020.csv "1)" --format md --lang fr -q

step the weekly cron job from the examples, against the installed survey
weekly=$(mktemp -d)
installed /usr/share/doc/survey/examples/weekly-summary --input /usr/share/doc/survey/examples/coet-mof-2020.csv \
  --out-dir "$weekly" --now 2020-07-06
[ -s "$weekly/weekly-2020-W27.md" ] || fail "weekly-summary wrote no weekly-2020-W27.md"
mkdir -p "$weekly/build"
scripts/weekly-summary --survey "$build/bin/survey" --input data-samples/coet-mof-2020.csv --out-dir "$weekly/build" \
  --now 2020-07-06 >/dev/null
sed -e 's|/usr/share/doc/survey/examples/||' "$weekly/weekly-2020-W27.md" >"$weekly/installed.md"
sed -e 's|data-samples/||' "$weekly/build/weekly-2020-W27.md" >"$weekly/built.md"
cmp "$weekly/installed.md" "$weekly/built.md" || fail "the installed weekly job writes another summary than the build's"
rm -rf "$weekly"

step man -w survey-freq
installed man -w survey-freq
[ "$(installed man -w survey-freq)" = /usr/share/man/man1/survey-freq.1.gz ] || fail "man -w survey-freq"
installed env MANWIDTH=80 man -P cat survey-freq 2>/dev/null | head -12
for verb in $("$build/bin/survey" --list-verbs | cut -f1); do installed man -w "survey-$verb" >/dev/null; done
installed man -w survey

step bash completion, loaded on demand by bash-completion
installed bash --norc --noprofile -c '
  source /usr/share/bash-completion/bash_completion
  __load_completion survey && complete -p survey
  COMP_WORDS=(survey fr); COMP_CWORD=1; COMPREPLY=(); _survey; echo "survey fr<TAB>: ${COMPREPLY[*]}"
  __load_completion survey-freq && complete -p survey-freq
  cd /usr/share/doc/survey/examples
  COMP_WORDS=(survey-freq coet-mof-2020.csv q); COMP_CWORD=2; COMPREPLY=(); _survey
  echo "survey-freq coet-mof-2020.csv q<TAB>: ${COMPREPLY[*]}"
' | tee "$build/deb-completion.txt"
grep -qx 'survey fr<TAB>: freq' "$build/deb-completion.txt" || fail "survey fr<TAB> does not complete to freq"
grep -q '^survey-freq coet-mof-2020.csv q<TAB>: q1 q2 ' "$build/deb-completion.txt" || fail "no question ids"
step 'bash -i in tmux: real TAB presses against /usr'
bash tests/package/test_completion.sh /usr data-samples

step 'find_package(survey) from libsurvey-dev'
work=$(mktemp -d)
cmake -S tests/package -B "$work" >/dev/null
cmake --build "$work" >/dev/null
"$work/smoke"
rm -rf "$work"

remove
trap - EXIT
step nothing left
for p in /usr/bin/survey /usr/bin/survey-freq /usr/share/man/man1/survey-freq.1.gz \
         /usr/share/bash-completion/completions/survey /usr/lib/libsurvey.a /usr/include/survey; do
  [ ! -e "$p" ] || fail "$p is still there after dpkg -r"
done
dpkg-query -W -f='${Status}\n' survey 2>/dev/null | grep -q "install ok installed" && fail "survey still installed"
echo "survey and libsurvey-dev removed; nothing left"
cd "$root"
