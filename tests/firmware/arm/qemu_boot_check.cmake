# Boots a firmware image under qemu-system-arm (mps2-an386) and checks its
# UART output for EXPECT. Without EXPECT_RUNNING the image must exit 0
# (semihosting) by itself; with it, it must still run after 5 s. A stack
# high-water line, if printed, must show painted stack left (no overflow).
if(EXPECT STREQUAL "" OR NOT EXPECT MATCHES "^lockfw [^ ]+ [^ ]+")
  message(FATAL_ERROR "no build id to expect (EXPECT='${EXPECT}')")
endif()
set(timeout 30)
if(EXPECT_RUNNING)
  set(timeout 5)
endif()
execute_process(
  COMMAND ${QEMU} -M mps2-an386 -nographic -semihosting-config enable=on,target=native
          -kernel ${ELF} -accel tcg
  TIMEOUT ${timeout}
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  RESULT_VARIABLE rc)
message("${out}${err}")
string(FIND "${out}" "${EXPECT}" found)
if(found EQUAL -1)
  message(FATAL_ERROR "build id '${EXPECT}' not printed")
endif()
if(out MATCHES "stack high-water ([0-9]+) B of ([0-9]+) B")
  if(NOT CMAKE_MATCH_1 LESS CMAKE_MATCH_2)
    message(FATAL_ERROR "the stack overflowed its ${CMAKE_MATCH_2} B")
  endif()
endif()
if(EXPECT_RUNNING)
  if(NOT rc MATCHES "timeout|Process terminated")
    message(FATAL_ERROR "the shipped image stopped (${rc}); it must run its main loop")
  endif()
elseif(NOT rc EQUAL 0)
  message(FATAL_ERROR "self-check image exited with '${rc}'")
endif()
