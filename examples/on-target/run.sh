#!/usr/bin/env bash
# The on-target test suite: builds examples/on-target for thumbv7em-none-eabihf and runs it
# on a Cortex-M4F in QEMU (mps2-an386) with semihosting, twice: with the codec's default
# features (`float` on) and as `no-float`, without them (the firmware's configuration).
#   bash examples/on-target/run.sh          (from anywhere)
# Prints each test's line, then `on-target: P passed, F failed` last; exits non-zero on any
# failure (a failed test, a panic, a hang past the timeout, a build error).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
timeout_s="${ON_TARGET_TIMEOUT:-120}"
passed=0
failed=0
if ! command -v qemu-system-arm >/dev/null; then
  echo "on-target: qemu-system-arm not found (apt-get install qemu-system-arm)"
  echo "on-target: 0 passed, 1 failed"
  exit 1
fi
for variant in default no-float; do
  features=()
  [ "$variant" = default ] || features=(--no-default-features)
  # One target directory per variant: switching features does not rebuild the other.
  target_dir="$here/target/$variant"
  if ! CARGO_TARGET_DIR="$target_dir" cargo build --release --quiet "${features[@]}"; then
    echo "[$variant] build failed"
    failed=$((failed + 1))
    continue
  fi
  elf="$target_dir/thumbv7em-none-eabihf/release/baton-on-target"
  log="$(mktemp)"
  timeout "$timeout_s" qemu-system-arm -M mps2-an386 -cpu cortex-m4 \
    -semihosting-config enable=on,target=native -nographic -monitor none -serial none \
    -kernel "$elf" >"$log" 2>&1
  rc=$?
  sed "s/^/[$variant] /" "$log"
  summary="$(grep -a '^on-target: [0-9]* passed, [0-9]* failed' "$log" | tail -1)"
  rm -f "$log"
  if [ -z "$summary" ]; then
    echo "[$variant] no summary line (QEMU exit code $rc; 124 = timed out after ${timeout_s}s)"
    failed=$((failed + 1))
    continue
  fi
  p="$(echo "$summary" | sed 's/^on-target: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/')"
  f="$(echo "$summary" | sed 's/^on-target: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/')"
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "[$variant] QEMU exit code $rc with no failed test"
    failed=$((failed + 1))
  fi
done
echo "on-target: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
