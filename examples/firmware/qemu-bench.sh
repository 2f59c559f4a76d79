#!/usr/bin/env bash
# Instruction counts of the reference firmware on the emulated Cortex-M4F
# (BENCHMARKS.md, "The firmware on a Cortex-M4"): boots the mps2-an386 image
# in QEMU with `-icount shift=0` (one instruction = 1 ns of virtual time),
# turns the board's stack tracking off, and runs tests/py/qemu_bench.py in
# the namespace: device.query, factory.conferencecreate, conference.destroy,
# a full conference.enumerate page, one feedback notification; then the
# largest request the buffers take. A second boot without icount runs the
# CPython method and malformed checks with stack tracking on and prints the
# per-task stack high-water.
#
#   bash examples/firmware/qemu-bench.sh      (root: namespaces, TAP devices)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
# shellcheck source=qemu-env.sh
. "$here/qemu-env.sh"
qemu_env || exit 1

echo "--- instructions per operation (-icount shift=0)"
boot "" -icount shift=0 || exit 1
ip netns exec "$ns" timeout -k 5 600 python3 "$py/qemu_bench.py" "$url" "$work/console.sock" "$host_ip" || exit 1
stop_qemu

echo "--- stack high-water per task (methods + malformed checks, tracking on)"
boot "" || exit 1
for g in methods malformed; do
  ip netns exec "$ns" env BATON_SERIAL=BATON-MPS2-0001 BATON_MAC=02:ba:70:00:00:04 \
    BATON_SOURCE=baton-firmware-mps2 timeout -k 5 180 python3 "$py/firmware_checks.py" "$g" "$url" >/dev/null || exit 1
done
python3 "$py/qemu_console.py" "$work/console.sock" r
stop_qemu
echo "--- static RAM and flash of the mps2 image"
python3 "$here/../../scripts/elf_size.py" "$elf" --sections
