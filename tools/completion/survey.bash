# bash completion for survey and its survey-<verb> links.
#
# The candidates come from the program itself, so they always match its
# verbs and their --help: `survey __complete CWORD WORD...` prints them one a
# line (verbs, options, the question ids of the export already on the line),
# or "::files" when file names fit. Installed as
# share/bash-completion/completions/survey, with one link per verb beside it;
# or source it from ~/.bashrc.

_survey() {
  local prog=${COMP_WORDS[0]} self
  # The survey next to the command typed (build/bin/survey-freq -> build/bin/survey).
  case $prog in
    */*) self=${prog%/*}/survey ;;
    *) self=survey ;;
  esac
  [[ $self == "~/"* ]] && self=$HOME/${self#"~/"}
  local -a lines
  mapfile -t lines < <(command "$self" __complete "$COMP_CWORD" "${COMP_WORDS[@]}" 2>/dev/null)
  COMPREPLY=()
  local line
  for line in "${lines[@]}"; do
    if [[ $line == "::files" ]]; then
      # Readline's own file name completion: it knows quoting and ~.
      compopt -o default 2>/dev/null
    else
      COMPREPLY+=("$(printf '%q' "$line")")
    fi
  done
  return 0
}

complete -F _survey survey
# The links: every verb survey lists, and the command whose completion
# bash-completion loads this file for (it is installed under each link's name).
_survey_register_links() {
  local verb rest
  case ${BASH_SOURCE[0]##*/} in
    survey-*) complete -F _survey "${BASH_SOURCE[0]##*/}" ;;
  esac
  command -v survey >/dev/null 2>&1 || return 0
  while IFS=$'\t' read -r verb rest; do
    [[ -n $verb ]] && complete -F _survey "survey-$verb"
  done < <(command survey --list-verbs 2>/dev/null)
}
_survey_register_links
unset -f _survey_register_links
