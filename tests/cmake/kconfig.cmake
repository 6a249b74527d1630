# SPDX-License-Identifier: Apache-2.0
# config.kconfig: Kconfig drives the build (tests/tools/check_kconfig_builds.sh):
# each provider alone and every provider without the TLS port, from
# defconfigs in tests/config/defconfigs, built and tested; a refused value
# fails the configure step; no kconfiglib, the defaults. The all-providers
# configuration is this build itself (Kconfig's defaults).
if(PROVKIT_KCONFIG_PYTHON)
  add_test(NAME config.kconfig
    COMMAND sh ${PROJECT_SOURCE_DIR}/tests/tools/check_kconfig_builds.sh
            ${PROJECT_BINARY_DIR}/tests/kconfig-builds)
  set_tests_properties(config.kconfig PROPERTIES TIMEOUT 600)
else()
  provkit_skip_test(config.kconfig "no Python with kconfiglib (Debian: python3-kconfiglib)")
endif()
