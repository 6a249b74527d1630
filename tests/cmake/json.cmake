# SPDX-License-Identifier: Apache-2.0
# JSON: conformance tool and corpus test, fuzz target and its corpus replay.
#
# This file is both a fragment included by tests/CMakeLists.txt and, run as
#   cmake -DJSONCHECK=<tool> -DCORPUS=<dir> -P json.cmake
# the corpus check: every file in CORPUS/accept must be accepted and every
# file in CORPUS/reject rejected, or the test fails with the score.

if(CMAKE_SCRIPT_MODE_FILE)
  file(GLOB accept_files ${CORPUS}/accept/*)
  file(GLOB reject_files ${CORPUS}/reject/*)
  list(LENGTH accept_files n_accept)
  list(LENGTH reject_files n_reject)
  math(EXPR total "${n_accept} + ${n_reject}")
  if(total EQUAL 0)
    message(FATAL_ERROR "no corpus files under ${CORPUS}")
  endif()
  execute_process(COMMAND ${JSONCHECK} ${accept_files} ${reject_files}
    OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "jsoncheck failed (exit ${rc})")
  endif()
  set(good 0)
  set(wrong "")
  foreach(f ${accept_files})
    string(FIND "${out}" "ACCEPT ${f}\n" at)
    if(at EQUAL -1)
      list(APPEND wrong "should accept: ${f}")
    else()
      math(EXPR good "${good} + 1")
    endif()
  endforeach()
  foreach(f ${reject_files})
    string(FIND "${out}" "REJECT ${f}: " at)
    if(at EQUAL -1)
      list(APPEND wrong "should reject: ${f}")
    else()
      math(EXPR good "${good} + 1")
    endif()
  endforeach()
  message(STATUS "json corpus: ${good}/${total} (${n_accept} accept, ${n_reject} reject)")
  if(wrong)
    string(REPLACE ";" "\n  " wrong "${wrong}")
    message(FATAL_ERROR "json corpus below 100%:\n  ${wrong}")
  endif()
  return()
endif()

# The conformance corpus lives beside the repository (../shared/corpora, as
# in CI); a clone on its own skips the corpus test with the reason.
set(PROVKIT_JSON_CORPUS ${PROJECT_SOURCE_DIR}/../shared/corpora/json)

add_executable(jsoncheck ${CMAKE_CURRENT_LIST_DIR}/../tools/jsoncheck.c)
target_link_libraries(jsoncheck PRIVATE provkit)
target_compile_options(jsoncheck PRIVATE ${PROVKIT_WARNINGS})
set_target_properties(jsoncheck PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)

if(IS_DIRECTORY ${PROVKIT_JSON_CORPUS}/accept AND IS_DIRECTORY ${PROVKIT_JSON_CORPUS}/reject)
  add_test(NAME json.corpus
    COMMAND ${CMAKE_COMMAND} -DJSONCHECK=$<TARGET_FILE:jsoncheck> -DCORPUS=${PROVKIT_JSON_CORPUS}
            -P ${CMAKE_CURRENT_LIST_FILE})
  set_tests_properties(json.corpus PROPERTIES TIMEOUT 120)
else()
  provkit_skip_test(json.corpus "${PROVKIT_JSON_CORPUS} not found (the shared conformance corpora sit beside the repository in CI)")
endif()

# The fuzz entry point as a plain program over the corpus (both folders:
# rejected texts exercise the error paths), under this build's sanitizers.
add_executable(fuzz_json_replay ${CMAKE_CURRENT_LIST_DIR}/../fuzz/fuzz_json.c
                                ${CMAKE_CURRENT_LIST_DIR}/../fuzz/replay_main.c)
target_link_libraries(fuzz_json_replay PRIVATE provkit)
target_compile_options(fuzz_json_replay PRIVATE ${PROVKIT_TEST_WARNINGS})
set_target_properties(fuzz_json_replay PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
# The committed seeds always; the shared corpus too when it is there.
file(GLOB PROVKIT_JSON_SEEDS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/json/*)
file(GLOB PROVKIT_JSON_SHARED_SEEDS ${PROVKIT_JSON_CORPUS}/accept/* ${PROVKIT_JSON_CORPUS}/reject/*)
list(APPEND PROVKIT_JSON_SEEDS ${PROVKIT_JSON_SHARED_SEEDS})
add_test(NAME json.fuzz_replay COMMAND fuzz_json_replay ${PROVKIT_JSON_SEEDS})
set_tests_properties(json.fuzz_replay PROPERTIES TIMEOUT 120)

if(PROVKIT_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "PROVKIT_FUZZ needs clang (libFuzzer)")
  endif()
  # The sources under test are compiled into the target (not linked from
  # libprovkit) so libFuzzer's coverage instrumentation sees the parser.
  set(PROVKIT_JSON_FUZZ_SDK ${PROJECT_SOURCE_DIR}/sdk/src/json_reader.c
      ${PROJECT_SOURCE_DIR}/sdk/src/json_writer.c ${PROJECT_SOURCE_DIR}/sdk/src/writer.c
      ${PROJECT_SOURCE_DIR}/sdk/src/errors.c ${PROJECT_SOURCE_DIR}/sdk/src/text.c)
  add_executable(fuzz_json ${CMAKE_CURRENT_LIST_DIR}/../fuzz/fuzz_json.c ${PROVKIT_JSON_FUZZ_SDK})
  target_include_directories(fuzz_json PRIVATE ${PROJECT_SOURCE_DIR}/sdk/include ${JSMN_INCLUDE_DIR})
  # ASan and UBSan, any report fatal (not recovered).
  target_compile_options(fuzz_json PRIVATE -fsanitize=fuzzer,address,undefined
    -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(fuzz_json PRIVATE -fsanitize=fuzzer,address,undefined
    -fno-sanitize-recover=all)
  set_target_properties(fuzz_json PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
endif()

# The writer's hostile SMS Partner body must read back exactly in a JSON
# parser that is not ours.
find_program(PROVKIT_PYTHON3 python3)
if(PROVKIT_PYTHON3 AND TARGET test_json_writer)
  set(PROVKIT_JSON_READBACK [=[
import json, subprocess, sys
out = subprocess.run([sys.argv[1], "--emit"], check=True, stdout=subprocess.PIPE).stdout
body, hexes = out.split(b"\n")[:2]
d = json.loads(body.decode("utf-8"))
p = d["parameters"]
assert list(d) == ["apiKey", "type", "parameters"], d
assert list(p) == ["email", "creditToAttribute", "isBuyer", "firstname", "lastname"], p
assert type(p["creditToAttribute"]) is int and type(p["isBuyer"]) is int, p
got = [d["apiKey"], d["type"], p["email"], str(p["creditToAttribute"]), str(p["isBuyer"]),
       p["firstname"], p["lastname"]]
want = [bytes.fromhex(h.decode("ascii")).decode("utf-8") for h in hexes.split()]
assert got == want, (got, want)
print("json.loads read back all", len(got), "values")
]=])
  add_test(NAME json.python_readback
    COMMAND ${PROVKIT_PYTHON3} -c ${PROVKIT_JSON_READBACK} $<TARGET_FILE:test_json_writer>)
endif()
