#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Other CPUs at run time: build the SDK, its ports, the unit tests and the CLI
# for a big-endian 64-bit CPU (s390x) and a 32-bit CPU (armhf) with Debian's
# cross compilers, and run the whole ctest suite of each build under
# qemu-user: unit tests, end-to-end TLS, fuzz replays, corpora, and the CLI
# integration suite (the target CLI under qemu against the simulator, which
# runs as native Python on the host). Called by tests/run.sh after the
# native run passes.
#   tests/cross.sh [BUILD_PREFIX]     # from anywhere; default build-cross
# One build tree per target: BUILD_PREFIX-s390x, BUILD_PREFIX-armhf, each with
# its sysroot/ and its private apt/ state.
# Environment: PROVKIT_CROSS_TARGETS (default "s390x armhf"), JOBS (default 2).
#
# Why these targets: s390x is Debian 12's one big-endian release architecture
# (big-endian MIPS left Debian with buster: gcc-mips-linux-gnu is packaged,
# but no libmbedtls or libcmocka for it); armhf is 32-bit (ILP32: 32-bit
# size_t, long and pointers; 64-bit time_t is not yet its ABI in Debian 12).
#
# Where the target libraries come from, and why: the machine must be left as
# it was found apart from installed packages, so no foreign dpkg architecture
# (dpkg --add-architecture) and no apt source. The compilers, their libc
# (libc6-dev-<arch>-cross, a sysroot under /usr/<triplet>) and qemu-user are
# ordinary amd64 packages (PROVKIT_CROSS_DEBS in tests/deps.sh; qemu-user
# without qemu-user-binfmt, so nothing is registered with binfmt_misc: qemu
# is called by name). The target's libmbedtls, libcmocka and jsmn are
# Debian's own binary packages for that architecture, fetched through a
# private apt configuration under BUILD_PREFIX-<arch>/apt (its own sources
# list, lists, cache and an empty dpkg status; APT_CONFIG points apt at it,
# so neither the machine's apt state nor its apt.conf.d hooks are used) with
# `apt-get download`, which checks every .deb against the signed index, and
# unpacked with dpkg-deb -x into BUILD_PREFIX-<arch>/sysroot. The sources
# are the machine's own Debian entries (origin Debian, same mirror and
# suites) restricted to the target architecture and signed by
# debian-archive-keyring. That is Debian's build of the exact library
# versions the native build uses, downloaded in about a second; rebuilding
# them from source packages would add minutes and test our build of them
# instead. A sysroot already unpacked is reused (delete it to refresh).
#
# What runs: every test of the build except those that never touch the
# target build and are the same as in the native run: cross.arm_builds
# (Cortex-M images by arm-none-eabi-gcc), sim.selftest and sim.scripts (the
# Python simulator alone), bench.* (host and Cortex-M measurements), rtos.*
# (Zephyr and ESP-IDF checks by cross compilers and Python) and firmware.*
# (a Cortex-M image under qemu-system-arm), install.*, config.ports, config.kconfig and
# core.spdx (the host's compiler and the source tree). Each target executable OUT is linked as OUT.elf
# with a script at OUT that runs it under qemu (see the linker launcher
# below), so the tests that hand a binary to a script (integration.cli,
# integration.faults, json.corpus) run unchanged. No sanitizers (qemu-user
# cannot host ASan's shadow memory); -O2 and -Werror, so the target
# compiler's warnings count too.
#
# Timing under emulation (every target instruction is translated; a CLI run
# with its TLS handshake costs about 0.2 s of CPU instead of 0.01 s): ctest
# runs one test at a time (CROSS_CTEST_JOBS, default 1), because the two
# Python drivers already run CLIs in parallel (integration.faults 4 at a
# time) and unit.test_tls, whose handshakes have a 3 s deadline, must not
# share the 2 cores with them; test_cli.py runs JOBS (2) CLIs at a time
# (PROVKIT_TEST_JOBS) instead of 8: its 500 ms deadline in
# test_delay_longer_than_timeout must cover start-up, connect and handshake,
# which 8 emulated CLIs on 2 cores do not reach (and 2 jobs finish sooner).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
prefix=${1:-build-cross}
case $prefix in /*) ;; *) prefix=$top/$prefix ;; esac
targets=${PROVKIT_CROSS_TARGETS:-s390x armhf}
jobs=${JOBS:-2}
ctest_jobs=${CROSS_CTEST_JOBS:-1}
PROVKIT_TEST_JOBS=${PROVKIT_TEST_JOBS:-$jobs}
export PROVKIT_TEST_JOBS

. tests/deps.sh
provkit_install_deps $PROVKIT_CROSS_DEBS

# The target's libraries: these and the packages they depend on directly
# (the shared libraries); libc comes with the cross compiler.
CROSS_LIB_DEBS="libmbedtls-dev libcmocka-dev libjsmn-dev"
# Tests excluded from the cross runs, and why (see above).
CROSS_EXCLUDE='^(cross\.arm_builds|sim\.selftest|sim\.scripts|bench\..*|rtos\..*|firmware\..*|install\..*|config\.ports|config\.kconfig|core\.spdx|docs\..*|openwrt\..*)$'

now() { date +%s; }

# debian_sources ARCH: the machine's Debian entries (origin Debian: its mirror,
# suites and components) as sources.list lines for ARCH only.
debian_sources() {
  apt-get indextargets 'Identifier: Packages' 'Origin: Debian' \
      --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' | sort -u |
    while read -r uri suite comp; do
      echo "deb [arch=$1 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite $comp"
    done
}

# cross_sysroot ARCH SYSROOT APTDIR: unpack the target's libraries.
cross_sysroot() {
  arch=$1 sysroot=$2 apt=$3
  if [ -s "$sysroot/.provkit-debs" ]; then
    echo "cross $arch: reusing $sysroot ($(tr '\n' ' ' <"$sysroot/.provkit-debs"))"
    return 0
  fi
  rm -rf "$apt" "$sysroot"
  mkdir -p "$apt/etc/apt.conf.d" "$apt/etc/preferences.d" "$apt/etc/sources.list.d" \
    "$apt/state" "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs" "$sysroot" &&
    : >"$apt/status" || return 1
  # Dir::Etc stays /etc/apt for the keys and auth.conf only; everything that
  # apt would read or write elsewhere is redirected here.
  cat >"$apt/apt.conf" <<EOF
Dir::Etc::Main "/dev/null";
Dir::Etc::Parts "$apt/etc/apt.conf.d";
Dir::Etc::SourceList "$apt/etc/sources.list";
Dir::Etc::SourceParts "$apt/etc/sources.list.d";
Dir::Etc::Preferences "$apt/etc/preferences";
Dir::Etc::PreferencesParts "$apt/etc/preferences.d";
Dir::State "$apt/state";
Dir::State::Lists "$apt/lists";
Dir::State::status "$apt/status";
Dir::Cache "$apt/cache";
APT::Architecture "$arch";
APT::Architectures { "$arch"; };
Acquire::Languages "none";
Acquire::GzipIndexes "true";
EOF
  # The machine's proxy settings, if any, still apply.
  apt-config dump | grep -E '^Acquire::[A-Za-z]+::Proxy' >>"$apt/apt.conf" || true
  debian_sources "$arch" >"$apt/etc/sources.list"
  if [ ! -s "$apt/etc/sources.list" ]; then
    # The origin is read from the machine's Release files: none yet (lists
    # emptied), so fetch them once, as provkit_install_deps would.
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -q >/dev/null
    debian_sources "$arch" >"$apt/etc/sources.list"
  fi
  if [ ! -s "$apt/etc/sources.list" ]; then
    echo "cross $arch: no Debian source in this machine's apt configuration" >&2
    return 1
  fi
  # apt downloads as _apt when run as root: let it write the download dirs.
  if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
    chown _apt "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
  fi
  # An index that fails (a mirror caught mid-sync) is only a warning here:
  # the download below fails if a package is really missing.
  APT_CONFIG=$apt/apt.conf apt-get update -q >"$apt/update.log" 2>&1 ||
    { echo "cross $arch: warning: apt-get update:"; grep -E '^(E|W):' "$apt/update.log"; } >&2
  debs=$CROSS_LIB_DEBS
  for d in $(APT_CONFIG=$apt/apt.conf apt-cache depends --no-recommends --no-suggests \
               --no-conflicts --no-breaks --no-replaces --no-enhances $CROSS_LIB_DEBS |
             sed -n 's/^ *Depends: //p' | grep -v '^<' | sort -u); do
    case $d in libc6|libc6-dev|libgcc-s1) ;; *) debs="$debs $d" ;; esac
  done
  (cd "$apt/debs" && APT_CONFIG=$apt/apt.conf apt-get download -q $debs) >"$apt/download.log" 2>&1 ||
    { cat "$apt/download.log" >&2; return 1; }
  for f in "$apt"/debs/*.deb; do
    dpkg-deb -x "$f" "$sysroot" || return 1
    dpkg-deb -W --showformat='${Package}=${Version}:${Architecture}\n' "$f" || return 1
  done >"$apt/unpacked"
  mv "$apt/unpacked" "$sysroot/.provkit-debs"
  echo "cross $arch: unpacked $(tr '\n' ' ' <"$sysroot/.provkit-debs")"
}

# cross_target ARCH: sysroot, toolchain file, configure, build, ctest.
# Prints one summary line to $summary.
cross_target() {
  arch=$1
  case $arch in
    s390x) triplet=s390x-linux-gnu qemu=qemu-s390x ;;
    armhf) triplet=arm-linux-gnueabihf qemu=qemu-arm ;;
    *) echo "cross.sh: unknown target $arch (s390x, armhf)" >&2; return 2 ;;
  esac
  dir=$prefix-$arch
  t0=$(now)
  mkdir -p "$dir" || return 1
  cross_sysroot "$arch" "$dir/sysroot" "$dir/apt" || return 1
  libdir=$dir/sysroot/usr/lib/$triplet
  # How a target program runs here: qemu -L takes the target's ld.so and libc
  # from the cross libc under /usr/<triplet>; the unpacked libraries come
  # through the target's LD_LIBRARY_PATH (qemu maps a path under -L first,
  # else uses the path itself).
  emu="$(command -v "$qemu") -L /usr/$triplet -E LD_LIBRARY_PATH=$libdir"
  # Executables are made runnable on this host at link time: the linker
  # launcher links, moves the program to OUT.elf and puts at OUT a script
  # that execs it under qemu. So everything that runs OUT works unchanged:
  # ctest (no CMAKE_CROSSCOMPILING_EMULATOR needed, nor wanted: qemu cannot
  # run a script), the Python drivers given --cli PATH (integration.cli,
  # integration.faults), cmake -P checks given a tool (json.corpus), people.
  # try_compile's scratch links are left alone.
  {
    echo '#!/bin/sh'
    echo "# Written by tests/cross.sh: CMAKE_C_LINKER_LAUNCHER of the $arch build."
    echo "emu='$emu'"
    cat <<'EOF'
"$@" || exit
out= prev=
for a in "$@"; do [ "$prev" = -o ] && out=$a; prev=$a; done
case $out in ""|CMakeFiles/*|*/CMakeFiles/*|*.so|*.so.*) exit 0 ;; esac
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
mv -f "$out" "$out.elf" &&
  printf '#!/bin/sh\nexec %s '\''%s'\'' "$@"\n' "$emu" "$out.elf" >"$out" &&
  chmod +x "$out"
EOF
  } >"$dir/link-launcher.sh" && chmod +x "$dir/link-launcher.sh" || return 1
  cat >"$dir/toolchain.cmake" <<EOF
# Written by tests/cross.sh.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR $arch)
set(CMAKE_C_COMPILER $triplet-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE $triplet)
set(CMAKE_FIND_ROOT_PATH $dir/sysroot /usr/$triplet)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_C_LINKER_LAUNCHER $dir/link-launcher.sh)
EOF
  cmake -S "$top" -B "$dir" -DCMAKE_TOOLCHAIN_FILE="$dir/toolchain.cmake" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPROVKIT_SANITIZE=OFF -DPROVKIT_WERROR=ON >"$dir/configure.log" 2>&1 ||
    { cat "$dir/configure.log" >&2; return 1; }
  cmake --build "$dir" -j "$jobs" >"$dir/build.log" 2>&1 ||
    { cat "$dir/build.log" >&2; return 1; }
  t1=$(now)
  cc=$($triplet-gcc --version | head -1)
  qv=$($qemu --version | head -1 | sed 's/ (.*//')
  mbed=$(grep '^libmbedtls-dev=' "$dir/sysroot/.provkit-debs" | sed 's/=/ /; s/:.*//')
  echo "cross $arch: built in $((t1 - t0)) s with $cc; running ctest under $qv"
  # Streamed and kept in the build tree (ctest.log).
  echo 0 >"$dir/ctest.rc"
  { (cd "$dir" && ctest --output-on-failure -j "$ctest_jobs" --timeout 300 -E "$CROSS_EXCLUDE") 2>&1 ||
      echo $? >"$dir/ctest.rc"; } | tee "$dir/ctest.log"
  rc=$(cat "$dir/ctest.rc")
  t2=$(now)
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$dir/ctest.log" || echo "ctest: no summary")
  slow=$(awk '$NF == "sec" { for (i = 1; i < NF; i++) if ($i ~ /^#[0-9]+:$/) print $(NF-1), $(i+1) }' \
           "$dir/ctest.log" | sort -rn | head -3 | awk '{ printf "%s%s %ss", (NR > 1 ? ", " : ""), $2, $1 }')
  {
    echo "cross $arch: $line"
    echo "  $cc; $qv; $mbed (Debian $arch)"
    echo "  build $((t1 - t0)) s, ctest $((t2 - t1)) s; slowest: $slow"
  } >>"$summary"
  return $rc
}

summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
status=0
for arch in $targets; do
  cross_target "$arch" || { status=1; echo "cross $arch: FAILED (logs in $prefix-$arch)" >>"$summary"; }
done
echo "---- cross summary (not run, host-only: cross.arm_builds sim.selftest sim.scripts bench.* rtos.* firmware.* install.* config.ports config.kconfig core.spdx docs.* openwrt.*) ----"
cat "$summary"
exit $status
