#!/usr/bin/env python3
"""Markdown tables from criterion's saved results (the decode and encode benches).

    python3 scripts/bench_table.py [CRITERION_DIR]

CRITERION_DIR defaults to $CARGO_TARGET_DIR/criterion, else target/criterion. For every group
(`decode/<payload>`, `encode/<payload>`) one table: implementation, median time, MB/s (10^6
bytes per second of the bytes that implementation read or wrote), and speed relative to the
fastest XML-RPC peer in the same group (peer time / this time; above 1 is faster). Tokenizers
(xmlparser, quick-xml) are shown for scale but are not XML-RPC peers.
"""

import json
import os
import sys

PEERS = ("dxr", "serde_xmlrpc", "xmlrpc ")
ORDER = ("decode/event_notification", "decode/conference_create", "decode/participant_enumerate_2400",
         "encode/event_notification", "encode/conference_create", "encode/participant_enumerate_2400")


def is_peer(function_id):
    return function_id.startswith(PEERS)


def fmt_time(ns):
    if ns >= 1e6:
        return "%.2f ms" % (ns / 1e6)
    if ns >= 1e3:
        return "%.2f µs" % (ns / 1e3)
    return "%.0f ns" % ns


def load(root):
    groups = {}
    for dirpath, _dirs, files in os.walk(root):
        if os.path.basename(dirpath) != "new" or "benchmark.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            meta = json.load(f)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            est = json.load(f)
        ns = est["median"]["point_estimate"]
        nbytes = (meta.get("throughput") or {}).get("Bytes")
        groups.setdefault(meta["group_id"], []).append((meta["function_id"], ns, nbytes))
    return groups


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "criterion")
    groups = load(root)
    if not groups:
        raise SystemExit("no criterion results under %s" % root)
    names = [g for g in ORDER if g in groups] + sorted(g for g in groups if g not in ORDER)
    for name in names:
        rows = groups[name]
        peer_times = [ns for fid, ns, _ in rows if is_peer(fid)]
        fastest_peer = min(peer_times) if peer_times else None
        print("#### `%s`\n" % name)
        print("| implementation | median time | MB/s | vs fastest XML-RPC peer |")
        print("|---|---:|---:|---:|")
        for fid, ns, nbytes in sorted(rows, key=lambda r: r[1]):
            mbs = "%.0f" % (nbytes / ns * 1e3) if nbytes else "-"
            ratio = "%.2fx" % (fastest_peer / ns) if fastest_peer else "-"
            print("| %s | %s | %s | %s |" % (fid, fmt_time(ns), mbs, ratio))
        print()


if __name__ == "__main__":
    main()
