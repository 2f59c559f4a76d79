#!/usr/bin/env bash
# Flash and static RAM of the release firmware image (thumbv7em-none-eabihf).
#   bash examples/nostd-stream/size.sh          (from anywhere)
# Builds the image if needed (a no-op when it is up to date), then reads its ELF section
# headers with scripts/elf_size.py: flash = text + rodata + data, static RAM = data + bss.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
cargo build --release --target thumbv7em-none-eabihf --quiet
target_dir="$(cargo metadata --format-version 1 --no-deps --offline 2>/dev/null \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
elf="$target_dir/thumbv7em-none-eabihf/release/baton-nostd-stream"
echo "firmware: ${elf#"$root"/} (opt-level=\"s\", lto, no allocator; memory.x: 512K flash / 128K RAM)"
python3 "$root/scripts/elf_size.py" "$elf" --sections
