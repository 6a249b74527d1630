#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fetch one of Debian's source packages into DIR through a private apt
# configuration: the next Debian release's source index (trixie) is read
# into DIR/apt, and nothing of the machine's own apt configuration (its
# sources, lists, preferences or state) is read or changed. Prints the
# unpacked tree's path on the last line; a tree already there is kept.
#   tests/deps-source.sh DIR PACKAGE VERSION_PREFIX
# e.g. tests/deps-source.sh build-src mbedtls 3.6.   (tests/deps-mbedtls3.sh)
#      tests/deps-source.sh build-src musl 1.2.      (tests/openwrt/check.sh)
# Needs apt-get and dpkg-source (Debian's dpkg-dev) and deb.debian.org.
set -eu
dir=${1:?usage: tests/deps-source.sh DIR PACKAGE VERSION_PREFIX}
pkg=${2:?usage: tests/deps-source.sh DIR PACKAGE VERSION_PREFIX}
prefix=${3:?usage: tests/deps-source.sh DIR PACKAGE VERSION_PREFIX}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
suite=${PROVKIT_SOURCE_SUITE:-trixie}
mirror=${PROVKIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

tree() { # the unpacked tree, if any
  for t in "$dir/$pkg-$prefix"*; do
    [ -d "$t/debian" ] && { echo "$t"; return 0; }
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
set -- -o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/parts" \
  -o "Dir::Etc::Preferences=$apt/prefs/none" -o "Dir::Etc::PreferencesParts=$apt/prefs" \
  -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" \
  -o "Dir::State::status=$apt/status" -o "APT::Sandbox::User=$(id -un)" \
  -o "Debug::NoLocking=1"
: > "$apt/status"
[ -s "$apt/lists/lock" ] || apt-get -q "$@" update >&2
version=$(apt-cache "$@" showsrc "$pkg" | awk -v p="$prefix" \
  '/^Version: / && index($2, p) == 1 {print $2; exit}')
[ -n "$version" ] || { echo "deps-source.sh: no $pkg $prefix* source in $suite" >&2; exit 1; }
(cd "$dir" && apt-get -q "$@" source --only-source "$pkg=$version" >&2)
t=$(tree) || { echo "deps-source.sh: $pkg $version did not unpack in $dir" >&2; exit 1; }
echo "$t"
