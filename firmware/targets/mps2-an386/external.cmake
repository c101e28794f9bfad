# Builds the Cortex-M4 image through a nested CMake run with the
# arm-none-eabi toolchain, so the host and target compilers never mix.
# Included from firmware/CMakeLists.txt when LOCKRIG_ARM is ON; without the
# cross compiler the ARM part is skipped and the host build goes on.
include(ExternalProject)

find_program(LOCKFW_ARM_GCC arm-none-eabi-gcc)
find_program(LOCKFW_ARM_GXX arm-none-eabi-g++)
if(NOT EXISTS "${LOCKFW_ARM_GCC}" OR NOT EXISTS "${LOCKFW_ARM_GXX}")
  message(STATUS "lockfw: arm-none-eabi-gcc/g++ not found: the Cortex-M image and its "
                 "QEMU tests are skipped (install gcc-arm-none-eabi, or -DLOCKRIG_ARM=OFF)")
  return()
endif()

# The ARM GoogleTest build needs the sources (Debian: libgtest-dev); without
# them the image is still built and checked.
set(LOCKFW_GTEST_SOURCE_DIR /usr/src/googletest/googletest CACHE PATH
    "GoogleTest sources, cross-compiled for the ARM test ELF")
if(EXISTS ${LOCKFW_GTEST_SOURCE_DIR}/src/gtest-all.cc)
  set(LOCKFW_ARM_TESTS ON)
else()
  set(LOCKFW_ARM_TESTS OFF)
  message(STATUS "lockfw: no GoogleTest sources in ${LOCKFW_GTEST_SOURCE_DIR}: "
                 "the firmware tests are not built for ARM")
endif()

set(_lockfw_python "")
if(Python3_EXECUTABLE)
  set(_lockfw_python ${Python3_EXECUTABLE})
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
    -DLOCKFW_ARM_TESTS=${LOCKFW_ARM_TESTS}
    -DLOCKFW_GTEST_SOURCE_DIR=${LOCKFW_GTEST_SOURCE_DIR}
    -DLOCKFW_PYTHON=${_lockfw_python}
  # One job: the build machine is shared. Always run, so that core changes
  # rebuild the image and its size is printed on every build; GoogleTest is
  # a library of the nested build, so it is compiled once and then only
  # checked up to date.
  BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> -j1
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS
    ${LOCKFW_ARM_BINARY_DIR}/lockfw.elf
    ${LOCKFW_ARM_BINARY_DIR}/lockfw-selfcheck.elf
    ${LOCKFW_ARM_BINARY_DIR}/tests/lockfw_arm_tests.elf)

# For the tests (another directory scope): the images and the id they print.
set(LOCKFW_ARM_BUILD_ID "lockfw ${LOCKFW_VERSION} ${LOCKFW_GIT_HASH}" CACHE INTERNAL "")
set(LOCKFW_ARM_ELF ${LOCKFW_ARM_BINARY_DIR}/lockfw.elf CACHE INTERNAL "")
set(LOCKFW_ARM_SELFCHECK_ELF ${LOCKFW_ARM_BINARY_DIR}/lockfw-selfcheck.elf CACHE INTERNAL "")
if(LOCKFW_ARM_TESTS)
  set(LOCKFW_ARM_TEST_ELF ${LOCKFW_ARM_BINARY_DIR}/tests/lockfw_arm_tests.elf CACHE INTERNAL "")
else()
  set(LOCKFW_ARM_TEST_ELF "" CACHE INTERNAL "")
endif()
