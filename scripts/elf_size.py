#!/usr/bin/env python3
"""Flash and static RAM of a 32-bit little-endian ELF (a Cortex-M firmware image).

    python3 scripts/elf_size.py path/to/firmware.elf [--sections] [--max-flash N] [--max-ram N]

Reads the section headers only (no binutils needed) and sorts the allocated sections:

  text    allocated, executable                      -> flash
  rodata  allocated, not writable, not executable    -> flash (includes the vector table)
  data    allocated, writable, with file contents    -> flash (initial values) and RAM
  bss     allocated, writable, no file contents      -> RAM

flash = text + rodata + data; static RAM = data + bss (the stack is not counted: it is the
rest of RAM, see memory.x).

--max-flash / --max-ram: a budget in bytes; over it, the script says so and exits 1.
"""

import struct
import sys

SHT_NOBITS = 8
SHF_WRITE = 0x1
SHF_ALLOC = 0x2
SHF_EXECINSTR = 0x4


def sections(path):
    with open(path, "rb") as f:
        elf = f.read()
    if elf[:4] != b"\x7fELF":
        raise SystemExit("%s: not an ELF file" % path)
    if elf[4] != 1 or elf[5] != 1:
        raise SystemExit("%s: not a 32-bit little-endian ELF" % path)
    (e_shoff,) = struct.unpack_from("<I", elf, 0x20)
    e_shentsize, e_shnum, e_shstrndx = struct.unpack_from("<HHH", elf, 0x2E)
    headers = []
    for i in range(e_shnum):
        # name, type, flags, addr, offset, size (the rest is not needed)
        headers.append(struct.unpack_from("<IIIIII", elf, e_shoff + i * e_shentsize))
    strtab_offset = headers[e_shstrndx][4]

    def name(offset):
        start = strtab_offset + offset
        return elf[start : elf.index(b"\0", start)].decode("ascii", "replace")

    for sh_name, sh_type, sh_flags, sh_addr, _off, sh_size in headers:
        yield name(sh_name), sh_type, sh_flags, sh_addr, sh_size


def classify(sh_type, sh_flags):
    if not sh_flags & SHF_ALLOC:
        return None
    if sh_flags & SHF_WRITE:
        return "bss" if sh_type == SHT_NOBITS else "data"
    return "text" if sh_flags & SHF_EXECINSTR else "rodata"


def main():
    argv = sys.argv[1:]
    budgets = {}
    for flag in ("--max-flash", "--max-ram"):
        if flag in argv:
            i = argv.index(flag)
            if i + 1 >= len(argv) or not argv[i + 1].isdigit():
                raise SystemExit("%s needs a number of bytes" % flag)
            budgets[flag] = int(argv[i + 1])
            del argv[i : i + 2]
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1:
        raise SystemExit(__doc__)
    totals = {"text": 0, "rodata": 0, "data": 0, "bss": 0}
    rows = []
    for name, sh_type, sh_flags, addr, size in sections(args[0]):
        kind = classify(sh_type, sh_flags)
        if kind is None or size == 0:
            continue
        totals[kind] += size
        rows.append((name, kind, addr, size))
    if "--sections" in sys.argv:
        for name, kind, addr, size in rows:
            print("  %-20s %-7s 0x%08x %8d" % (name, kind, addr, size))
    flash = totals["text"] + totals["rodata"] + totals["data"]
    ram = totals["data"] + totals["bss"]
    print(
        "flash: %d bytes (text %d + rodata %d + data %d)"
        % (flash, totals["text"], totals["rodata"], totals["data"])
    )
    print("static RAM: %d bytes (data %d + bss %d)" % (ram, totals["data"], totals["bss"]))
    over = False
    for flag, used, what in (("--max-flash", flash, "flash"), ("--max-ram", ram, "static RAM")):
        if flag in budgets:
            limit = budgets[flag]
            if used > limit:
                print("OVER BUDGET: %s %d bytes > %d" % (what, used, limit))
                over = True
            else:
                print("budget: %s %d bytes <= %d (%d to spare)" % (what, used, limit, limit - used))
    if over:
        sys.exit(1)


if __name__ == "__main__":
    main()
