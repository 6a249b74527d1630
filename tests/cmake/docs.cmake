# SPDX-License-Identifier: Apache-2.0
# docs.doxygen: the reference from the public headers (sdk/Doxyfile.in:
# WARN_IF_UNDOCUMENTED, every warning an error) with Debian's doxygen; the
# HTML lands in build/doc/html. Skipped, saying why, without doxygen.
find_program(PROVKIT_DOXYGEN doxygen)
if(PROVKIT_DOXYGEN)
  configure_file(${PROJECT_SOURCE_DIR}/sdk/Doxyfile.in ${PROJECT_BINARY_DIR}/Doxyfile @ONLY)
  add_test(NAME docs.doxygen
    COMMAND sh -c "\"$0\" \"$1\" 2>\"$2\"; rc=$?; cat \"$2\"; echo \"doxygen: $(wc -l <\"$2\") warnings\"; exit $rc"
            ${PROVKIT_DOXYGEN} ${PROJECT_BINARY_DIR}/Doxyfile ${PROJECT_BINARY_DIR}/doxygen-warnings.txt)
  set_tests_properties(docs.doxygen PROPERTIES TIMEOUT 120)
else()
  provkit_skip_test(docs.doxygen "doxygen is not installed (Debian: doxygen)")
endif()
