"""CPython checks of feedback receivers named by host names, resolved by the
host firmware through embassy-net's DNS socket and `dns_responder.py`.
Runs inside the test's network namespace.

    python3 dns_checks.py <url> <host_ip> <host_ip6> <dns_log>

The firmware was started with `http://receiver.test:9000/RPC2` in slot 1;
`dns_responder.py` maps receiver.test to <host_ip>, receiver6.test to
<host_ip6> only, silent.test to no answer at all, anything else to
NXDOMAIN.
"""

import sys
import time
import xmlrpc.client as xc

from firmware_checks import ADMIN, Receiver, flatten, ok, wait_for

SOURCE = "baton-firmware-host"


def names(notes):
    return [n for n, _ in flatten(notes)[1]]


def consecutive(notes, want, label):
    seqns, _ = flatten(notes)
    assert seqns == list(range(len(seqns))), ("seqn not consecutive", label, seqns)
    assert names(notes) == want, (label, names(notes), want)


def queries(log, name, answer):
    with open(log) as f:
        return sum(1 for line in f if line.split()[0] == name and line.split()[2] == answer)


def main(url, host, host6, log):
    s = xc.ServerProxy(url)
    boot, named, literal = [], [], []
    rx_boot = Receiver(host, 9000, boot)
    wait_for(lambda: boot, 10, "applicationStarted at receiver.test:9000")
    consecutive(boot, ["applicationStarted"], "boot receiver")
    assert queries(log, "receiver.test", host) >= 1
    ok("applicationStarted delivered to http://receiver.test:9000/RPC2 (A record looked up)")

    rx_named = Receiver(host, 9001, named)
    rx_literal = Receiver(host, 9002, literal)
    for index, uri in [(2, "http://receiver.test:9001/RPC2"), (3, "http://silent.test:9/RPC2"),
                       (4, f"http://{host}:9002/RPC2")]:
        r = s.feedbackReceiver.extended.configure(
            dict(ADMIN, receiverURI=uri, sourceIdentifier=SOURCE, receiverIndex=index))
        assert r == {"receiverIndex": index}, r
    got = {x["index"]: x["receiverURI"] for x in s.feedbackReceiver.extended.query(ADMIN)["receivers"]}
    assert got[2] == "http://receiver.test:9001/RPC2" and got[3] == "http://silent.test:9/RPC2", got

    # The silent name costs at most the connect timeout (2 s) per attempt;
    # the resolver alone would hold the one delivery task about 10 s per
    # query type.
    started = time.time()
    c1 = s.factory.conferencecreate(dict(ADMIN, conferenceAlias="dns1"))
    wait_for(lambda: boot[1:] and named and literal, 8, "conferenceCreate at the three live receivers")
    first = time.time() - started
    s.conference.destroy(dict(ADMIN, conferenceName=c1["conferenceName"]))
    s.factory.conferencecreate(dict(ADMIN, conferenceAlias="dns2"))
    want = ["conferenceCreate", "conferenceDestroyed", "conferenceCreate"]
    wait_for(lambda: len(names(boot)) == 4 and len(names(named)) == 3 and len(names(literal)) == 3,
             15, "3 events at each live receiver")
    consecutive(boot, ["applicationStarted"] + want, "receiver.test:9000")
    consecutive(named, want, "receiver.test:9001")
    consecutive(literal, want, "literal")
    ok("receiver.test:9000 and :9001 (configured) get their events in order, consecutive seqn")
    wait_for(lambda: queries(log, "silent.test", "drop") >= 3, 15, "silent.test retried")
    ok(f"silent.test never answers, is retried ({queries(log, 'silent.test', 'drop')} queries), "
       f"and the others still get their events (first in {first:.1f} s)")

    # NXDOMAIN and an IPv6-only name (A answered empty, then AAAA).
    rx6 = []
    rx_v6 = Receiver(host6, 9003, rx6)
    for index, uri in [(3, "http://nowhere.test:9/RPC2"), (2, "http://receiver6.test:9003/RPC2")]:
        r = s.feedbackReceiver.extended.configure(
            dict(ADMIN, receiverURI=uri, sourceIdentifier=SOURCE, receiverIndex=index))
        assert r == {"receiverIndex": index}, r
    started = time.time()
    s.factory.conferencecreate(dict(ADMIN, conferenceAlias="dns3"))
    wait_for(lambda: len(names(boot)) == 5 and len(names(literal)) == 4 and rx6, 8,
             "conferenceCreate with nowhere.test configured")
    consecutive(rx6, ["conferenceCreate"], "receiver6.test")
    consecutive(literal, want + ["conferenceCreate"], "literal")
    assert queries(log, "receiver6.test", host6) >= 1
    wait_for(lambda: queries(log, "nowhere.test", "nxdomain") >= 3, 15, "nowhere.test retried")
    ok(f"nowhere.test (NXDOMAIN) is retried and receiver6.test (AAAA only) gets its event "
       f"({time.time() - started:.1f} s)")
    for rx in (rx_boot, rx_named, rx_literal, rx_v6):
        rx.kill()


if __name__ == "__main__":
    main(*sys.argv[1:])
