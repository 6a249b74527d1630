# Sourced by tests/run.sh and examples/demo.sh: install the Debian packages
# provkit needs, only those missing, non-interactively.
PROVKIT_DEBS="cmake make gcc clang binutils libc6-dev libmbedtls-dev libjsmn-dev libcmocka-dev python3 openssl nginx"

provkit_install_deps() {
  missing=""
  for p in $PROVKIT_DEBS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  echo "installing:$missing"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
}
