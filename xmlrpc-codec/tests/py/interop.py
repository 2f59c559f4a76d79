"""CPython as the independent XML-RPC peer for baton's interop tests.

  interop.py loads           <- JSON list of {"doc": xml, "params": [V...], "fault": F?}
                                on stdin: each document (written by baton) is read with
                                xmlrpc.client.loads(use_builtin_types=True) and must equal
                                the values described in the CLI's tagged JSON form.
  interop.py generate SEED N -> JSON list of N CPython documents (dumps, allow_none=True)
                                of random values, on stdout.
  interop.py roundtrip       <- JSON list of {"original": xml, "baton": xml} on stdin: the
                                document baton decoded and re-encoded must load to exactly
                                the values CPython generated.

Equality is strict: types are compared too (True is not 1), doubles bit for bit (-0.0 is
not 0.0), structs as dicts (member order is not compared).
Exit status 1 with a list of mismatches when anything differs.
"""
import base64
import datetime
import json
import math
import random
import struct
import sys
import xmlrpc.client


def from_tagged(v):
    """The CLI JSON form ({"int": 1}, ...) as the Python value loads() gives."""
    (tag, x), = v.items()
    if tag in ("int", "i8"):
        return int(x)
    if tag == "boolean":
        return bool(x)
    if tag == "string":
        return x
    if tag == "double":
        return float(x)
    if tag == "dateTime.iso8601":
        return datetime.datetime.strptime(x, "%Y%m%dT%H:%M:%S")
    if tag == "base64":
        return base64.b64decode(x, validate=True)
    if tag == "nil":
        return None
    if tag == "struct":
        return {k: from_tagged(w) for k, w in x.items()}
    if tag == "array":
        return [from_tagged(w) for w in x]
    raise ValueError(tag)


def same(a, b):
    """Strict equality: same types, doubles bit for bit."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def fail(bad, total):
    print(f"{len(bad)} of {total} documents differ:", *bad[:10], sep="\n")
    sys.exit(1)


def check_loads():
    cases = json.load(sys.stdin)
    bad = []
    for case in cases:
        doc = case["doc"]
        try:
            if "fault" in case:
                try:
                    xmlrpc.client.loads(doc)
                    got = "no fault"
                except xmlrpc.client.Fault as f:
                    got = (f.faultCode, f.faultString)
                want = (case["fault"]["faultCode"], case["fault"]["faultString"])
                ok = got == want
            else:
                params, method = xmlrpc.client.loads(doc, use_builtin_types=True)
                got = list(params)
                want = [from_tagged(v) for v in case["params"]]
                ok = same(got, want) and method == case.get("methodName")
        except Exception as e:
            got, want, ok = repr(e), case.get("params"), False
        if not ok:
            bad.append(f"want {want!r}\n got {got!r}\n doc {doc[:300]!r}")
    if bad:
        fail(bad, len(cases))
    print(f"{len(cases)} baton documents loaded by CPython, all equal")


# ---- random values, CPython's own documents -------------------------------------------

ALPHABET = ("abcXYZ 019<>&'\"\r\n\t;=]]>\u00e9\u00ff\u0100\u07ff\u0800\u4e2d\ufffd"
            "\U00010000\U0001F600\U0010FFFF")


def rand_string(rng):
    if rng.random() < 0.1:
        return ""
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 24)))


def rand_double(rng):
    r = rng.random()
    if r < 0.1:
        return rng.choice([0.0, -0.0, 1.0, -1.0, 0.1, 1e-7, 1e16, 5e-324, -5e-324,
                           2.2250738585072014e-308, 1.7976931348623157e308,
                           -1.7976931348623157e308, 9007199254740993.0, 0.30000000000000004])
    if r < 0.4:
        # any finite bit pattern
        while True:
            x = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
            if math.isfinite(x):
                return x
    if r < 0.7:
        return rng.uniform(-1e6, 1e6)
    return rng.randint(-10**6, 10**6) / rng.choice([1, 2, 4, 8, 10, 100, 1000, 3])


def rand_datetime(rng):
    if rng.random() < 0.1:
        return rng.choice([datetime.datetime(1, 1, 1), datetime.datetime(9999, 12, 31, 23, 59, 59),
                           datetime.datetime(2000, 2, 29, 12, 0, 0)])
    return datetime.datetime(rng.randint(1, 9999), rng.randint(1, 12), rng.randint(1, 28),
                             rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))


def rand_bytes(rng):
    n = rng.choice([0, 1, 2, 3, 4, 57, 58, 59, 100])
    special = rng.random() < 0.3
    return bytes(rng.choice([0x00, 0xff]) if special else rng.randrange(256) for _ in range(n))


def rand_int(rng):
    return rng.choice([0, 1, -1, 2**31 - 1, -2**31, rng.randint(-2**31, 2**31 - 1),
                       rng.randint(-1000, 1000)])


def rand_value(rng, depth):
    kinds = ["int", "bool", "str", "double", "datetime", "bytes", "nil"]
    if depth < 4:
        kinds += ["struct", "array"]
    kind = rng.choice(kinds)
    if kind == "int":
        return rand_int(rng)
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "str":
        return rand_string(rng)
    if kind == "double":
        return rand_double(rng)
    if kind == "datetime":
        return rand_datetime(rng)
    if kind == "bytes":
        return rand_bytes(rng)
    if kind == "nil":
        return None
    if kind == "struct":
        return {rand_string(rng): rand_value(rng, depth + 1) for _ in range(rng.randint(0, 5))}
    return [rand_value(rng, depth + 1) for _ in range(rng.randint(0, 5))]


def generate(seed, n):
    """N documents: responses of one value, calls of 0-4 params, some faults."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        r = rng.random()
        if r < 0.05:
            doc = xmlrpc.client.dumps(xmlrpc.client.Fault(rand_int(rng), rand_string(rng)))
        elif r < 0.45:
            params = tuple(rand_value(rng, 1) for _ in range(rng.randint(0, 4)))
            # (CPython does not escape method names: keep them plain.)
            doc = xmlrpc.client.dumps(params, "m.%d_x:y/z" % i, allow_none=True)
        else:
            doc = xmlrpc.client.dumps((rand_value(rng, 0),), methodresponse=True, allow_none=True)
        # CPython writes CR raw, which any XML parser (its own included) reads back as LF;
        # as a character reference it means CR, so the document means what was generated.
        docs.append(doc.replace("\r", "&#13;"))
    json.dump(docs, sys.stdout)


def load(doc):
    try:
        return ("ok",) + xmlrpc.client.loads(doc, use_builtin_types=True)
    except xmlrpc.client.Fault as f:
        return ("fault", f.faultCode, f.faultString)


def tupled(x):
    return list(x) if isinstance(x, tuple) else x


def check_roundtrip():
    cases = json.load(sys.stdin)
    bad = []
    for case in cases:
        want = load(case["original"])
        try:
            got = load(case["baton"])
            ok = len(got) == len(want) and all(same(tupled(a), tupled(b)) for a, b in zip(got, want))
        except Exception as e:
            got, ok = repr(e), False
        if not ok:
            bad.append(f"want {want!r}\n got {got!r}\n baton {case['baton'][:300]!r}")
    if bad:
        fail(bad, len(cases))
    print(f"{len(cases)} CPython documents decoded and re-encoded by baton, all equal")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "loads":
        check_loads()
    elif cmd == "generate":
        generate(int(sys.argv[2]), int(sys.argv[3]))
    elif cmd == "roundtrip":
        check_roundtrip()
    else:
        sys.exit(f"unknown command {cmd}")
