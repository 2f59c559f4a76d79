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
#   slow       a silent-then-slow client holds a listener at most the request
#              timeout from its accept
#   halfclose  requests followed by a half-close (FIN after the body) answered
#   bigreply   a feedback receiver's oversized reply is not read past the
#              buffer and counts as a failed delivery (retried)
# After each group the board's diagnostics (per-task busy time, stack
# high-water since boot) are printed from its console.
#   ipv6       xmlrpc.client to the firmware's IPv6 literal, feedback to an
#              IPv6 literal receiverURI (the mps2 build has IPv6; the STM32
#              image is IPv4-only)
#
#   bash examples/firmware/qemu-test.sh        (root: namespaces, TAP devices)
#
# Prints `qemu: P passed, F failed` last (checks passed / failed); exits
# non-zero on any failure.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

passed=0
failed=0
finish() {
  echo "qemu: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit
}

# shellcheck source=qemu-env.sh
. "$here/qemu-env.sh"
if ! qemu_env; then
  failed=1
  finish
fi

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
group ipv6 2 "" "$host_ip6" "$fw_ip6"
group slow 1 ""
group halfclose 1 ""
group bigreply 1 "receiver=http://$host_ip:9002/RPC2" "$host_ip" 9002
finish
