# SPDX-License-Identifier: Apache-2.0
# Sourced by tests/run.sh and examples/demo.sh: install the Debian packages
# provkit needs, only those missing, non-interactively.
PROVKIT_DEBS="cmake make gcc clang binutils libc6-dev libmbedtls-dev libjsmn-dev libcmocka-dev python3 openssl nginx dpkg-dev gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm liblwip-dev gcc-xtensa-lx106 picolibc-xtensa-lx106-elf python3-kconfiglib python3-pykwalify python3-ruamel.yaml python3-yaml pkg-config doxygen gcc-mips-linux-gnu libc6-dev-mips-cross qemu-user"

# dpkg-dev: dpkg-source, with which tests/deps-mbedtls3.sh unpacks Debian's
# mbedTLS 3.6 source package (fetched at test time, built in the build tree).
# gcc-arm-none-eabi, libnewlib-arm-none-eabi: the Cortex-M builds and figures
# (tests/bench/footprint.sh, cross.arm_builds, the firmware image);
# qemu-system-arm runs the firmware image (firmware.qemu); liblwip-dev is the
# lwIP the lwIP port is tested with (integration.lwip).

# tests/cross.sh: cross compilers with their own libc sysroot (/usr/<triplet>)
# and qemu-user (called by name; without qemu-user-binfmt, nothing registered).
PROVKIT_CROSS_DEBS="gcc-s390x-linux-gnu libc6-dev-s390x-cross gcc-arm-linux-gnueabihf libc6-dev-armhf-cross qemu-user"

# tests/bench/cpu.sh only (not tests/run.sh): valgrind, and the libraries of
# the clients provkit is measured against (libcurl, xmlrpc-c's client, cJSON).
PROVKIT_BENCH_DEBS="valgrind libcurl4-openssl-dev libxmlrpc-core-c3-dev libcjson-dev"

# provkit_install_deps [PACKAGE...]: the given packages, or PROVKIT_DEBS.
provkit_install_deps() {
  missing=""
  for p in ${*:-$PROVKIT_DEBS}; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  echo "installing:$missing"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
}
