#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fetch Debian's mbedTLS 3.6 source package into DIR, through a private apt
# configuration: the next Debian release's source index (trixie) is read
# into DIR/apt, and nothing of the machine's own apt configuration (its
# sources, lists or cache) is read or changed. Prints the source tree's
# path (DIR/mbedtls-3.6.x) on the last line; a tree already there is kept.
#   tests/deps-mbedtls3.sh DIR
# Then: cmake -DPROVKIT_MBEDTLS_SOURCE=<that path> ...
# Needs apt-get and dpkg-source (Debian's dpkg-dev: tests/deps.sh installs
# it) and the network to deb.debian.org.
set -eu
dir=${1:?usage: tests/deps-mbedtls3.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
suite=${PROVKIT_MBEDTLS3_SUITE:-trixie}
mirror=${PROVKIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

tree() { # the unpacked 3.6 tree, if any
  for t in "$dir"/mbedtls-3.6.*; do
    [ -f "$t/include/mbedtls/build_info.h" ] && { echo "$t"; return 0; }
  done
  return 1
}
if t=$(tree); then
  echo "$t"
  exit 0
fi

apt="$dir/apt"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$apt/prefs"
echo "deb-src [signed-by=$keyring] $mirror $suite main" > "$apt/sources.list"
# Every path apt reads or writes is under DIR/apt; the machine's sources.list,
# sources.list.d, preferences and state stay out of it.
set -- -o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/parts" \
  -o "Dir::Etc::Preferences=$apt/prefs/none" -o "Dir::Etc::PreferencesParts=$apt/prefs" \
  -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" \
  -o "Dir::State::status=$apt/status" -o "APT::Sandbox::User=$(id -un)" \
  -o "Debug::NoLocking=1"
: > "$apt/status"
apt-get -q "$@" update >&2
version=$(apt-cache "$@" showsrc mbedtls | awk '/^Version: 3\.6\./ {print $2; exit}')
[ -n "$version" ] || { echo "deps-mbedtls3.sh: no mbedtls 3.6 source in $suite" >&2; exit 1; }
(cd "$dir" && apt-get -q "$@" source --only-source "mbedtls=$version" >&2)
t=$(tree) || { echo "deps-mbedtls3.sh: mbedtls $version did not unpack in $dir" >&2; exit 1; }
echo "$t"
