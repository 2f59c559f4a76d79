"""The validator1 suite (xmlrpc.com's classic XML-RPC validator), CPython side.

  validator1.py requests SEED COUNT   -> JSON list of request documents on stdout,
                                         COUNT per method, built as the validator does
                                         (random values, CPython's xmlrpc.client.dumps)
  validator1.py check                 <- JSON list of {"request": xml, "response": xml}
                                         on stdin; each response is loaded with
                                         xmlrpc.client.loads and compared with the answer
                                         computed here from the request. Exit 1 on any
                                         mismatch, listing them.
"""
import datetime
import json
import random
import sys
import xmlrpc.client

METHODS = [
    "arrayOfStructsTest",
    "countTheEntities",
    "easyStructTest",
    "echoStructTest",
    "manyTypesTest",
    "moderateSizeArrayCheck",
    "nestedStructTest",
    "simpleStructReturnTest",
]


def stooges(rng):
    return {"moe": rng.randint(-1000, 1000), "larry": rng.randint(-1000, 1000),
            "curly": rng.randint(-1000, 1000)}


def text(rng, n):
    alphabet = "abcXYZ019 <>&'\"\t\n\u00e9\u4e2d\U0001F600"
    return "".join(rng.choice(alphabet) for _ in range(n))


def params_for(method, rng):
    if method == "arrayOfStructsTest":
        return ([stooges(rng) for _ in range(rng.randint(0, 20))],)
    if method == "countTheEntities":
        return (text(rng, rng.randint(0, 200)),)
    if method == "easyStructTest":
        return (stooges(rng),)
    if method == "echoStructTest":
        return ({f"substruct{i}": stooges(rng) for i in range(rng.randint(0, 8))},)
    if method == "manyTypesTest":
        dt = datetime.datetime(rng.randint(1, 9999), rng.randint(1, 12), rng.randint(1, 28),
                               rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
        return (rng.randint(-2**31, 2**31 - 1), rng.random() < 0.5, text(rng, 20),
                rng.uniform(-1e6, 1e6), dt, bytes(rng.randrange(256) for _ in range(rng.randint(0, 40))))
    if method == "moderateSizeArrayCheck":
        return ([text(rng, rng.randint(0, 12)) for _ in range(rng.randint(100, 200))],)
    if method == "nestedStructTest":
        cal = {}
        for year in ("1999", "2000", "2001"):
            cal[year] = {}
            for month in range(1, 13):
                days = {}
                for day in range(1, 32 if year == "2000" and month == 4 else 3):
                    days["%02d" % day] = stooges(rng)
                cal[year]["%02d" % month] = days
        return (cal,)
    if method == "simpleStructReturnTest":
        return (rng.randint(-200000, 200000),)
    raise ValueError(method)


def answer(method, params):
    if method == "arrayOfStructsTest":
        return sum(s["curly"] for s in params[0])
    if method == "countTheEntities":
        s = params[0]
        return {"ctLeftAngleBrackets": s.count("<"), "ctRightAngleBrackets": s.count(">"),
                "ctAmpersands": s.count("&"), "ctApostrophes": s.count("'"),
                "ctQuotes": s.count('"')}
    if method == "easyStructTest":
        s = params[0]
        return s["moe"] + s["larry"] + s["curly"]
    if method == "echoStructTest":
        return params[0]
    if method == "manyTypesTest":
        return list(params)
    if method == "moderateSizeArrayCheck":
        return params[0][0] + params[0][-1]
    if method == "nestedStructTest":
        d = params[0]["2000"]["04"]["01"]
        return d["moe"] + d["larry"] + d["curly"]
    if method == "simpleStructReturnTest":
        n = params[0]
        return {"times10": n * 10, "times100": n * 100, "times1000": n * 1000}
    raise ValueError(method)


def requests(seed, count):
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        for method in METHODS:
            docs.append(xmlrpc.client.dumps(params_for(method, rng), "validator1." + method))
    json.dump(docs, sys.stdout)


def check():
    cases = json.load(sys.stdin)
    bad = []
    for case in cases:
        params, method = xmlrpc.client.loads(case["request"], use_builtin_types=True)
        want = answer(method.split(".", 1)[1], params)
        try:
            got, none = xmlrpc.client.loads(case["response"], use_builtin_types=True)
            ok = none is None and len(got) == 1 and got[0] == want and type(got[0]) is type(want)
        except Exception as e:  # a response CPython cannot read is a failure too
            got, ok = repr(e), False
        if not ok:
            bad.append(f"{method}: want {want!r}, got {got!r}\n  response: {case['response'][:400]}")
    if bad:
        print(f"{len(bad)} of {len(cases)} answers wrong:", *bad[:10], sep="\n")
        sys.exit(1)
    print(f"{len(cases)} answers read back by CPython and correct")


if __name__ == "__main__":
    if sys.argv[1] == "requests":
        requests(int(sys.argv[2]), int(sys.argv[3]))
    else:
        check()
