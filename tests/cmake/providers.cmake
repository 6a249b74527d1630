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
  # The decoders and the codecs under them are compiled into the target (not
  # linked from libprovkit) so libFuzzer's coverage instrumentation sees them.
  set(PROVKIT_PROVIDERS_FUZZ_SDK
      ${PROJECT_SOURCE_DIR}/sdk/src/oempro.c ${PROJECT_SOURCE_DIR}/sdk/src/plesk.c
      ${PROJECT_SOURCE_DIR}/sdk/src/smspartner.c ${PROJECT_SOURCE_DIR}/sdk/src/provider.c
      ${PROJECT_SOURCE_DIR}/sdk/src/xml.c ${PROJECT_SOURCE_DIR}/sdk/src/xmlrpc.c
      ${PROJECT_SOURCE_DIR}/sdk/src/json_reader.c ${PROJECT_SOURCE_DIR}/sdk/src/writer.c)
  add_executable(fuzz_providers ${CMAKE_CURRENT_LIST_DIR}/../fuzz/fuzz_providers.c
                                ${PROVKIT_PROVIDERS_FUZZ_SDK})
  # libprovkit (uninstrumented) supplies the rest: client, HTTP, errors, ...
  # The sources above come first on the link line, so their instrumented
  # copies are the ones used.
  target_link_libraries(fuzz_providers PRIVATE provkit)
  target_compile_options(fuzz_providers PRIVATE ${PROVKIT_TEST_WARNINGS}
    -fsanitize=fuzzer,address,undefined)
  target_link_options(fuzz_providers PRIVATE -fsanitize=fuzzer,address,undefined)
  set_target_properties(fuzz_providers PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
endif()
