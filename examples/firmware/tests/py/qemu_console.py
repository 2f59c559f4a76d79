"""The mps2 firmware's console under QEMU (a chardev unix socket): sends
one-byte diagnostic commands and prints each answer up to its `diag end`.

    python3 qemu_console.py <console.sock> <commands>   e.g. `s`, `r`, `b`

Exits non-zero when an answer does not come within 10 s.
"""

import socket
import sys
import time


def main(path, commands):
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect(path)
    c.settimeout(10)
    buf = b""
    for cmd in commands:
        c.sendall(cmd.encode())
        end = time.time() + 10
        while b"diag end\n" not in buf:
            if time.time() > end:
                raise SystemExit(f"no answer to {cmd!r}: {buf!r}")
            chunk = c.recv(4096)
            if not chunk:
                raise SystemExit("console closed")
            buf += chunk
        answer, buf = buf.split(b"diag end\n", 1)
        # Only the diagnostic lines (the console also carries boot lines).
        for line in answer.decode(errors="replace").splitlines():
            if line.startswith("diag "):
                print(line, flush=True)
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
