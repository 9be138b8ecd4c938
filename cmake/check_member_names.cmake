# cmake -DROOT=<tree> -P check_member_names.cmake : exit with an error listing every `m_` name in the production sources.
# The house style names data members with a trailing underscore (`name_`, as app/, ui/, offline_queue/ and drivers/
# do); an `m_name` outside comments and string literals is an error. Tests are not checked.
if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source tree> -P check_member_names.cmake")
endif()

set(violations "")
foreach(layer common drivers offline_queue app ui)
  file(GLOB_RECURSE files "${ROOT}/${layer}/*.h" "${ROOT}/${layer}/*.cpp")
  foreach(f ${files})
    # Only lines that may hold one are read; the list splits them at semicolons, which is fine for a match.
    file(STRINGS "${f}" lines REGEX "(^|[^A-Za-z0-9_])m_[A-Za-z]")
    foreach(line ${lines})
      string(REGEX REPLACE "\"([^\"\\\\]|\\\\.)*\"" "\"\"" code "${line}") # string literals
      string(REGEX REPLACE "//.*$" "" code "${code}")                          # line comments
      string(REGEX REPLACE "/\\*.*$" "" code "${code}")                       # block comment starts
      string(REGEX REPLACE "^[ \t]*\\*.*$" "" code "${code}")                  # block comment bodies
      if(code MATCHES "(^|[^A-Za-z0-9_])(m_[A-Za-z][A-Za-z0-9_]*)")
        file(RELATIVE_PATH rel "${ROOT}" "${f}")
        string(STRIP "${line}" shown)
        string(APPEND violations "  ${rel}: ${CMAKE_MATCH_2} (house style: no m_ prefix, a trailing underscore): ${shown}\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations)
  message(FATAL_ERROR "Member names in the m_ style (house style: trailing underscore, see drivers/README.md):\n"
                      "${violations}")
endif()
