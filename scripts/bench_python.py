#!/usr/bin/env python3
"""Time CPython's xmlrpc.client.loads / dumps on the benchmark payloads (testdata/bench/).

    python3 scripts/bench_python.py [--repeat N] [--min-time SECONDS]

For each payload: loads() of the file's text, and dumps() of the value loads() returned (the
same document CPython wrote). Timing is timeit, best of --repeat runs; each run loops enough
times to last at least --min-time. MB/s is the payload's (decode) or the output's (encode) size
in 10^6 bytes divided by the best time per call. The 4.8 MB payload is generated if missing.
"""

import argparse
import os
import subprocess
import sys
import timeit
import xmlrpc.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "testdata", "bench")

# (file, label): the spec's verbatim eventNotification uses <String>/<Array>, which CPython
# rejects, so CPython (like the Rust peers) reads its canonical form.
PAYLOADS = [
    ("event_notification_canonical.xml", "event_notification"),
    ("conference_create.xml", "conference_create"),
    ("participant_enumerate.xml", "participant_enumerate_2400"),
]


def best_time(fn, repeat, min_time):
    timer = timeit.Timer(fn)
    number, elapsed = timer.autorange()
    while elapsed < min_time:
        number *= 2
        elapsed = timer.timeit(number)
    runs = [elapsed] + timer.repeat(repeat=max(repeat - 1, 0), number=number)
    return min(runs) / number


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="timeit runs; the best one counts")
    ap.add_argument("--min-time", type=float, default=0.5, help="seconds per timeit run, at least")
    args = ap.parse_args()

    if not os.path.exists(os.path.join(BENCH, "participant_enumerate.xml")):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_bench_payloads.py")], check=True)

    print("CPython %s, xmlrpc.client, best of %d" % (sys.version.split()[0], args.repeat))
    print("%-28s %10s %12s %10s %12s %10s" % ("payload", "bytes", "loads", "MB/s", "dumps", "MB/s"))
    for file, label in PAYLOADS:
        with open(os.path.join(BENCH, file), "rb") as f:
            data = f.read()
        text = data.decode("utf-8")
        params, method = xmlrpc.client.loads(text)
        is_response = method is None

        def decode():
            xmlrpc.client.loads(text)

        if is_response:
            def encode():
                return xmlrpc.client.dumps(params, methodresponse=True)
        else:
            def encode():
                return xmlrpc.client.dumps(params, methodname=method)

        out_len = len(encode().encode("utf-8"))
        t_dec = best_time(decode, args.repeat, args.min_time)
        t_enc = best_time(encode, args.repeat, args.min_time)
        print(
            "%-28s %10d %10.3f ms %10.1f %10.3f ms %10.1f"
            % (label, len(data), t_dec * 1e3, len(data) / t_dec / 1e6, t_enc * 1e3, out_len / t_enc / 1e6)
        )


if __name__ == "__main__":
    main()
