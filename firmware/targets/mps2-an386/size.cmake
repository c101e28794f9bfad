# Prints arm-none-eabi-size for the image and its flash (text + data) and
# RAM (data + bss) use. Run with -DSIZE=<size tool> -DELF=<image>.
execute_process(COMMAND ${SIZE} ${ELF} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SIZE} failed on ${ELF}")
endif()
message("${out}")
string(REGEX MATCH "\n[ \t]*([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)" _ "${out}")
math(EXPR flash "${CMAKE_MATCH_1} + ${CMAKE_MATCH_2}")
math(EXPR ram "${CMAKE_MATCH_2} + ${CMAKE_MATCH_3}")
message("lockfw.elf: flash ${flash} bytes (text+data), RAM ${ram} bytes (data+bss, including the 8 KiB stack and 1 KiB emulated NVM)")
