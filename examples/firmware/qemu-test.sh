#!/usr/bin/env bash
# The reference firmware's ARM image on an emulated Cortex-M4F: builds the
# mps2-an386 image (feature mps2), boots it in qemu-system-arm with its
# LAN9118 on a TAP device inside a network namespace this script creates
# (kernel side 192.168.69.1/24, the firmware at 192.168.69.2), and runs the
# host build's CPython checks (tests/py/firmware_checks.py) against it, one
# fresh boot per group as the host tests do:
#   methods    every supported method and the spec faults
#   feedback   notifications to a CPython receiver in order with consecutive
#              seqn; the receiver killed and restarted
#   malformed  garbage, truncated heads, a 1 MB body, more connections than
#              listeners, a silent connection, each followed by a good request
# After each group the board's diagnostics (per-task busy time, stack
# high-water since boot) are printed from its console.
# The ipv6 group is not run: the mps2 build is IPv4-only (as the STM32 one).
#
#   bash examples/firmware/qemu-test.sh        (root: namespaces, TAP devices)
#
# Prints `qemu: P passed, F failed` last (checks passed / failed); exits
# non-zero on any failure.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
py="$here/tests/py"
cd "$here"

passed=0
failed=0
finish() {
  echo "qemu: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit
}

if ! command -v qemu-system-arm >/dev/null; then
  echo "qemu-system-arm not found (apt-get install -y qemu-system-arm)"
  failed=1
  finish
fi
if ! cargo build --release --target thumbv7em-none-eabihf --features mps2 --bin baton-firmware-mps2 --quiet; then
  echo "build of the mps2 image failed"
  failed=1
  finish
fi
target_dir="$(cargo metadata --format-version 1 --no-deps --offline 2>/dev/null \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
elf="$target_dir/thumbv7em-none-eabihf/release/baton-firmware-mps2"

ns="baton-qemu-$$"
tap="tapq0"
host_ip="192.168.69.1"
fw_ip="192.168.69.2"
url="http://$fw_ip:8080/RPC2"
work="$(mktemp -d)"
qemu_pid=""

stop_qemu() {
  if [ -n "$qemu_pid" ]; then
    kill "$qemu_pid" 2>/dev/null
    wait "$qemu_pid" 2>/dev/null
    qemu_pid=""
  fi
}
cleanup() {
  stop_qemu
  ip netns del "$ns" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

if ! { ip netns add "$ns" &&
  ip netns exec "$ns" ip link set lo up &&
  ip netns exec "$ns" ip tuntap add mode tap name "$tap" &&
  ip netns exec "$ns" ip addr add "$host_ip/24" dev "$tap" &&
  ip netns exec "$ns" ip link set "$tap" up; }; then
  echo "cannot create the network namespace and TAP device (root and iproute2 needed)"
  failed=1
  finish
fi

# Boots a fresh image, its configuration block (src/bin/mps2/config.rs)
# holding "$1" (key=value lines, may be empty); waits (bounded) for its boot
# line and its listener.
boot() {
  rm -f "$work/console.sock" "$work/console.log"
  printf '%s\0' "$1" >"$work/config.bin"
  shift
  # `ip netns exec` execs QEMU: $! is QEMU itself.
  ip netns exec "$ns" qemu-system-arm -M mps2-an386 -display none -monitor none \
    -kernel "$elf" -device "loader,file=$work/config.bin,addr=0x3ff000,force-raw=on" \
    -nic "tap,ifname=$tap,script=no,downscript=no,model=lan9118,mac=02:ba:70:00:00:04" \
    -chardev "socket,id=con,path=$work/console.sock,server=on,wait=off,logfile=$work/console.log" \
    -serial chardev:con "$@" >"$work/qemu.out" 2>&1 &
  qemu_pid=$!
  for _ in $(seq 1 300); do
    if grep -q "listening on" "$work/console.log" 2>/dev/null &&
      ip netns exec "$ns" timeout 5 python3 -c \
        "import socket; socket.create_connection(('$fw_ip', 8080), timeout=1).close()" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$qemu_pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  echo "the image did not come up; QEMU said:"
  cat "$work/qemu.out" "$work/console.log" 2>/dev/null
  return 1
}

# group expected-ok-lines config extra-args...
group() {
  local name="$1" expected="$2" config="$3"
  shift 3
  echo "--- $name (fresh boot)"
  if ! boot "$config"; then
    failed=$((failed + expected))
    return
  fi
  local out rc ok
  out="$(ip netns exec "$ns" env BATON_SERIAL=BATON-MPS2-0001 BATON_MAC=02:ba:70:00:00:04 \
    BATON_SOURCE=baton-firmware-mps2 timeout -k 5 180 python3 "$py/firmware_checks.py" "$name" "$url" "$@" 2>&1)"
  rc=$?
  echo "$out"
  ok="$(grep -c '^ok ' <<<"$out")"
  passed=$((passed + ok))
  if [ "$rc" -ne 0 ] || [ "$ok" -ne "$expected" ]; then
    local missing=$((expected - ok))
    [ "$missing" -lt 1 ] && missing=1
    failed=$((failed + missing))
    echo "$name: exit status $rc, $ok of $expected checks passed; console:"
    cat "$work/console.log"
  fi
  python3 "$py/qemu_console.py" "$work/console.sock" r || true
  if grep -qE "^(panic|hardfault)" "$work/console.log"; then
    echo "the firmware crashed:"
    cat "$work/console.log"
    failed=$((failed + 1))
  fi
  stop_qemu
}

group methods 13 ""
group feedback 3 "receiver=http://$host_ip:9000/RPC2" "$host_ip" 9000
group malformed 7 ""
finish
