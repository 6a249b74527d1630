# tests/bench/footprint: sizeof of every struct a caller allocates (README).
add_executable(footprint ${PROJECT_SOURCE_DIR}/tests/bench/footprint.c)
target_link_libraries(footprint PRIVATE provkit provkit_posix provkit_mbedtls)
target_compile_options(footprint PRIVATE ${PROVKIT_TEST_WARNINGS})
set_target_properties(footprint PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
