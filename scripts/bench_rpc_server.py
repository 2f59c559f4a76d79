#!/usr/bin/env python3
"""CPython's threading SimpleXMLRPCServer as the peer of the baton-tokio server benchmark.

    python3 scripts/bench_rpc_server.py REPLIES.json

REPLIES.json maps a method name to the path of a methodResponse document (baton-tokio's own
answer to that call). Each is loaded once with xmlrpc.client.loads; the registered function
returns that value, so CPython marshals the same reply on every call. HTTP/1.1 keep-alive,
one thread per connection. Prints the port on the first line, then serves until killed.
"""

import json
import socketserver
import sys
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class Handler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/RPC2",)
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


def main():
    with open(sys.argv[1]) as f:
        replies = json.load(f)
    server = Server(("127.0.0.1", 0), requestHandler=Handler, logRequests=False,
                    allow_none=False, use_builtin_types=False)
    for method, path in replies.items():
        with open(path) as f:
            (value,), _ = xmlrpc.client.loads(f.read())

        def answer(params, value=value):
            return value

        server.register_function(answer, method)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
