#!/usr/bin/env bash
# Protected mode, compared with Debian's redis-server: a client on a
# non-loopback address (a private network namespace with a veth pair, made
# here and removed on exit) must get the same DENIED reply from both
# servers.  Needs root and iproute2; part of `make test-diff`.
set -u
cd "$(dirname "$0")/../.."
ns=pm$$
a=10.231.$((RANDOM % 200 + 20)).1
b=${a%.1}.2
cleanup() {
  [ -n "${p1:-}" ] && kill "$p1" 2>/dev/null
  [ -n "${p2:-}" ] && kill "$p2" 2>/dev/null
  ip netns del "$ns" 2>/dev/null
  ip link del "v0$ns" 2>/dev/null
}
trap cleanup EXIT
ip netns add "$ns" && ip link add "v0$ns" type veth peer name "v1$ns" && ip link set "v1$ns" netns "$ns" &&
  ip addr add "$a/24" dev "v0$ns" && ip link set "v0$ns" up &&
  ip netns exec "$ns" ip addr add "$b/24" dev "v1$ns" && ip netns exec "$ns" ip link set "v1$ns" up ||
  { echo "protected_mode: cannot make a network namespace (root and iproute2 needed)"; echo "0 passed, 1 failed"; exit 1; }
port1=$((20000 + RANDOM % 10000)); port2=$((port1 + 1))
/usr/bin/redis-server --port $port1 --save '' --bind '* -::*' >/dev/null 2>&1 & p1=$!
./src/redis-server --port $port2 --save '' --bind '* -::*' >/dev/null 2>&1 & p2=$!
sleep 0.7
ask() {
  ip netns exec "$ns" python3 -c "import socket,time,sys
s=socket.create_connection(('$a',$1)); s.sendall(b'PING\r\n'); time.sleep(0.3)
sys.stdout.buffer.write(s.recv(65536))" | od -An -c
}
ref=$(ask $port1); ours=$(ask $port2)
if [ -n "$ref" ] && [ "$ref" = "$ours" ] && grep -q DENIED <<<"$(ask $port2 | tr -d ' \n')"; then
  echo "protected mode: DENIED reply identical"; echo "1 passed, 0 failed"
else
  echo "protected mode: replies differ"; echo "ours:"; echo "$ours" | head -5; echo "redis:"; echo "$ref" | head -5
  echo "0 passed, 1 failed"; exit 1
fi
