#!/usr/bin/env python3
"""Write the benchmark payloads into testdata/bench/, as CPython's xmlrpc.client writes them.

    python3 scripts/gen_bench_payloads.py            # all payloads
    python3 scripts/gen_bench_payloads.py --check    # regenerate in memory, compare with disk

Payloads (the benchmark section of issue 2):

  event_notification.xml            the spec's eventNotification example, verbatim (it writes
                                    <String> and <Array>, which CPython and the Rust peers reject)
  event_notification_canonical.xml  the same value as CPython's dumps() writes it (lowercase tags),
                                    so every implementation can decode the same document
  conference_create.xml             a factory.conferencecreate call with every optional parameter
  participant_enumerate.xml         a participant.enumerate response with 2,400 participants (the
                                    spec's limit), every field the spec lists plus callState,
                                    connectTime and a few common MCU fields; about 4.8 MB.
                                    Generated, not committed (see .gitignore).

Everything is deterministic (fixed seed, fixed base time): the same script writes the same bytes.
"""

import argparse
import datetime
import os
import random
import re
import sys
import xmlrpc.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "testdata", "bench")
SPEC_EXAMPLE = os.path.join(ROOT, "testdata", "spec", "event_notification.xml")

PARTICIPANTS = 2400
SEED = 2400
BASE_TIME = datetime.datetime(2024, 3, 14, 9, 0, 0)


def event_notification_verbatim():
    with open(SPEC_EXAMPLE, "rb") as f:
        return f.read()


def event_notification_canonical(verbatim):
    # The spec writes type tags in mixed case; CPython only knows lower case. Fold the two tags
    # the example uses, let CPython parse the result and write it back in its own form.
    text = verbatim.decode("utf-8")
    text = re.sub(r"<(/?)String>", r"<\1string>", text)
    text = re.sub(r"<(/?)Array>", r"<\1array>", text)
    params, method = xmlrpc.client.loads(text)
    return xmlrpc.client.dumps(params, methodname=method).encode("utf-8")


def conference_create():
    params = {
        "conferenceAlias": "meet.engineering.weekly@video.example.com",
        "factoryMinDurationMinutes": 15,
        "factoryMaxDurationMinutes": 240,
        "factoryOverridePIN": "4711",
        "factoryOverrideGuestPIN": "0815",
        "webEx": "SIP-TSP",
        "factoryResourceLimits": {
            "signalling": 40,
            "media": 12288,
            "licences": 15360,
            "ports": 40,
        },
        "encryption": "required",
        "factoryLayout": "prominent",
        "factoryOverrideConferenceDisplayName": "Engineering weekly <all hands> & demos",
    }
    return xmlrpc.client.dumps((params,), methodname="factory.conferencecreate").encode("utf-8")


FIRST = [
    "Anna", "Björn", "Chen", "Daniela", "Emeka", "Fatima", "Giulia", "Hiroshi", "Ingrid", "José",
    "Kateřina", "Lars", "María", "Nikolai", "Olga", "Priya", "Quentin", "Rania", "Søren", "Tomasz",
    "Ursula", "Vikram", "Wen", "Xavier", "Yusuf", "Zoë",
]
LAST = [
    "Andersen", "Baptiste", "Castillo", "Dubois", "Eriksson", "Fischer", "García", "Hansen",
    "Ivanova", "Johansson", "Kowalski", "Lindqvist", "Müller", "Nakamura", "O'Brien", "Petrov",
    "Quinn", "Rossi", "Schmidt", "Tanaka", "Umarov", "Van der Berg", "Wójcik", "Xu", "Yilmaz",
    "Zhang",
]
SITES = [
    "Oslo", "London", "San Jose", "Bangalore", "Sydney", "Amsterdam", "Tokyo", "Paris",
    "Raleigh", "Shanghai", "Munich", "Toronto",
]
ROOMS = ["Boardroom", "Huddle", "Lab", "Studio", "Training", "Auditorium"]
DOMAIN = "video.example.com"


def participant(rng, i, conferences):
    conf_index = i % len(conferences)
    conf_name, conf_id, mcu_ip, bridge = conferences[conf_index]
    first = rng.choice(FIRST)
    last = rng.choice(LAST)
    site = rng.choice(SITES)
    user = (first + "." + last).lower().replace(" ", "").replace("'", "")
    kind = rng.random()
    if kind < 0.55:
        address = "sip:%s@%s" % (user, DOMAIN)
        protocol = "sip"
        display = "%s %s (%s)" % (first, last, site)
    elif kind < 0.8:
        room = rng.choice(ROOMS)
        address = "h323:%s-%s-%02d@%s" % (site.lower().replace(" ", ""), room.lower(), rng.randrange(1, 60), DOMAIN)
        protocol = "h323"
        display = "%s %s %d, %s" % (site, room, rng.randrange(1, 60), "floor %d" % rng.randrange(1, 30))
    else:
        address = "+47%08d" % rng.randrange(10**7, 10**8)
        protocol = "sip"
        display = "%s %s <mobile>" % (first, last)
    participant_type = rng.choice(["by_address", "by_address", "by_name", "ad_hoc"])
    connected = BASE_TIME + datetime.timedelta(seconds=rng.randrange(0, 6 * 3600))
    web_ex = rng.choice(["None", "None", "None", "SIP", "SIP-TSP"])
    return {
        "mcuIPAddress": mcu_ip,
        "factoryConferenceId": conf_id,
        "participantName": "participant-%s-%05d" % (conf_id[:8], i),
        "participantType": participant_type,
        "participantProtocol": protocol,
        "conferenceName": conf_name,
        "address": address,
        "displayName": display,
        "factoryBridgeType": bridge,
        "audioRxMuted": rng.random() < 0.3,
        "audioTxMuted": rng.random() < 0.05,
        "videoTxMuted": rng.random() < 0.1,
        "dtmfSequence": rng.choice(["", "", "1234#", "*,,5678#", ",,,%d#" % rng.randrange(100000, 999999)]),
        "previewURL": (
            "http://%s/participant_preview.jpg?conference=%s&participant=%d&width=352&height=288"
            % (mcu_ip, conf_name.replace(" ", "+"), i)
        ) if bridge == "mcu" else "",
        "factoryWebEx": web_ex,
        "factoryWebExCallType": rng.choice(["VideoAudio", "VideoAudio", "Video", "Audio"]),
        "callState": rng.choice(["connected"] * 8 + ["connecting", "dormant"]),
        "connectTime": xmlrpc.client.DateTime(connected),
        "connectionUniqueId": 100000 + i * 7 + rng.randrange(0, 7),
        "maxBitRateToMCU": rng.choice([768, 1152, 2048, 4096, 6000]),
        "maxBitRateFromMCU": rng.choice([768, 1152, 2048, 4096, 6000]),
    }


def participant_enumerate():
    rng = random.Random(SEED)
    conferences = []
    for c in range(60):
        conf_id = "%08x-%04x-11e1-%04x-0010f31a%04x" % (
            rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(16)
        )
        name = "%s %s meeting %02d" % (rng.choice(SITES), rng.choice(["team", "project", "vendor", "all-hands"]), c)
        mcu_ip = "10.%d.%d.%d" % (rng.randrange(1, 255), rng.randrange(0, 255), rng.randrange(1, 255))
        bridge = rng.choice(["tsmcu", "mcu"])
        conferences.append((name, conf_id, mcu_ip, bridge))
    participants = [participant(rng, i, conferences) for i in range(PARTICIPANTS)]
    result = {
        "enumerateID": 0,
        "currentRevision": 48213,
        "participants": participants,
    }
    return xmlrpc.client.dumps((result,), methodresponse=True).encode("utf-8")


def payloads():
    verbatim = event_notification_verbatim()
    return [
        ("event_notification.xml", verbatim),
        ("event_notification_canonical.xml", event_notification_canonical(verbatim)),
        ("conference_create.xml", conference_create()),
        ("participant_enumerate.xml", participant_enumerate()),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    stale = []
    for name, data in payloads():
        path = os.path.join(OUT, name)
        # every payload must round-trip through CPython (except the spec's mixed-case original)
        if name != "event_notification.xml":
            xmlrpc.client.loads(data.decode("utf-8"))
        if args.check:
            try:
                with open(path, "rb") as f:
                    if f.read() != data:
                        stale.append(name)
            except FileNotFoundError:
                stale.append(name)
            continue
        with open(path, "wb") as f:
            f.write(data)
        print("%-36s %9d bytes" % (os.path.relpath(path, ROOT), len(data)))
    if stale:
        print("stale or missing: " + ", ".join(stale), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
