# SPDX-License-Identifier: Apache-2.0
# XML scanner and XML-RPC codec: conformance corpus, fuzz targets, replay.

# xmlcheck FILE...: ACCEPT/REJECT per file (the conformance harness).
add_executable(xmlcheck ${PROJECT_SOURCE_DIR}/tests/tools/xmlcheck.c)
target_link_libraries(xmlcheck PRIVATE provkit)
target_compile_options(xmlcheck PRIVATE ${PROVKIT_TEST_WARNINGS})
set_target_properties(xmlcheck PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)

# The W3C subset lives in shared/ beside the repository (see its README):
# every well-formed file must be accepted and every not-wf file rejected.
set(PROVKIT_XMLCONF ${PROJECT_SOURCE_DIR}/../shared/corpora/xmlconf)
file(GLOB PROVKIT_XMLCONF_WF ${PROVKIT_XMLCONF}/well-formed/*.xml)
file(GLOB PROVKIT_XMLCONF_NOTWF ${PROVKIT_XMLCONF}/not-wf/*.xml)
if(PROVKIT_XMLCONF_WF AND PROVKIT_XMLCONF_NOTWF)
  add_test(NAME xml.conformance.well_formed COMMAND xmlcheck ${PROVKIT_XMLCONF_WF})
  set_tests_properties(xml.conformance.well_formed PROPERTIES
    FAIL_REGULAR_EXPRESSION "(^|\n)REJECT " TIMEOUT 120)
  add_test(NAME xml.conformance.not_wf COMMAND xmlcheck ${PROVKIT_XMLCONF_NOTWF})
  set_tests_properties(xml.conformance.not_wf PROPERTIES
    FAIL_REGULAR_EXPRESSION "(^|\n)ACCEPT " TIMEOUT 120)
else()
  # A clone on its own: skipped, with the reason, never passed unchecked.
  foreach(t well_formed not_wf)
    provkit_skip_test(xml.conformance.${t} "${PROVKIT_XMLCONF} not found (the shared conformance corpora sit beside the repository in CI)")
  endforeach()
endif()

# Fuzz targets: the entry points replayed over the corpus as plain programs
# under this build's sanitizers, and the libFuzzer targets when PROVKIT_FUZZ
# (clang). The committed vectors, provider answers and regression seeds
# (tests/fuzz/corpus/xml, tests/fuzz/corpus/xmlrpc) always; xmlconf when present.
file(GLOB PROVKIT_SEED_DOCS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/vectors/*.txt
     ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/providers/*
     ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/xml/*
     ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/xmlrpc/*)
if(PROVKIT_FUZZ AND NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "PROVKIT_FUZZ needs clang (libFuzzer)")
endif()
foreach(target xml xmlrpc)
  set(src ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_${target}.c)
  if(PROVKIT_FUZZ)
    # The codec sources (and the writer that xmlrpc.c references) are
    # compiled into the target itself so libFuzzer's coverage instrumentation
    # and the sanitizers see them; no library is linked, so no uninstrumented
    # copy can stand in. ASan and UBSan, any report fatal (not recovered).
    add_executable(fuzz_${target} ${src} ${PROJECT_SOURCE_DIR}/sdk/src/xml.c
      ${PROJECT_SOURCE_DIR}/sdk/src/xmlrpc.c ${PROJECT_SOURCE_DIR}/sdk/src/writer.c
      ${PROJECT_SOURCE_DIR}/sdk/src/text.c)
    target_include_directories(fuzz_${target} PRIVATE ${PROJECT_SOURCE_DIR}/sdk/include)
    target_compile_options(fuzz_${target} PRIVATE ${PROVKIT_TEST_WARNINGS}
      -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer,address,undefined
      -fno-sanitize-recover=all)
    set_target_properties(fuzz_${target} PROPERTIES
      RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
  endif()
  add_executable(replay_${target} ${src} ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.c)
  target_compile_options(replay_${target} PRIVATE ${PROVKIT_TEST_WARNINGS})
  target_link_libraries(replay_${target} PRIVATE provkit)
  add_test(NAME xml.replay.${target} COMMAND replay_${target}
    ${PROVKIT_XMLCONF_WF} ${PROVKIT_XMLCONF_NOTWF} ${PROVKIT_SEED_DOCS})
  set_tests_properties(xml.replay.${target} PROPERTIES TIMEOUT 120)
endforeach()

# Interoperability: Python's xmlrpc.client reads the seed request that
# unit.test_xmlrpc writes, with every field intact.
find_program(PROVKIT_PYTHON3 python3)
if(PROVKIT_PYTHON3)
  add_test(NAME xml.xmlrpc.python_loads COMMAND ${PROVKIT_PYTHON3} -c
    "import sys, xmlrpc.client as x; p, m = x.loads(open(sys.argv[1], 'rb').read()); assert m == 'partner10.createClient', m; assert p[0] == {'login': 'API_LOGIN'}, p; assert p[1]['company'] == 'Example, Inc.' and p[1]['zip'] == '20171' and len(p[1]) == 13, p; print('loads ok')"
    ${PROJECT_BINARY_DIR}/tests/xmlrpc_seed_call.xml)
  set_tests_properties(xml.xmlrpc.python_loads PROPERTIES DEPENDS unit.test_xmlrpc
    PASS_REGULAR_EXPRESSION "loads ok" TIMEOUT 60)
endif()
