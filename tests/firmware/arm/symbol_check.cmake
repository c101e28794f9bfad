# Fails if the image links a heap, operator new/delete or the C++ exception
# runtime: the firmware is embedded code (architecture.md).
execute_process(COMMAND ${NM} ${ELF} OUTPUT_VARIABLE syms RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${ELF}")
endif()
foreach(sym malloc free _malloc_r _Znwj _Znaj _ZdlPv _ZdaPv __cxa_throw __cxa_allocate_exception
            __gxx_personality_v0 __cxa_begin_catch _Unwind_Resume)
  if(syms MATCHES "[ \t]${sym}\n")
    message(FATAL_ERROR "forbidden symbol in ${ELF}: ${sym}")
  endif()
endforeach()
message("no heap, operator new or exception runtime in ${ELF}")
