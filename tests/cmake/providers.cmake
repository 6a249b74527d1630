# SPDX-License-Identifier: Apache-2.0
# Provider answer decoders (Oempro, Plesk, SMS Partner): the fuzz entry point
# replayed over its seed answers as a plain program (under this build's
# sanitizers), and the libFuzzer target itself when PROVKIT_FUZZ is on.
#
# A corpus file's first byte picks the HTTP status ('0' = 200, '4' = 400,
# '7' = 500, ...; see k_statuses in fuzz_providers.c), the rest is the body.
set(PROVKIT_PROVIDERS_CORPUS ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/providers)

add_executable(fuzz_providers_replay ${CMAKE_CURRENT_LIST_DIR}/../fuzz/fuzz_providers.c
                                     ${CMAKE_CURRENT_LIST_DIR}/../fuzz/replay_main.c)
target_link_libraries(fuzz_providers_replay PRIVATE provkit)
target_compile_options(fuzz_providers_replay PRIVATE ${PROVKIT_TEST_WARNINGS})
set_target_properties(fuzz_providers_replay PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
file(GLOB PROVKIT_PROVIDERS_SEEDS CONFIGURE_DEPENDS ${PROVKIT_PROVIDERS_CORPUS}/*)
list(LENGTH PROVKIT_PROVIDERS_SEEDS PROVKIT_PROVIDERS_NSEEDS)
if(PROVKIT_PROVIDERS_NSEEDS EQUAL 0)
  # An empty corpus must fail loudly, not pass with nothing replayed.
  message(WARNING "no provider answers under ${PROVKIT_PROVIDERS_CORPUS}")
  add_test(NAME providers.fuzz_replay COMMAND ${CMAKE_COMMAND} -E false)
else()
  add_test(NAME providers.fuzz_replay COMMAND fuzz_providers_replay ${PROVKIT_PROVIDERS_SEEDS})
  # Exit status: an invariant broken aborts, an unreadable file exits 2.
  set_tests_properties(providers.fuzz_replay PROPERTIES TIMEOUT 120)
endif()

if(PROVKIT_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "PROVKIT_FUZZ needs clang (libFuzzer)")
  endif()
  # The whole SDK is compiled into the target (not linked from libprovkit) so
  # libFuzzer's coverage instrumentation and the sanitizers see every line the
  # decoders reach: they call errors.c and json_writer.c, and the provider
  # files also reference the call path (provider_call.c, client.c, http_*.c,
  # url.c). No library is linked, so no uninstrumented copy can stand in.
  file(GLOB PROVKIT_PROVIDERS_FUZZ_SDK CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/sdk/src/*.c)
  add_executable(fuzz_providers ${CMAKE_CURRENT_LIST_DIR}/../fuzz/fuzz_providers.c
                                ${PROVKIT_PROVIDERS_FUZZ_SDK})
  target_include_directories(fuzz_providers PRIVATE ${PROJECT_SOURCE_DIR}/sdk/include
                             ${JSMN_INCLUDE_DIR})
  # ASan and UBSan, any report fatal (not recovered).
  target_compile_options(fuzz_providers PRIVATE ${PROVKIT_TEST_WARNINGS}
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(fuzz_providers PRIVATE -fsanitize=fuzzer,address,undefined
    -fno-sanitize-recover=all)
  set_target_properties(fuzz_providers PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
endif()
