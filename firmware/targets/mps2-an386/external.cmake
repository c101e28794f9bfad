# Builds the Cortex-M4 image through a nested CMake run with the
# arm-none-eabi toolchain, so the host and target compilers never mix.
# Included from firmware/CMakeLists.txt when LOCKRIG_ARM is ON.
include(ExternalProject)

find_program(LOCKFW_ARM_GCC arm-none-eabi-gcc)
if(NOT LOCKFW_ARM_GCC)
  message(WARNING "arm-none-eabi-gcc not found: the Cortex-M image is not built")
  return()
endif()

set(LOCKFW_ARM_BINARY_DIR ${CMAKE_BINARY_DIR}/firmware/mps2-an386)
ExternalProject_Add(lockfw_arm
  SOURCE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/targets/mps2-an386
  BINARY_DIR ${LOCKFW_ARM_BINARY_DIR}
  CMAKE_GENERATOR Ninja
  CMAKE_ARGS
    -DCMAKE_TOOLCHAIN_FILE=${LOCKRIG_ROOT}/cmake/arm-none-eabi.cmake
    -DCMAKE_BUILD_TYPE=MinSizeRel
    -DLOCKRIG_ROOT=${LOCKRIG_ROOT}
    -DLOCKFW_VERSION=${LOCKFW_VERSION}
    -DLOCKFW_GIT_HASH=${LOCKFW_GIT_HASH}
  # One job: the build machine is shared. Always run, so that core changes
  # rebuild the image and its size is printed on every build.
  BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> -j1
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS ${LOCKFW_ARM_BINARY_DIR}/lockfw.elf ${LOCKFW_ARM_BINARY_DIR}/lockfw-selfcheck.elf)

set(LOCKFW_ARM_ELF ${LOCKFW_ARM_BINARY_DIR}/lockfw.elf CACHE INTERNAL "")
set(LOCKFW_ARM_SELFCHECK_ELF ${LOCKFW_ARM_BINARY_DIR}/lockfw-selfcheck.elf CACHE INTERNAL "")
