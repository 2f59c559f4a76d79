"""A Conductor for the embassy enumerate client: answers
participant.enumerate with the 2,400 participants of the bench payload
(scripts/gen_bench_payloads.py) in pages, over real TCP. Runs inside the
test's network namespace.

    python3 enumerate_peer.py serve <host> <port> <length|chunked> <page-size>
    python3 enumerate_peer.py expect [conferenceId]   (the lines the client must print)

`length` is CPython's SimpleXMLRPCServer (HTTP/1.0, Content-Length).
`chunked` is an HTTP/1.1 server answering with Transfer-Encoding: chunked in
chunks of random sizes (1 byte to 3 KiB, seeded). `busy` answers every call
with HTTP 503.

Every call is checked: credentials (else fault 34), the enumerateID echoed
exactly as it was sent (type and value; else fault 201). It alternates the
enumerateID type: an int after even pages, a string after odd ones. The last
page has no enumerateID. Each call is logged to stderr.
"""

import os
import random
import sys
import xmlrpc.client as xc
from http.server import BaseHTTPRequestHandler, HTTPServer
from xmlrpc.server import SimpleXMLRPCServer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "scripts"))
import gen_bench_payloads  # noqa: E402

USER, PASSWORD = "apiuser", "S3cret!"


def participants(conference=None):
    (reply,), _ = xc.loads(gen_bench_payloads.participant_enumerate())
    ps = reply["participants"]
    if conference:
        ps = [p for p in ps if p["factoryConferenceId"] == conference]
    return ps, reply["currentRevision"]


def page_id(page):
    """The enumerateID that asks for `page`."""
    return page * 1000 + 7 if page % 2 else "page-%d/ü" % page


def make_enumerate(page_size):
    cache = {}

    def enumerate_(params):
        if params.get("authenticationUser") != USER or params.get("authenticationPassword") != PASSWORD:
            raise xc.Fault(34, "Authentication failure")
        ids = params.get("factoryConferenceIds")
        key = ids[0] if ids else None
        if key not in cache:
            cache[key] = participants(key)
        ps, revision = cache[key]
        page = 0
        if "enumerateID" in params:
            got = params["enumerateID"]
            page = next((n for n in range(1, 1000) if page_id(n) == got and type(page_id(n)) is type(got)), None)
            if page is None:
                raise xc.Fault(201, "bad enumerateID %r" % (got,))
        chunk = ps[page * page_size:(page + 1) * page_size]
        reply = {"participants": chunk, "currentRevision": revision}
        if (page + 1) * page_size < len(ps):
            reply["enumerateID"] = page_id(page + 1)
        print("page", page, "items", len(chunk), "id", params.get("enumerateID"), file=sys.stderr, flush=True)
        return reply

    return enumerate_


class Chunked(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    rng = random.Random(9)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.server.mode == "busy":
            self.send_response(503)
            self.send_header("Content-Length", "4")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"busy")
            self.close_connection = True
            return
        params, method = xc.loads(body)
        try:
            assert method == "participant.enumerate", method
            out = xc.dumps((self.server.enumerate_(*params),), methodresponse=True, allow_none=True)
        except xc.Fault as f:
            out = xc.dumps(f, methodresponse=True)
        out = out.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        i = 0
        while i < len(out):
            n = self.rng.randint(1, 3072)
            piece = out[i:i + n]
            self.wfile.write(b"%x;x=1\r\n%s\r\n" % (len(piece), piece))
            i += n
        self.wfile.write(b"0\r\nX-Trailer: t\r\n\r\n")
        self.close_connection = True

    def log_message(self, *args):
        pass


def serve(host, port, mode, page_size):
    enumerate_ = make_enumerate(page_size)
    if mode == "length":
        server = SimpleXMLRPCServer((host, port), logRequests=False, allow_none=True)
        server.register_function(enumerate_, "participant.enumerate")
    else:
        server = HTTPServer((host, port), Chunked)
        server.enumerate_ = enumerate_
        server.mode = mode
    print("listening", flush=True)
    server.serve_forever()


def expect(conference=None):
    ps, _ = participants(conference)
    out = sys.stdout.buffer
    for p in ps:
        out.write(("P %s|%s|%s\n" % (p["participantName"], p["displayName"], p["address"])).encode("utf-8"))


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
    else:
        expect(sys.argv[2] if len(sys.argv) > 2 else None)
