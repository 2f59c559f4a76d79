"""CPython (xmlrpc.client / xmlrpc.server / socket) against the host build
of the reference firmware. Runs inside the test's network namespace.

    python3 firmware_checks.py methods   <url>
    python3 firmware_checks.py feedback  <url> <receiver_host> <receiver_port>
    python3 firmware_checks.py malformed <url>
    python3 firmware_checks.py ipv6      <url> <receiver_ipv6> <firmware_ipv6>
    python3 firmware_checks.py slow      <url>
    python3 firmware_checks.py halfclose <url>
    python3 firmware_checks.py bigreply  <url> <receiver_host> <receiver_port>
    python3 firmware_checks.py receiver  <host> <port>   (child process)

Exits non-zero (with a traceback) on the first failed check; prints one
line per check that passed.

The device's identity defaults to the host build's; another board (the
mps2-an386 image under QEMU, examples/firmware/qemu-test.sh) sets
BATON_SERIAL, BATON_MAC and BATON_SOURCE (its boot receiver's
sourceIdentifier).
"""

import atexit
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import xmlrpc.client as xc
from xmlrpc.server import SimpleXMLRPCServer

ADMIN = {"authenticationUser": "apiuser", "authenticationPassword": "S3cret!"}
MONITOR = {"authenticationUser": "monitor", "authenticationPassword": "look-only"}
SERIAL = os.environ.get("BATON_SERIAL", "BATON-HOST-0001")
MAC = os.environ.get("BATON_MAC", "02:ba:70:00:00:01")
SOURCE = os.environ.get("BATON_SOURCE", "baton-firmware-host")


def ok(name):
    print("ok", name, flush=True)


def fault_code(call, *args):
    try:
        call(*args)
    except xc.Fault as f:
        return f.faultCode, f.faultString
    raise AssertionError("expected a fault")


# ----------------------------------------------------------------- methods


def methods(url):
    s = xc.ServerProxy(url, allow_none=True)
    r = s.device.query(ADMIN)
    assert r["serial"] == SERIAL, r
    assert r["apiVersion"] == "4.3" and r["model"] == "baton reference appliance", r
    ok("device.query")

    r = s.device.network.query(ADMIN)
    assert r == {
        "portA": {
            "macAddress": MAC,
            "ipAddress": "192.168.69.2",
            "subnetMask": "255.255.255.0",
            "defaultGateway": "192.168.69.1",
        }
    }, r
    ok("device.network.query")

    r = s.factory.health.query(ADMIN)
    assert r["fan_1"] == "N/A" and r["cpu_load_1"] == 0 and "committed_as" in r, r
    ok("factory.health.query")

    # feedbackReceiver.extended.*
    r = s.feedbackReceiver.extended.configure(
        dict(ADMIN, receiverURI="http://192.168.69.1:9/RPC2", sourceIdentifier="t1", receiverIndex=2)
    )
    assert r == {"receiverIndex": 2}, r
    r = s.feedbackReceiver.extended.configure(
        dict(ADMIN, receiverURI="http://192.168.69.1:10/RPC2", sourceIdentifier="t2", receiverIndex=-1,
             subscribedEvents=["conferenceCreate"])
    )
    free = r["receiverIndex"]
    assert free not in (2,) and 1 <= free <= 4, r
    r = s.feedbackReceiver.extended.query(ADMIN)
    got = {x["index"]: (x["receiverURI"], x["sourceIdentifier"]) for x in r["receivers"]}
    assert got[2] == ("http://192.168.69.1:9/RPC2", "t1"), r
    assert got[free] == ("http://192.168.69.1:10/RPC2", "t2"), r
    ok("feedbackReceiver.extended.configure/query")
    assert s.feedbackReceiver.extended.remove(dict(ADMIN, receiverIndex=2)) == {"status": "operation successful"}
    assert s.feedbackReceiver.extended.remove(dict(ADMIN, receiverIndex=free))["status"] == "operation successful"
    assert s.feedbackReceiver.extended.query(ADMIN) == {"receivers": []}
    code, text = fault_code(s.feedbackReceiver.extended.remove, dict(ADMIN, receiverIndex=2))
    assert (code, text) == (102, "invalid parameter - receiverIndex"), (code, text)
    code, _ = fault_code(
        s.feedbackReceiver.extended.configure,
        dict(ADMIN, receiverURI="ftp://x/RPC2", sourceIdentifier="t1"),
    )
    assert code == 102, code
    ok("feedbackReceiver.extended.remove and faults")

    # the conference table
    r = s.factory.conferencecreate(dict(ADMIN, conferenceAlias="4455"))
    assert r["status"] == "operation successful", r
    name, cid = r["conferenceName"], r["factoryConferenceId"]
    assert r["factory_conference_id"] == cid
    r2 = s.factory.conferencecreate(dict(ADMIN, conferenceAlias="4455"))
    assert r2["status"] == "error" and r2["conferenceName"] == name and r2["factoryConferenceId"] == cid, r2
    ok("factory.conferencecreate (new and existing alias)")
    r = s.conference.enumerate(MONITOR)
    assert [(c["conferenceName"], c["factoryConferenceId"], c["numericId"]) for c in r["conferences"]] == [
        (name, cid, "4455")
    ], r
    assert r["conferences"][0]["factoryTemplateType"] == "meet" and r["conferences"][0]["isCascaded"] is False
    ok("conference.enumerate")
    others = [s.factory.conferencecreate(dict(ADMIN, conferenceAlias=f"77{i}"))["conferenceName"] for i in range(3)]
    code, text = fault_code(s.factory.conferencecreate, dict(ADMIN, conferenceAlias="full"))
    assert (code, text) == (6, "too many conferences"), (code, text)
    assert len(s.conference.enumerate(ADMIN)["conferences"]) == 4
    ok("fault 6 when the table is full")
    assert s.conference.destroy(dict(ADMIN, conferenceName=name)) == {"status": "operation successful"}
    code, text = fault_code(s.conference.destroy, dict(ADMIN, conferenceName=name))
    assert (code, text) == (4, "no such conference or auto attendant"), (code, text)
    for n in others:
        s.conference.destroy(dict(ADMIN, conferenceName=n))
    assert s.conference.enumerate(ADMIN) == {"conferences": []}
    ok("conference.destroy (and fault 4)")
    code, _ = fault_code(s.conference.enumerate, dict(ADMIN, enumerateID="nope"))
    assert code == 16, code
    ok("fault 16 for an enumerateID never handed out")

    # spec faults
    assert fault_code(s.device.query, dict(ADMIN, authenticationPassword="s3cret!")) == (15, "insufficient privileges")
    assert fault_code(s.device.query, {"authenticationUser": "admin", "authenticationPassword": ""})[0] == 15
    assert fault_code(s.conference.destroy, dict(MONITOR, conferenceName="x")) == (14, "authorization failed")
    assert fault_code(s.device.query, {})[0] == 101
    assert fault_code(s.device.query, {"authenticationUser": "apiuser"}) == (101, "missing parameter - authenticationPassword")
    ok("authentication faults 15 / 14 / 101")
    assert fault_code(s.factory.conferencecreate, ADMIN)[0] == 21
    assert fault_code(s.conference.destroy, ADMIN)[0] == 8
    assert fault_code(s.factory.conferencecreate, dict(ADMIN, conferenceAlias=12))[0] == 103
    assert fault_code(s.factory.conferencecreate, dict(ADMIN, conferenceAlias="a", webEx="Zoom"))[0] == 102
    ok("parameter faults 21 / 8 / 103 / 102")
    assert fault_code(s.participant.enumerate, ADMIN) == (1, "method not supported")
    assert fault_code(getattr(s, "no.such.method"), ADMIN)[0] == 1
    ok("fault 1 for unsupported and unknown methods")


# ---------------------------------------------------------------- feedback


def receiver(host, port):
    """Child process: a SimpleXMLRPCServer feedback receiver printing each
    notification as one JSON line."""

    def event_notification(params):
        print(json.dumps(params), flush=True)
        return "ok"

    class Server(SimpleXMLRPCServer):
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET

    server = Server((host, int(port)), logRequests=False, allow_none=True)
    server.register_function(event_notification, "eventNotification")
    print("ready", flush=True)
    server.serve_forever()


LIVE = []


@atexit.register
def _kill_live_receivers():
    # A failed check must not leave a receiver holding the output pipes.
    for proc in LIVE:
        if proc.poll() is None:
            proc.kill()


class Receiver:
    def __init__(self, host, port, sink):
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "receiver", host, str(port)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        LIVE.append(self.proc)
        assert self.proc.stdout.readline().strip() == "ready"
        self.thread = threading.Thread(target=self._pump, args=(sink,), daemon=True)
        self.thread.start()

    def _pump(self, sink):
        for line in self.proc.stdout:
            sink.append(json.loads(line))

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def flatten(notes):
    """Unique notifications by seqn (a retry of a notification whose answer
    was lost repeats its seqn), then their events in order."""
    by_seqn = {}
    for n in notes:
        assert n["sourceIdentifier"] == SOURCE, n
        if n["seqn"] in by_seqn:
            assert by_seqn[n["seqn"]] == n, ("same seqn, different content", n)
        by_seqn[n["seqn"]] = n
    seqns = sorted(by_seqn)
    return seqns, [(e["name"], e.get("args", {})) for s in seqns for e in by_seqn[s]["events"]]


def wait_for(pred, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def feedback(url, host, port):
    s = xc.ServerProxy(url)
    notes = []
    rx = Receiver(host, port, notes)
    wait_for(lambda: notes, 10, "applicationStarted")
    seqns, events = flatten(notes)
    assert events[0] == ("applicationStarted", {}) and seqns[0] == 0, notes
    ok("applicationStarted first, seqn 0")

    expected = [("applicationStarted", None)]

    def create(alias):
        r = s.factory.conferencecreate(dict(ADMIN, conferenceAlias=alias))
        expected.append(("conferenceCreate", {"factory_conference_id": r["factoryConferenceId"],
                                              "conference_name": r["conferenceName"]}))
        return r["conferenceName"], r["factoryConferenceId"]

    def destroy(name, cid):
        s.conference.destroy(dict(ADMIN, conferenceName=name))
        expected.append(("conferenceDestroyed", {"factory_conference_id": cid}))

    def check(label):
        seqns, events = flatten(notes)
        assert seqns == list(range(len(seqns))), ("seqn not consecutive", seqns)
        assert [n for n, _ in events] == [n for n, _ in expected], (events, expected)
        for (n, args), (_, want) in zip(events, expected):
            if want is not None:
                assert args == want, (n, args, want)
        ok(label)

    a = create("1001")
    destroy(*a)
    b = create("1002")
    wait_for(lambda: len(flatten(notes)[1]) == len(expected), 10, "3 events")
    check("conferenceCreate / conferenceDestroyed in order, consecutive seqn")

    # Kill the receiver; publish fewer events than the queue holds (8).
    rx.kill()
    c = create("1003")
    destroy(*c)
    d = create("1004")
    destroy(*b)
    destroy(*d)
    time.sleep(1.5)  # several failed deliveries
    rx = Receiver(host, port, notes)
    wait_for(lambda: len(flatten(notes)[1]) == len(expected), 15, "the events queued while down")
    check("receiver killed and restarted: nothing lost within the queue bound")
    rx.kill()


# -------------------------------------------------------------------- ipv6


def ipv6(url, rx_host, fw_host):
    s6 = xc.ServerProxy(f"http://[{fw_host}]:{urllib.parse.urlsplit(url).port}/RPC2")
    assert s6.device.query(ADMIN)["serial"] == SERIAL
    ok("xmlrpc.client over IPv6 to the firmware's literal address")
    notes = []
    rx = Receiver(rx_host, 9001, notes)
    r = s6.feedbackReceiver.extended.configure(
        dict(ADMIN, receiverURI=f"http://[{rx_host}]:9001/RPC2", sourceIdentifier=SOURCE,
             receiverIndex=3, subscribedEvents=["conferenceCreate"])
    )
    assert r == {"receiverIndex": 3}, r
    c = s6.factory.conferencecreate(dict(ADMIN, conferenceAlias="v6"))
    wait_for(lambda: notes, 10, "a notification over IPv6")
    seqns, events = flatten(notes)
    assert seqns == [0] and events == [("conferenceCreate", {
        "factory_conference_id": c["factoryConferenceId"], "conference_name": c["conferenceName"]})], notes
    ok("feedback delivered to an IPv6 literal receiverURI")
    rx.kill()


# --------------------------------------------------------------- malformed


def good(url, timeout=15):
    """The next good request: retried while the listeners are busy
    (refused connections), must succeed within `timeout` seconds."""
    end = time.time() + timeout
    while True:
        try:
            r = xc.ServerProxy(url).device.query(ADMIN)
            assert r["serial"] == SERIAL
            return
        except (ConnectionError, OSError):
            if time.time() > end:
                raise
            time.sleep(0.1)


def raw(addr, data, read=True, timeout=10):
    c = socket.create_connection(addr, timeout=timeout)
    try:
        if data:
            c.sendall(data)
        if not read:
            return b""
        out = b""
        while True:
            try:
                chunk = c.recv(4096)
            except ConnectionResetError:
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        c.close()


def status(resp):
    return resp.split(b"\r\n", 1)[0]


def malformed(url):
    u = urllib.parse.urlsplit(url)
    addr = (u.hostname, u.port)

    r = raw(addr, b"\x00\xff\x13garbage garbage\r\n\r\n")
    assert status(r) == b"HTTP/1.1 400 Bad Request", r
    good(url)
    ok("garbage -> 400, next request answered")

    r = raw(addr, b"GET /RPC2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status(r) == b"HTTP/1.1 405 Method Not Allowed" and b"Allow: POST" in r, r
    r = raw(addr, b"POST /other HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    assert status(r) == b"HTTP/1.1 404 Not Found", r
    r = raw(addr, b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    assert status(r) == b"HTTP/1.1 411 Length Required", r
    good(url)
    ok("404 / 405 / 411")

    # truncated head, then the peer goes away
    raw(addr, b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Le", read=False)
    good(url)
    # truncated head, peer waits: 408 after the request timeout (3 s)
    t0 = time.time()
    r = raw(addr, b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Le")
    assert status(r) == b"HTTP/1.1 408 Request Timeout", r
    assert 2.5 < time.time() - t0 < 8, time.time() - t0
    good(url)
    ok("truncated head (closed, and left hanging -> 408)")

    # a 1 MB body: 413 without reading it
    c = socket.create_connection(addr, timeout=10)
    c.sendall(b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1048576\r\n\r\n")
    got = b""
    try:
        c.sendall(b"<" * 1048576)
    except (BrokenPipeError, ConnectionResetError, socket.timeout):
        pass
    try:
        while True:
            chunk = c.recv(4096)
            if not chunk:
                break
            got += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    c.close()
    assert got == b"" or status(got) == b"HTTP/1.1 413 Payload Too Large", got
    # The answer is sent before the body is read; the reset that follows
    # may discard it on the client, so check the status once more with a
    # client that stops after the head.
    c = socket.create_connection(addr, timeout=10)
    c.sendall(b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n")
    r = c.recv(4096)
    c.close()
    assert status(r) == b"HTTP/1.1 413 Payload Too Large", r
    good(url)
    ok("1 MB body -> 413 without reading it")

    # 10 simultaneous silent connections to 2 listeners
    conns, refused = [], 0
    for _ in range(10):
        try:
            conns.append(socket.create_connection(addr, timeout=5))
        except ConnectionRefusedError:
            refused += 1
    t0 = time.time()
    good(url)  # succeeds once the silent ones time out (3 s)
    waited = time.time() - t0
    # Every accepted silent connection is closed by the firmware after the
    # request timeout (3 s).
    closed = 0
    for c in conns:
        c.settimeout(6)
        try:
            if c.recv(1) == b"":
                closed += 1
        except ConnectionResetError:
            closed += 1
        c.close()
    # At most 2 accepted (2 listeners; fewer when one is still closing the
    # previous connection), the rest refused by the stack.
    assert 1 <= len(conns) <= 2 and refused == 10 - len(conns), (len(conns), refused)
    assert closed == len(conns), (closed, len(conns))
    print(f"   10 connections: {len(conns)} accepted, {refused} refused; "
          f"good request after {waited:.1f} s; {closed} closed by the firmware", flush=True)
    ok("10 simultaneous connections to 2 listeners")

    # one silent connection: the other listener answers meanwhile, and the
    # silent one is closed after the request timeout
    c = socket.create_connection(addr, timeout=10)
    t0 = time.time()
    good(url, timeout=1)
    try:
        assert c.recv(1) == b""
    except ConnectionResetError:
        pass
    assert 2.5 < time.time() - t0 < 8, time.time() - t0
    c.close()
    good(url)
    ok("silent connection dropped after the request timeout, others served meanwhile")

    # pipelined keep-alive requests on one connection
    body = xc.dumps((ADMIN,), "device.query").encode()
    req = b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    c = socket.create_connection(addr, timeout=10)
    c.sendall(req + req)
    got = b""
    while got.count(b"</methodResponse>") < 2:
        chunk = c.recv(4096)
        assert chunk, got
        got += chunk
    c.close()
    assert got.count(b"HTTP/1.1 200 OK") == 2 and got.count(SERIAL.encode()) == 2, got
    ok("two pipelined requests on one keep-alive connection")


# -------------------------------------------------------------------- slow


def connect(addr, timeout=10):
    """A connection, retried while both listeners are busy (refused)."""
    end = time.time() + timeout
    while True:
        try:
            return socket.create_connection(addr, timeout=timeout)
        except ConnectionRefusedError:
            if time.time() > end:
                raise
            time.sleep(0.05)


def slow(url):
    """Both listeners held by clients that stay silent 2.5 s, then send
    their head one byte every 0.5 s: each is dropped 3 s (the request
    timeout) after it was accepted, so a good request waits no longer
    (it used to get the timeout again from the first byte: 5.5 s)."""
    u = urllib.parse.urlsplit(url)
    addr = (u.hostname, u.port)
    head = b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 300\r\n\r\n"
    results = {}
    conns = [connect(addr) for _ in range(2)]
    t0 = time.time()

    def trickle(i, c):
        got = b""
        time.sleep(2.5)  # the attack: silent first...
        for byte in head:  # ...then slow
            try:
                c.send(bytes([byte]))
            except OSError:
                break
            r, _, _ = select.select([c], [], [], 0.5)
            if r:
                try:
                    got = c.recv(4096)
                except ConnectionResetError:
                    pass
                break
        results[i] = (status(got), time.time() - t0)
        c.close()

    threads = [threading.Thread(target=trickle, args=(i, c)) for i, c in enumerate(conns)]
    for t in threads:
        t.start()
    good(url)
    waited = time.time() - t0
    for t in threads:
        t.join(20)
    print(f"   2 slow clients on 2 listeners: good request after {waited:.1f} s; "
          f"slow ones: {sorted(results.values())}", flush=True)
    assert waited < 4.5, waited
    for st, at in results.values():
        assert st in (b"HTTP/1.1 408 Request Timeout", b""), st
        assert at < 4.5, at
    ok("a silent-then-slow client holds a listener at most the request timeout from its accept")


# --------------------------------------------------------------- halfclose


def halfclose(url):
    """A complete request followed by shutdown(SHUT_WR) is answered."""
    u = urllib.parse.urlsplit(url)
    addr = (u.hostname, u.port)
    body = xc.dumps((ADMIN,), "device.query").encode()
    req = b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    for i in range(20):
        c = connect(addr)
        c.sendall(req)
        c.shutdown(socket.SHUT_WR)
        got = b""
        while True:
            try:
                chunk = c.recv(4096)
            except ConnectionResetError:
                break
            if not chunk:
                break
            got += chunk
        c.close()
        assert status(got) == b"HTTP/1.1 200 OK" and SERIAL.encode() in got, (i, got)
    ok("20 half-closed requests all answered")


# ---------------------------------------------------------------- bigreply


def bigreply(url, host, port):
    """A receiver answering every notification with 200 and a valid
    methodResponse padded to 8 MiB: the firmware must not read it past its
    reply buffer, and must count it failed (the same seqn comes again)."""
    total = 8 << 20
    xml = b"<?xml version=\"1.0\"?><methodResponse><params><param><value><string>ok</string></value></param></params></methodResponse>"
    seen = []  # (seqn, bytes of the reply the firmware let us send)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, int(port)))
    srv.listen(4)

    def serve():
        while len(seen) < 3:
            c, _ = srv.accept()
            c.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = c.recv(4096)
                if not chunk:
                    break
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = int([l.split(b":", 1)[1] for l in head.split(b"\r\n")
                          if l.lower().startswith(b"content-length:")][0])
            while len(body) < length:
                body += c.recv(4096)
            seqn = int(body.split(b"<name>seqn</name>")[1].split(b"<int>")[1].split(b"<")[0])
            sent = 0
            try:
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % total)
                c.sendall(xml)
                sent = len(xml)
                pad = b" " * 65536
                while sent < total:
                    sent += c.send(pad[: total - sent])
            except OSError:
                pass
            seen.append((seqn, sent))
            c.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    wait_for(lambda: len(seen) >= 2, 20, "a notification and its retry")
    print(f"   replies: {seen[:2]}", flush=True)
    assert seen[0][0] == seen[1][0] == 0, seen
    for _, sent in seen[:2]:
        assert sent < total, sent
    ok("an oversized reply is not read past the buffer and counts as failed (retried)")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"methods": methods, "feedback": feedback, "malformed": malformed, "ipv6": ipv6,
     "receiver": receiver, "slow": slow, "halfclose": halfclose, "bigreply": bigreply}[cmd](*args)
