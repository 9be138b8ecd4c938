# Debian's hardening flags for every target of the project (issue 15): the kiosk is an unattended machine in a public
# place, so its binaries get what a Debian package built with DEB_BUILD_MAINT_OPTIONS=hardening=+all gets.
#
# The flags come from dpkg-buildflags itself (so they follow Debian's policy as it changes), filtered to the hardening
# ones: optimisation, debug info and path maps stay with CMake's build type. Without dpkg-buildflags (another
# distribution), the same set Debian 12 gives is used. PIE goes through CMake's own switch so that every compiler
# (gcc and the clang of the fuzz build) gets -fPIE/-pie, not only a gcc that defaults to it.
#
# What Debian 12 gives (amd64): -fstack-protector-strong -Wformat -Werror=format-security -D_FORTIFY_SOURCE=2
# -Wl,-z,relro -Wl,-z,now; we add -fstack-clash-protection and -fcf-protection (below). _FORTIFY_SOURCE needs optimisation, so a Debug build leaves it out (glibc would warn, and
# warnings are errors in CI). The fuzz build turns all of this off (KIOSK_HARDENING=OFF): ASan replaces the checked
# string functions and the two fight.
#
# tests/packaging/test_deb_package.sh runs hardening-check (devscripts) on the packaged binaries and fails on any "no".
option(KIOSK_HARDENING "Compile and link with Debian's hardening flags (dpkg-buildflags hardening=+all)" ON)

set(KIOSK_HARDENING_COMPILE_FLAGS "")
set(KIOSK_HARDENING_LINK_FLAGS "")
if(KIOSK_HARDENING)
  set(_hardening_from "built-in list")
  set(_compile -fstack-protector-strong -Wformat -Werror=format-security -D_FORTIFY_SOURCE=2)
  set(_link -Wl,-z,relro -Wl,-z,now)
  find_program(KIOSK_DPKG_BUILDFLAGS dpkg-buildflags)
  if(KIOSK_DPKG_BUILDFLAGS)
    set(_from_dpkg "")
    foreach(kind CPPFLAGS CXXFLAGS LDFLAGS)
      execute_process(
        COMMAND ${CMAKE_COMMAND} -E env DEB_BUILD_MAINT_OPTIONS=hardening=+all ${KIOSK_DPKG_BUILDFLAGS} --get ${kind}
        OUTPUT_VARIABLE _flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc ERROR_QUIET)
      if(_rc EQUAL 0)
        separate_arguments(_flags UNIX_COMMAND "${_flags}")
        list(APPEND _from_dpkg ${_flags})
      endif()
    endforeach()
    if(_from_dpkg)
      set(_compile "")
      set(_link "")
      foreach(flag IN LISTS _from_dpkg)
        if(flag MATCHES "^-Wl,")
          list(APPEND _link ${flag})
        elseif(flag MATCHES "^-(fstack-protector|fstack-clash-protection|fcf-protection|mbranch-protection|D_FORTIFY_SOURCE|Wformat|Werror=format-security)")
          list(APPEND _compile ${flag})
        endif()
      endforeach()
      set(_hardening_from "dpkg-buildflags")
    endif()
  endif()
  # Stack clash protection and (x86) control-flow protection: Debian 13's dpkg adds them to hardening=+all (its
  # "stackclash" and "branch" features) and hardening-check asks for the latter; Debian 12's dpkg does not yet, so we add
  # them ourselves when the compiler takes them.
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag(-fstack-clash-protection KIOSK_HAS_STACK_CLASH)
  if(KIOSK_HAS_STACK_CLASH)
    list(APPEND _compile -fstack-clash-protection)
  endif()
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|i.86")
    check_cxx_compiler_flag(-fcf-protection KIOSK_HAS_CF_PROTECTION)
    if(KIOSK_HAS_CF_PROTECTION)
      list(APPEND _compile -fcf-protection)
    endif()
  endif()
  list(REMOVE_DUPLICATES _compile)
  list(REMOVE_DUPLICATES _link)
  foreach(flag IN LISTS _compile)
    if(flag MATCHES "^-D_FORTIFY_SOURCE")
      # Glibc's checked functions need the optimiser; a Debug build would only get a warning (an error in CI).
      # As options, in this order (a compile definition would come before the -U on the command line).
      add_compile_options("$<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE>" "$<$<NOT:$<CONFIG:Debug>>:${flag}>")
    else()
      add_compile_options(${flag})
    endif()
  endforeach()
  add_link_options(${_link})
  include(CheckPIESupported)
  check_pie_supported(OUTPUT_VARIABLE _pie_output LANGUAGES CXX)
  set(CMAKE_POSITION_INDEPENDENT_CODE ON)
  set(KIOSK_HARDENING_COMPILE_FLAGS ${_compile})
  set(KIOSK_HARDENING_LINK_FLAGS ${_link})
  message(STATUS "Hardening (${_hardening_from}): ${_compile} ${_link} + PIE")
else()
  message(STATUS "Hardening: off (KIOSK_HARDENING=OFF)")
endif()
