#!/usr/bin/env bash
# Install the Debian packages the build, the tests and the tools need, only
# those that are missing.  Idempotent; run as root (or through sudo).
set -euo pipefail

# Build and runtime libraries, test tools, and the reference Redis used by
# the differential tests and the benchmarks.
PKGS=(
  build-essential pkg-config
  libjemalloc-dev    # allocator and memory statistics
  libssl-dev         # TLS
  liblua5.1-0-dev    # scripting
  lua-cjson-dev      # scripting: the cjson library scripts see (linked statically)
  lua-bitop-dev      # scripting: the bit library scripts see (linked statically)
  liblzf-dev         # RDB compression
  libhiredis-dev     # C test clients
  tcl8.6             # the test suite
  python3            # test helpers (unix socket client, differential tests)
  python3-redis      # client-library patterns (tests/integration/client-python.tcl)
  tmux               # drives the interactive redis-cli (tests/integration/cli-interactive.tcl)
)
# Only for `make test-oracle` and `make bench`: Debian's redis-server and
# redis-benchmark, the oracle and the load generator.
if [ "${WITH_ORACLE:-0}" = 1 ]; then PKGS+=(redis-server redis-tools); fi
if [ "${WITH_FUZZ:-0}" = 1 ]; then PKGS+=(clang libclang-rt-14-dev); fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The oracle package starts a service on 6379; we only want its binaries.
if [[ " ${missing[*]} " == *" redis-server "* ]]; then
  $SUDO systemctl disable --now redis-server >/dev/null 2>&1 || $SUDO service redis-server stop >/dev/null 2>&1 || true
fi
