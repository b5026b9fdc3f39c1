# Run at build time (cmake -P): makes DIR/survey-<verb> a link to LINK_TO
# for every verb `SURVEY --list-verbs` prints, and removes the links of
# verbs that are gone. With COPY, first copies that file to DIR/LINK_TO.
# The verb table in tools/main.cpp is the only list of verbs.
#   cmake -DSURVEY=bin/survey -DDIR=bin -DLINK_TO=survey [-DCOPY=file] -P SurveyVerbLinks.cmake
cmake_minimum_required(VERSION 3.20)
execute_process(COMMAND "${SURVEY}" --list-verbs OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SURVEY} --list-verbs failed (${rc})")
endif()
# One verb a line: its name, a tab, its summary (which may hold ';').
string(REGEX MATCHALL "(^|\n)[A-Za-z0-9_-]+\t" names "${listing}")
set(verbs "")
foreach(name IN LISTS names)
  string(STRIP "${name}" name)
  list(APPEND verbs "${name}")
endforeach()
if(NOT verbs)
  message(FATAL_ERROR "${SURVEY} --list-verbs listed no verb")
endif()
file(MAKE_DIRECTORY "${DIR}")
if(COPY)
  configure_file("${COPY}" "${DIR}/${LINK_TO}" COPYONLY)
  file(TOUCH "${DIR}/${LINK_TO}")  # Newer than what it was made from, even when unchanged.
endif()
file(GLOB existing LIST_DIRECTORIES false "${DIR}/survey-*")
foreach(path IN LISTS existing)
  get_filename_component(name "${path}" NAME)
  string(REGEX REPLACE "^survey-" "" verb "${name}")
  if(IS_SYMLINK "${path}" AND NOT verb IN_LIST verbs)
    file(REMOVE "${path}")
  endif()
endforeach()
foreach(verb IN LISTS verbs)
  file(CREATE_LINK "${LINK_TO}" "${DIR}/survey-${verb}" SYMBOLIC)
endforeach()
