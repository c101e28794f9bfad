# Boots a firmware image under qemu-system-arm (mps2-an386) and checks its
# UART output for EXPECT. Without EXPECT_RUNNING the image must exit 0
# (semihosting) by itself; with it, it must still run after 5 s.
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
if(EXPECT_RUNNING)
  if(NOT rc MATCHES "timeout|Process terminated")
    message(FATAL_ERROR "the shipped image stopped (${rc}); it must run its main loop")
  endif()
elseif(NOT rc EQUAL 0)
  message(FATAL_ERROR "self-check image exited with '${rc}'")
endif()
