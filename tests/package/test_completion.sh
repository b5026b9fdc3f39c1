#!/usr/bin/env bash
# Bash completion as built into build/share/bash-completion/completions/:
#  1. in a plain bash, the completion function on simulated command lines
#     (COMP_WORDS/COMP_CWORD, as bash sets them) and `complete -p`;
#  2. in an interactive bash inside tmux, real TAB presses: `survey fre<TAB>`
#     becomes `survey freq `, and the question ids of the export on the line
#     are offered. Skipped (exit 77) when tmux is missing.
#   test_completion.sh BUILD_DIR SAMPLES_DIR
set -uo pipefail
build=$(cd "$1" && pwd)
samples=$(cd "$2" && pwd)
script=$build/share/bash-completion/completions/survey
[ -f "$script" ] || { echo "no $script"; exit 1; }
failures=0

# --- 1. The function, on simulated command lines --------------------------
# complete_line "WORD WORD ..." CWORD: prints COMPREPLY one a line, then
# "default" if file name completion was asked for.
out=$(cd "$samples" && PATH="$build/bin:$PATH" bash --norc --noprofile -c '
  source "$1"
  complete_line() {
    read -r -a COMP_WORDS <<<"$1"
    COMP_CWORD=$2
    [ "$COMP_CWORD" -ge "${#COMP_WORDS[@]}" ] && COMP_WORDS+=("")
    COMPREPLY=()
    _survey 2>&1
    printf "%s\n" "${COMPREPLY[@]}"
  }
  echo "== registered"; complete -p survey survey-freq
  echo "== survey fre"; complete_line "survey fre" 1
  echo "== survey freq --sum"; complete_line "survey freq --sum" 2
  echo "== survey freq coet-mof-2020.csv q5"; complete_line "survey freq coet-mof-2020.csv q5" 3
  echo "== survey-freq coet-mof-2020.csv reg"; complete_line "survey-freq coet-mof-2020.csv reg" 2
  echo "== survey freq coet-mof-2020.csv --by = re"; complete_line "survey freq coet-mof-2020.csv --by = re" 5
' _ "$script" 2>&1)
expected='== registered
complete -F _survey survey
complete -F _survey survey-freq
== survey fre
freq
== survey freq --sum
--sum-to-100
== survey freq coet-mof-2020.csv q5
q5
== survey-freq coet-mof-2020.csv reg
region
== survey freq coet-mof-2020.csv --by = re
region'
if [ "$out" != "$expected" ]; then
  echo "completion function: unexpected candidates"
  diff <(echo "$expected") <(echo "$out")
  failures=$((failures + 1))
fi
# File names: the function hands over to readline's default completion.
out=$(cd "$samples" && PATH="$build/bin:$PATH" bash --norc --noprofile -c '
  source "$1"
  COMP_WORDS=(survey freq ""); COMP_CWORD=2; COMPREPLY=()
  compopt() { echo "compopt $*"; }
  _survey; echo "${#COMPREPLY[@]} candidates"
' _ "$script" 2>&1)
if [ "$out" != $'compopt -o default\n0 candidates' ]; then
  echo "completion function: file names not handed to readline: $out"
  failures=$((failures + 1))
fi

# --- 2. Real TAB presses in an interactive bash ---------------------------
if ! command -v tmux >/dev/null; then
  echo "tmux not installed: interactive part skipped"
  [ $failures -eq 0 ] && exit 77
  exit 1
fi
work=$(mktemp -d)
socket=survey-completion-$$
cleanup() { tmux -L "$socket" kill-server 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cat >"$work/bashrc" <<EOF
PS1='\$ '
PATH="$build/bin:\$PATH"
source "$script"
cd "$samples"
EOF
tmux -L "$socket" -f /dev/null new-session -d -x 200 -y 50 \
  "env -i HOME=$work TERM=xterm LC_ALL=C.UTF-8 bash --noprofile --rcfile $work/bashrc -i"
pane() { tmux -L "$socket" capture-pane -p -t 0; }
# The line under the cursor up to the cursor: what was typed and completed,
# trailing space included.
typed() {
  local y x
  y=$(tmux -L "$socket" display -p -t 0 '#{cursor_y}')
  x=$(tmux -L "$socket" display -p -t 0 '#{cursor_x}')
  [ "$x" -gt 0 ] || return 0
  tmux -L "$socket" capture-pane -p -N -t 0 -S "$y" -E "$y" | cut -c "1-$x"
}
check_typed() {  # check_typed WHAT LINE: until the line reads LINE (5 s at most)
  for _ in $(seq 50); do
    [ "$(typed)" = "$2" ] && return 0
    sleep 0.1
  done
  echo "interactive: $1: the line reads '$(typed)', not '$2'; screen:"
  pane | sed '/^$/d'
  failures=$((failures + 1))
}
check_shown() {  # check_shown WHAT WORD...: until the screen shows each WORD
  local w ok
  for _ in $(seq 50); do
    ok=1
    for w in "${@:2}"; do pane | grep -Eq "(^| )$w( |$)" || ok=0; done
    [ $ok -eq 1 ] && return 0
    sleep 0.1
  done
  echo "interactive: $1: the screen does not show ${*:2}:"
  pane | sed '/^$/d'
  failures=$((failures + 1))
}
keys() { tmux -L "$socket" send-keys -t 0 "$@"; }
check_typed "prompt" '$ '
keys 'survey fre' Tab
check_typed "survey fre<TAB>" '$ survey freq '
keys 'coet-mof-2020-e' Tab
check_typed "file name" '$ survey freq coet-mof-2020-excel.csv '
keys C-u 'survey freq coet-mof-2020.csv q' Tab Tab
check_shown "question ids" q1 q2 q3 q4 q5 q6 q7 quelques_marges_progres
keys C-u 'survey freq coet-mof-2020.csv --by reg' Tab
check_typed "--by value" '$ survey freq coet-mof-2020.csv --by region '
keys C-u 'survey-freq --multi' Tab
check_typed "survey-freq link" '$ survey-freq --multi-base '
[ $failures -eq 0 ] || exit 1
echo "completion: every check passed"
