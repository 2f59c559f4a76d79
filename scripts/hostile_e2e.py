#!/usr/bin/env python3
"""The hostile measurements of SECURITY.md against a real `baton serve --memory`:
four stalled clients (head only, 5 body bytes, stalled chunked) and how long a
good device.query waits meanwhile; what a stalled client gets, and when; 100
requests followed by shutdown(SHUT_WR); 30 refused logins and the log lines.

    python3 scripts/hostile_e2e.py target/debug/baton

A measurement, not a test (it pauses 0.3 s so the server has taken the heads).
"""
import socket, subprocess, sys, time, xmlrpc.client as xc
port = 18931
p = subprocess.Popen([sys.argv[1], "serve", "--memory", "--user", "api", "--password", "secret", "--listen", f"127.0.0.1:{port}"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
try:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close(); break
        except OSError:
            time.sleep(0.1)
    A = {"authenticationUser": "api", "authenticationPassword": "secret"}
    s = xc.ServerProxy(f"http://127.0.0.1:{port}/RPC2")
    s.device.query(A)
    def stall(head):
        c = socket.create_connection(("127.0.0.1", port))
        c.sendall(head)
        return c
    for name, extra in [("head, no body", b""), ("5 body bytes", b"<?xml"), ]:
        conns = [stall(b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 400\r\n\r\n" + extra) for _ in range(4)]
        time.sleep(0.3)  # let the server take the heads (measurement script, not a test)
        t = time.time(); s.device.query(A); print(f"{name}: device.query after {time.time()-t:.3f} s with 4 stalled")
        t = time.time(); c = conns[0]; c.settimeout(40)
        r = c.recv(100); first = r.split(b'\r\n')[0]; print(f"   stalled client answered {first!r} after {time.time()-t+0.3:.1f} s")
        for c in conns: c.close()
    conns = [stall(b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<?xml\r\n") for _ in range(4)]
    time.sleep(0.3)
    t = time.time(); s.device.query(A); print(f"stalled chunked: device.query after {time.time()-t:.3f} s with 4 stalled")
    for c in conns: c.close()
    # half-close
    body = xc.dumps((A,), "device.query").encode()
    req = b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    ok = 0
    for i in range(100):
        c = socket.create_connection(("127.0.0.1", port)); c.sendall(req); c.shutdown(socket.SHUT_WR)
        got = b""
        while True:
            ch = c.recv(4096)
            if not ch: break
            got += ch
        ok += got.startswith(b"HTTP/1.1 200")
        c.close()
    print(f"half-close: {ok}/100 answered")
    # refused logins
    for i in range(30):
        try: s.device.query({"authenticationUser": "api", "authenticationPassword": "nope-SECRETX"})
        except xc.Fault: pass
finally:
    p.terminate(); err = p.communicate(timeout=10)[1]
    lines = [l for l in err.splitlines() if "refused" in l]
    print(f"refused-call log lines for 30 refused logins: {len(lines)}; password in log: {'nope-SECRETX' in err}")
    if lines: print("   " + lines[0][:200]); print("   " + lines[-1][:200])
