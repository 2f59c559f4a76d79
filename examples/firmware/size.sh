#!/usr/bin/env bash
# Flash and static RAM of the reference firmware (thumbv7em-none-eabihf,
# NUCLEO-F429ZI: STM32F429ZI, RMII Ethernet).
#   bash examples/firmware/size.sh          (from anywhere)
# Builds the release image if needed (a no-op when up to date), then reads its ELF
# section headers with scripts/elf_size.py: flash = text + rodata + data,
# static RAM = data + bss. Budget, enforced (the script exits 1 over it): 40 KiB static
# RAM (issue 18; was 48 KiB) and issue 18's 112 KiB = 114,688 B flash (was 136 KiB, then
# 125 KiB; the flash diet's image is 113,620 B, 1,068 B of margin; see BENCHMARKS.md
# "Firmware flash breakdown").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
cargo build --release --target thumbv7em-none-eabihf --features stm32 --bin baton-firmware --quiet
target_dir="$(cargo metadata --format-version 1 --no-deps --offline 2>/dev/null \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
elf="$target_dir/thumbv7em-none-eabihf/release/baton-firmware"
echo "firmware: ${elf#"$root"/} (opt-level=\"z\", lto, no allocator; STM32F429ZI: 2048K flash / 192K+64K RAM)"
python3 "$root/scripts/elf_size.py" "$elf" --sections --max-flash 114688 --max-ram 40960
