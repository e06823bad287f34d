#!/usr/bin/env bash
# The Node.js client libraries that tests/integration/client-node.tcl drives
# (ioredis, BullMQ), installed from the npm registry at the versions pinned
# by tests/helpers/node/package-lock.json.  Node.js and npm come from
# Debian when the machine has none.  Idempotent: nothing happens when the
# installed tree matches the lock file.
set -euo pipefail
cd "$(dirname "$0")/../tests/helpers/node"

if ! command -v npm >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  echo "Installing: nodejs npm"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

# npm writes node_modules/.package-lock.json after an install: when it is
# newer than the lock file, the tree is current.
if [ node_modules/.package-lock.json -nt package-lock.json ]; then exit 0; fi
echo "Installing the Node.js test clients (npm ci)"
# --ignore-scripts: no native add-on builds; the libraries fall back to
# their JavaScript code paths.
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
