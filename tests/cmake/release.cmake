# SPDX-License-Identifier: Apache-2.0
# What a packager checks: the license of every source file (core.spdx) and
# one version everywhere (core.version).
add_test(NAME core.spdx COMMAND sh ${PROJECT_SOURCE_DIR}/tests/tools/check_spdx.sh ${PROJECT_SOURCE_DIR})
if(PROVKIT_BUILD_EXAMPLES)
  add_test(NAME core.version
    COMMAND sh ${PROJECT_SOURCE_DIR}/tests/tools/check_version.sh ${PROJECT_SOURCE_DIR}
            ${PROJECT_VERSION} $<TARGET_FILE:example_provkit>
            $<$<BOOL:${PROVKIT_INSTALL}>:${PROJECT_BINARY_DIR}>)
endif()
