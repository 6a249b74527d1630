# SPDX-License-Identifier: Apache-2.0
# tests/bench/footprint: sizeof of every struct a caller allocates (README).
add_executable(footprint ${PROJECT_SOURCE_DIR}/tests/bench/footprint.c)
target_link_libraries(footprint PRIVATE provkit provkit_posix provkit_mbedtls)
target_compile_options(footprint PRIVATE ${PROVKIT_TEST_WARNINGS})
set_target_properties(footprint PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)

# tests/bench/decode_bench: the decoders in a loop, for callgrind (valgrind.sh).
add_executable(decode_bench ${PROJECT_SOURCE_DIR}/tests/bench/decode_bench.c)
target_link_libraries(decode_bench PRIVATE provkit)
target_compile_options(decode_bench PRIVATE ${PROVKIT_TEST_WARNINGS})
set_target_properties(decode_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
