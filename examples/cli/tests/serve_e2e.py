"""End-to-end scenario against `baton serve`, driven by CPython only
(xmlrpc.client, urllib, xmlrpc.server as the feedback receiver).

phase1 URL USER PASSWORD: receiver up, registered; a ConfBundle PUT over
  REST; factory.conferencecreate from its alias; participants added,
  modified, removed; enumerates; destroy; the events checked (order,
  arguments, consecutive seqn). Prints the receiver port.
phase2 USER PASSWORD PORT: receiver up on the same port, prints "ready",
  reads the server URL from stdin; checks the ConfBundle and the receiver
  are still there and that applicationStarted arrives (seqn 0).
"""
import base64
import json
import sys
import threading
import time
import urllib.request
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler

BUNDLE_ID = "b4c761e6-a32f-4909-b33f-244862180000"
ALIAS = "meet.alice@example.com"
MCU_QUALITY = "0af69ffc-e3f7-12a0-80a5-000ba977a3fa"


class Quiet(SimpleXMLRPCRequestHandler):
    def log_message(self, *args):
        pass


def start_receiver(port=0):
    notes = []
    lock = threading.Lock()
    SimpleXMLRPCServer.allow_reuse_address = True
    server = SimpleXMLRPCServer(("127.0.0.1", port), requestHandler=Quiet,
                                logRequests=False, allow_none=True)

    def event_notification(params):
        with lock:
            notes.append(params)
        return {"status": "operation successful"}

    server.register_function(event_notification, "eventNotification")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, notes, lock


def rest(url, user, password, method, path, body=None):
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method=method, headers={
        "Authorization": "Basic " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            text = r.read()
            return r.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def wait_events(notes, lock, count, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with lock:
            events = [e for n in notes for e in n["events"]]
            if len(events) >= count:
                return list(notes), events
        time.sleep(0.05)
    with lock:
        raise AssertionError(f"expected {count} events, got {notes}")


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def phase1(url, user, password):
    auth = {"authenticationUser": user, "authenticationPassword": password}
    server, notes, lock = start_receiver()
    rport = server.server_address[1]
    rpc = xmlrpc.client.ServerProxy(url + "/RPC2", allow_none=True)
    idx = rpc.feedbackReceiver.extended.configure(dict(
        auth, receiverURI=f"http://127.0.0.1:{rport}/RPC2", sourceIdentifier="e2e",
        receiverIndex=-1))["receiverIndex"]
    check(idx == 1, f"receiverIndex {idx}")

    bundle = {
        "conference_display_name": "Alice's meeting",
        "service_preference_id": "123456",
        "aliases": [{"role": "host", "exact_match": ALIAS}],
        "host_quality": MCU_QUALITY, "guest_quality": MCU_QUALITY,
    }
    status, version = rest(url, user, password, "PUT", f"/api/4.0/confbundles/{BUNDLE_ID}", bundle)
    check(status == 201, f"PUT status {status} {version}")
    status, got = rest(url, user, password, "GET", f"/api/4.0/confbundles/{BUNDLE_ID}")
    check(status == 200 and got["version_id"] == version, f"GET {status} {got}")
    name = got["conference_name"]
    check(name.startswith("Alice's meeting") and len(name) == len("Alice's meeting") + 6, name)

    created = rpc.factory.conferencecreate(dict(auth, conferenceAlias="MEET.alice@example.com"))
    check(created["status"] == "operation successful", created)
    check(created["conferenceName"] == name, created)
    conf_id = created["factoryConferenceId"]
    check(created["factory_conference_id"] == conf_id, created)

    for pname, addr in [("alice", "alice@example.com"), ("bob", "bob@example.com")]:
        r = rpc.participant.add(dict(auth, conferenceName=name, participantName=pname, address=addr))
        check(r["status"] == "operation successful", r)
    ident = dict(auth, conferenceName=name, participantName="alice",
                 participantProtocol="sip", participantType="ad_hoc")
    rpc.participant.modify(dict(ident, audioRxMuted=True, displayNameOverrideStatus=True,
                                displayNameOverrideValue="Alice (room)"))
    plist = rpc.participant.enumerate(dict(auth, factoryConferenceIds=[conf_id]))["participants"]
    check(len(plist) == 2, plist)
    alice = [p for p in plist if p["participantName"] == "alice"][0]
    check(alice["audioRxMuted"] is True and alice["displayName"] == "Alice (room)", alice)
    check(alice["participantType"] == "ad_hoc" and alice["factoryConferenceId"] == conf_id, alice)
    rpc.participant.remove(dict(ident, participantName="bob"))
    plist = rpc.participant.enumerate(auth)["participants"]
    check([p["participantName"] for p in plist] == ["alice"], plist)
    confs = rpc.conference.enumerate(auth)["conferences"]
    check(len(confs) == 1 and confs[0]["factoryConfBundleId"] == BUNDLE_ID, confs)
    try:
        rpc.conference.modify(dict(auth, conferenceName=name, locked=True))
        raise AssertionError("conference.modify locked accepted")
    except xmlrpc.client.Fault as f:
        check(f.faultCode == 22, f)
    rpc.conference.destroy(dict(auth, conferenceName=name))
    check(rpc.conference.enumerate(auth)["conferences"] == [], "destroyed")
    try:
        rpc.conference.destroy(dict(auth, conferenceName=name))
        raise AssertionError("second destroy accepted")
    except xmlrpc.client.Fault as f:
        check(f.faultCode == 4, f)

    got_notes, events = wait_events(notes, lock, 4)
    names = [e["name"] for e in events]
    check(names == ["conferenceCreate", "conferenceJoined", "conferenceJoined",
                    "conferenceDestroyed"], names)
    seqns = [n["seqn"] for n in got_notes]
    check(seqns == list(range(seqns[0], seqns[0] + len(seqns))), f"seqn {seqns}")
    check(all(n["sourceIdentifier"] == "e2e" for n in got_notes), got_notes)
    create = events[0]["args"]
    check(create["factory_conference_id"] == conf_id and create["conference_name"] == name
          and create["request_id"], create)
    joined = events[1]["args"]
    check(joined["factory_conference_id"] == conf_id, joined)
    check(joined["unauthenticated_source_alias"] == ["alice@example.com"], joined)
    # "Provisioned conferences are of type 'lecture'": participant.add defaults to a guest.
    check(joined["participant_role"] == "guest", joined)
    check(events[3]["args"]["factory_conference_id"] == conf_id, events[3])
    server.shutdown()
    print(json.dumps({"receiver_port": rport, "events": names, "seqn": seqns}))


def phase2(user, password, port):
    auth = {"authenticationUser": user, "authenticationPassword": password}
    server, notes, lock = start_receiver(int(port))
    print("ready", flush=True)
    url = sys.stdin.readline().strip()
    status, listing = rest(url, user, password, "GET", "/api/4.0/confbundles/")
    check(status == 200 and BUNDLE_ID in listing, listing)
    rpc = xmlrpc.client.ServerProxy(url + "/RPC2", allow_none=True)
    receivers = rpc.feedbackReceiver.extended.query(auth)["receivers"]
    check(len(receivers) == 1 and receivers[0]["sourceIdentifier"] == "e2e"
          and receivers[0]["index"] == 1, receivers)
    created = rpc.factory.conferencecreate(dict(auth, conferenceAlias=ALIAS))
    check(created["status"] == "operation successful", created)
    got_notes, events = wait_events(notes, lock, 2)
    names = [e["name"] for e in events]
    check(names[:2] == ["applicationStarted", "conferenceCreate"], names)
    check(got_notes[0]["seqn"] == 0, got_notes[0])
    server.shutdown()
    print(json.dumps({"events": names}))


def flood(url, user, password, prefix):
    """PUTs ConfBundles until the server goes away; prints each ID as soon
    as its PUT was acknowledged (201)."""
    i = 0
    while True:
        bid = f"flood-{prefix}-{i:06d}"
        bundle = {
            "conference_display_name": f"Flood {i}",
            "service_preference_id": "123456",
            "aliases": [{"role": "host", "exact_match": f"flood{prefix}.{i}@example.com"}],
            "host_quality": MCU_QUALITY, "guest_quality": MCU_QUALITY,
        }
        try:
            status, _ = rest(url, user, password, "PUT", f"/api/4.0/confbundles/{bid}", bundle)
        except Exception:
            return
        if status != 201:
            return
        print(bid, flush=True)
        i += 1


def listing(url, user, password):
    status, body = rest(url, user, password, "GET", "/api/4.0/confbundles/")
    check(status == 200, status)
    print(json.dumps(sorted(body)))


if __name__ == "__main__":
    {"phase1": phase1, "phase2": phase2, "flood": flood, "list": listing}[sys.argv[1]](*sys.argv[2:])
