# SPDX-License-Identifier: Apache-2.0
# HTTP response reader: its fuzz entry point replayed over the seed corpus
# as a plain program (under this build's sanitizers), and the libFuzzer
# target itself when PROVKIT_FUZZ is on.
set(PROVKIT_HTTP_CORPUS ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/http)

add_executable(fuzz_http_replay ${CMAKE_CURRENT_LIST_DIR}/../fuzz/fuzz_http.c
                                ${CMAKE_CURRENT_LIST_DIR}/../fuzz/replay_main.c)
target_link_libraries(fuzz_http_replay PRIVATE provkit)
target_compile_options(fuzz_http_replay PRIVATE ${PROVKIT_TEST_WARNINGS})
set_target_properties(fuzz_http_replay PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
file(GLOB PROVKIT_HTTP_SEEDS CONFIGURE_DEPENDS ${PROVKIT_HTTP_CORPUS}/*)
add_test(NAME http.fuzz_replay COMMAND fuzz_http_replay ${PROVKIT_HTTP_SEEDS})
set_tests_properties(http.fuzz_replay PROPERTIES TIMEOUT 120)

if(PROVKIT_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "PROVKIT_FUZZ needs clang (libFuzzer)")
  endif()
  # The reader is compiled into the target so libFuzzer's coverage
  # instrumentation sees it; no library is linked, so no uninstrumented copy
  # can stand in for it. ASan and UBSan, any report fatal (not recovered).
  add_executable(fuzz_http ${CMAKE_CURRENT_LIST_DIR}/../fuzz/fuzz_http.c
                           ${PROJECT_SOURCE_DIR}/sdk/src/http_response.c)
  target_include_directories(fuzz_http PRIVATE ${PROJECT_SOURCE_DIR}/sdk/include)
  target_compile_options(fuzz_http PRIVATE -fsanitize=fuzzer,address,undefined
    -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(fuzz_http PRIVATE -fsanitize=fuzzer,address,undefined
    -fno-sanitize-recover=all)
  set_target_properties(fuzz_http PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
endif()
