# Runs the firmware unit tests built for the Cortex-M4 under
#   qemu-system-arm -M mps2-an386 -semihosting-config enable=on,target=native
# and fails unless the ELF exits 0 (semihosting exit status) and at least
# MIN_TESTS cases ran. Prints the cases run and passed, per suite and in
# total, with the wall time, so the CTest log says what ran on the target.
# Run with -DQEMU=<qemu-system-arm> -DELF=<test ELF> -DMIN_TESTS=<n>.
string(TIMESTAMP start "%s")
execute_process(
  COMMAND ${QEMU} -M mps2-an386 -nographic -monitor none -serial none
          -semihosting-config enable=on,target=native -kernel ${ELF} -accel tcg
  TIMEOUT 580
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  RESULT_VARIABLE rc)
string(TIMESTAMP end "%s")
math(EXPR seconds "${end} - ${start}")

# The whole GoogleTest log only when something went wrong; else the summary.
string(REGEX MATCH "lockfw arm tests: suites:[^\n]*" suites "${out}")
string(REGEX MATCH "lockfw arm tests: ([0-9]+) run, ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped"
       summary "${out}")
if(NOT rc EQUAL 0 OR summary STREQUAL "")
  message("${out}${err}")
endif()
if(summary STREQUAL "")
  message(FATAL_ERROR "ARM unit tests under QEMU: no summary line (exit '${rc}' after ${seconds} s)")
endif()
set(run ${CMAKE_MATCH_1})
set(passed ${CMAKE_MATCH_2})
set(failed ${CMAKE_MATCH_3})
set(skipped ${CMAKE_MATCH_4})
message("${suites}")
message("ARM Cortex-M4 under QEMU mps2-an386: ${run} test cases run, ${passed} passed, "
        "${failed} failed, ${skipped} skipped, in ${seconds} s wall time")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ARM unit tests under QEMU exited with '${rc}'")
endif()
if(run LESS MIN_TESTS)
  message(FATAL_ERROR "only ${run} test cases ran on ARM; at least ${MIN_TESTS} are required")
endif()
