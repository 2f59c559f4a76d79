"""A tiny DNS responder (standard library only) for the host firmware's DNS
tests. Runs inside the test's network namespace.

    python3 dns_responder.py <bind_ip> <port> <log> NAME=IPV4[,IPV6] ... [NAME=drop ...]

Answers A (and AAAA) queries for each NAME with its addresses; a NAME
mapped to `drop` is never answered (a DNS server that stays silent); any
other name gets NXDOMAIN. Appends `<name> <A|AAAA|type> <answer>` to <log>
for every query (answer: an address, `none`, `nxdomain` or `drop`), and
prints `ready` once bound.
"""

import ipaddress
import socket
import struct
import sys


def parse_name(msg, at):
    labels = []
    while msg[at]:
        n = msg[at]
        labels.append(msg[at + 1:at + 1 + n].decode("ascii").lower())
        at += 1 + n
    return ".".join(labels), at + 1


def main(bind, port, log, *names):
    table = {}
    for entry in names:
        name, addrs = entry.split("=", 1)
        table[name.lower()] = None if addrs == "drop" else addrs.split(",")
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((bind, int(port)))
    print("ready", flush=True)
    while True:
        msg, peer = sock.recvfrom(512)
        if len(msg) < 12:
            continue
        ident, flags, qdcount = struct.unpack("!HHH", msg[:6])
        if qdcount != 1 or flags & 0x8000:
            continue
        name, end = parse_name(msg, 12)
        qtype, qclass = struct.unpack("!HH", msg[end:end + 4])
        question = msg[12:end + 4]
        kind = {1: "A", 28: "AAAA"}.get(qtype, str(qtype))
        answers, rcode = [], 0
        if name not in table:
            rcode, note = 3, "nxdomain"
        elif table[name] is None:
            note = "drop"
        else:
            want = {"A": 4, "AAAA": 6}.get(kind)
            for a in table[name]:
                ip = ipaddress.ip_address(a)
                if ip.version == want:
                    answers.append(b"\xc0\x0c" + struct.pack("!HHIH", qtype, 1, 60, len(ip.packed)) + ip.packed)
            note = " ".join(str(ipaddress.ip_address(a)) for a in table[name]
                            if ipaddress.ip_address(a).version == want) or "none"
        with open(log, "a") as f:
            f.write(f"{name} {kind} {note}\n")
        if note == "drop":
            continue
        # QR, opcode 0, AA, RD copied, RA; the question echoed.
        head = struct.pack("!HHHHHH", ident, 0x8400 | (flags & 0x0100) | 0x0080 | rcode,
                           1, len(answers), 0, 0)
        sock.sendto(head + question + b"".join(answers), peer)


if __name__ == "__main__":
    main(*sys.argv[1:])
