"""Measurements of the mps2 firmware under QEMU (run by qemu-bench.sh
inside its network namespace; QEMU runs with `-icount shift=0`, so one
guest instruction is 1 ns of virtual time and the board's busy-time
counters, in ns, count instructions).

    python3 qemu_bench.py <url> <console.sock> <receiver_host>

Each figure is the median over N runs of the instructions the firmware's
tasks spent in their polls during one operation (net task: the LAN9118
driver, smoltcp; listeners: HTTP, XML-RPC decode, the handler, encode;
delivery: feedback encode and send), taken from the board's per-task busy
counters before and after. The console task (which answers the snapshots
and busy-waits on the UART) and the executor's own scheduling are left
out; interrupt handlers outside polls are not counted.
"""

import http.client
import socket
import statistics
import sys
import threading
import time
import urllib.parse
import xmlrpc.client as xc
from xmlrpc.server import SimpleXMLRPCServer

ADMIN = {"authenticationUser": "apiuser", "authenticationPassword": "S3cret!"}
N = 15
SETTLE = 0.25


class Console:
    def __init__(self, path):
        self.c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.c.connect(path)
        self.c.settimeout(10)
        self.buf = b""

    def cmd(self, c):
        self.c.sendall(c.encode())
        while b"diag end\n" not in self.buf:
            chunk = self.c.recv(4096)
            assert chunk, "console closed"
            self.buf += chunk
        answer, self.buf = self.buf.split(b"diag end\n", 1)
        return [l for l in answer.decode().splitlines() if l.startswith("diag ")]

    def snapshot(self):
        out = {}
        for line in self.cmd("r"):
            parts = line.split()
            if parts[1].startswith("busy_ns="):
                out["total"] = int(parts[1].split("=")[1])
            elif parts[1] == "task":
                out[parts[2]] = int(parts[4].split("=")[1])
        return out


class Rpc:
    """One keep-alive HTTP/1.1 connection (one listener)."""

    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=20)
        self.last_request = 0
        self.last_reply = 0

    def call(self, method, params):
        body = xc.dumps((params,), method).encode()
        self.conn.request("POST", "/RPC2", body, {"Content-Type": "text/xml"})
        r = self.conn.getresponse()
        data = r.read()
        assert r.status == 200, (r.status, data)
        self.last_request, self.last_reply = len(body), len(data)
        return xc.loads(data)[0][0]


WORK = ["main", "net", "listener0", "listener1", "delivery"]


def window(console, op):
    a = console.snapshot()
    op()
    time.sleep(SETTLE)
    b = console.snapshot()
    d = {k: b[k] - a[k] for k in b}
    d["work"] = sum(d[k] for k in WORK)
    return d


def measure(console, label, op, before=None, after=None, baseline=None):
    runs = []
    for i in range(N + 2):
        if before:
            before(i)
        d = window(console, lambda: op(i))
        if after:
            after(i)
            time.sleep(SETTLE)
        if i >= 2:  # two warm-up runs
            runs.append(d)
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    if baseline:
        med = {k: med[k] - baseline.get(k, 0) for k in med}
    spread = statistics.pstdev([r["work"] for r in runs])
    return label, med, spread


def main(url, sock, rx_host):
    console = Console(sock)
    console.cmd("n")  # stack tracking off: its scans would count
    rpc = Rpc(url)
    rows = []
    base = measure(console, "idle window", lambda i: None)
    rows.append(base)
    baseline = base[1]

    label, med, spread = measure(console, "device.query", lambda i: rpc.call("device.query", ADMIN),
                                 baseline=baseline)
    rows.append((label + f" ({rpc.last_request} B request, {rpc.last_reply} B reply)", med, spread))

    names = {}

    def create(i):
        names[i] = rpc.call("factory.conferencecreate", dict(ADMIN, conferenceAlias=f"bench{i}"))["conferenceName"]

    def destroy(i):
        rpc.call("conference.destroy", dict(ADMIN, conferenceName=names[i]))

    label, med, spread = measure(console, "factory.conferencecreate", create, after=destroy, baseline=baseline)
    rows.append((label + f" ({rpc.last_request} B request, {rpc.last_reply} B reply)", med, spread))
    label, med, spread = measure(console, "conference.destroy", destroy, before=create, baseline=baseline)
    rows.append((label + f" ({rpc.last_request} B request)", med, spread))

    # A full page: the table's 4 conferences with 64-character aliases.
    full = [rpc.call("factory.conferencecreate", dict(ADMIN, conferenceAlias=f"{i}" * 64))["conferenceName"]
            for i in range(4)]
    label, med, spread = measure(console, "conference.enumerate",
                                 lambda i: rpc.call("conference.enumerate", ADMIN), baseline=baseline)
    rows.append((label + f" (4 conferences, {rpc.last_reply} B reply)", med, spread))
    for n in full:
        rpc.call("conference.destroy", dict(ADMIN, conferenceName=n))

    # One feedback notification: a CPython receiver subscribed to
    # conferenceCreate; the window holds the create and the delivery.
    got = []
    event = threading.Event()

    def event_notification(params):
        got.append(params)
        event.set()
        return "ok"

    server = SimpleXMLRPCServer((rx_host, 9100), logRequests=False, allow_none=True)
    server.register_function(event_notification, "eventNotification")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rpc.call("feedbackReceiver.extended.configure",
             dict(ADMIN, receiverURI=f"http://{rx_host}:9100/RPC2", sourceIdentifier="bench",
                  receiverIndex=1, subscribedEvents=["conferenceCreate"]))

    def create_notified(i):
        event.clear()
        create(i)
        assert event.wait(10), "no notification"

    label, med, spread = measure(console, "factory.conferencecreate + its feedback notification",
                                 create_notified, after=destroy, baseline=baseline)
    rows.append((label, med, spread))
    create_only = rows[2][1]
    note = {k: med[k] - create_only.get(k, 0) for k in med}
    rows.append(("one feedback notification encoded and sent (difference)", note, 0))
    rpc.call("feedbackReceiver.extended.remove", dict(ADMIN, receiverIndex=1))

    print("| operation | instructions | at 168 MHz, CPI 1 | net task | listeners | delivery task | sd |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, med, spread in rows:
        total = med["work"]
        listeners = med.get("listener0", 0) + med.get("listener1", 0)
        print(f"| {label} | {total:,.0f} | {total / 168:,.0f} µs | {med.get('net', 0):,.0f} | "
              f"{listeners:,.0f} | {med.get('delivery', 0):,.0f} | {spread:,.0f} |")
    sys.stdout.flush()

    # Largest request: head + body up to the 2 KiB request buffer.
    rpc.conn.close()
    u = urllib.parse.urlsplit(url)
    base_body = xc.dumps((ADMIN,), "device.query")
    decl, rest = base_body.split("?>", 1)

    def try_size(pad):
        body = (decl + "?>" + " " * pad + rest).encode()
        head = b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body)
        for _ in range(100):
            try:
                c = socket.create_connection((u.hostname, u.port), timeout=10)
                break
            except ConnectionRefusedError:
                time.sleep(0.1)  # both listeners still closing the last connections
        data = b""
        try:
            c.sendall(head + body)
            while True:
                chunk = c.recv(4096)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, BrokenPipeError):
            pass
        c.close()
        return len(head) + len(body), data.split(b"\r\n", 1)[0], b"BATON-MPS2-0001" in data

    lo, hi = 0, 4096
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        _, status, good = try_size(mid)
        if status == b"HTTP/1.1 200 OK" and good:
            lo = mid
        else:
            hi = mid
    fits, st1, _ = try_size(lo)
    over, st2, _ = try_size(hi)
    print(f"largest request answered: {fits} B (head + body; {st1.decode()}); {over} B: {st2.decode()}")


if __name__ == "__main__":
    main(*sys.argv[1:])
