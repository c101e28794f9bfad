# Prints the image's flash and RAM use in one line and fails the build over
# budget (issue 4: <= 32 KiB flash, <= 4 KiB RAM for core, store, drivers).
#   flash = vectors + code + constants + .data initialisers + the NVM
#           emulation's reserved pages (they live in the same 32 KiB part)
#   RAM   = .data + .bss + the reserved stack
# Run with -DSIZE=<arm-none-eabi-size> -DELF=<image> [-DNAME=<label>]
#          -DFLASH_BUDGET=<bytes> -DRAM_BUDGET=<bytes>.
execute_process(COMMAND ${SIZE} -A ${ELF} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SIZE} failed on ${ELF}")
endif()
if(NOT NAME)
  get_filename_component(NAME ${ELF} NAME_WE)
endif()

function(section_bytes section var)
  if(out MATCHES "\n\\${section}[ \t]+([0-9]+)")
    set(${var} ${CMAKE_MATCH_1} PARENT_SCOPE)
  else()
    set(${var} 0 PARENT_SCOPE)
  endif()
endfunction()
section_bytes(.isr_vector vectors)
section_bytes(.text text)
section_bytes(.ARM.exidx exidx)
section_bytes(.data data)
section_bytes(.bss bss)
section_bytes(.stack stack)
section_bytes(.nvm nvm)

math(EXPR code "${vectors} + ${text} + ${exidx} + ${data}")
math(EXPR flash "${code} + ${nvm}")
math(EXPR ram_static "${data} + ${bss}")
math(EXPR ram "${ram_static} + ${stack}")
message("${NAME} mps2-an386: flash ${flash} B / ${FLASH_BUDGET} B (code+data ${code} B, "
        "NVM emulation ${nvm} B), RAM ${ram} B / ${RAM_BUDGET} B (data+bss ${ram_static} B, "
        "stack ${stack} B)")
if(flash GREATER FLASH_BUDGET OR ram GREATER RAM_BUDGET)
  message(FATAL_ERROR "${NAME}: over budget (flash ${flash}/${FLASH_BUDGET} B, RAM ${ram}/${RAM_BUDGET} B)")
endif()
