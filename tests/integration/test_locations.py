"""Locations (venues): the API's CRUD with validation that names the field
and an audit row per change; roles (admins change, auditors read, an
operator sees their own location only and cannot reach another's plans,
vouchers, accounts or sessions); removal refused while something belongs to
a location; spotctl location's exit codes; and a portal configured with
[portal] location = X that offers X's plans, template, venue name and time
zone."""
import os
import shutil
import signal
import sqlite3
import time

import pytest

from admin_http import Admin, add_user, admin_session, wait_tcp
from conftest import ROOT, Daemon
from portal_lab import GatewayDaemon, Guest, Lab, write_config


def db_exec(d, sql, *args):
    db = sqlite3.connect(os.path.join(d.state_dir, "spotgate.db"), timeout=10)
    try:
        cur = db.execute(sql, args)
        db.commit()
        return cur.lastrowid
    finally:
        db.close()


def test_crud_validation_pagination_and_audit(daemon):
    a = admin_session(daemon)
    r = a.get("/api/v1/locations")
    assert r.status == 200, r
    assert r.json["total"] == 1 and r.json["page"] == 1
    assert r.json["items"][0]["name"] == "default" and r.json["items"][0]["timezone"] == "UTC"

    r = a.post("/api/v1/locations", {"name": "cafe", "timezone": "Europe/Berlin", "venue_name": "Cafe Central",
                                     "currency": "CHF", "template": "default"})
    assert r.status == 201, r
    cafe = r.json
    assert cafe["id"] > 1 and cafe["timezone"] == "Europe/Berlin" and cafe["venue_name"] == "Cafe Central"
    assert cafe["in_use"] == {"plans": 0, "batches": 0, "accounts": 0, "operators": 0, "orders": 0}

    # bad input: 400 naming the field, nothing stored
    for body, field, says in [
        ({"name": "bar", "timezone": "Mars/Olympus"}, "timezone", "Mars/Olympus"),
        ({"name": "bar", "timezone": "../../etc/passwd"}, "timezone", "not a time zone"),
        ({"timezone": "UTC"}, "name", "required"),
        ({"name": "42"}, "name", "number"),
        ({"name": " bar"}, "name", "space"),
        ({"name": "bar", "template": "../default"}, "template", "directory name"),
        ({"name": "bar", "template": "no-such-template"}, "template", "no-such-template"),
        ({"name": "bar", "currency": "chf"}, "currency", "ISO 4217"),
        ({"name": "bar", "venue_name": "x" * 129}, "venue_name", "at most 128"),
        ({"name": "bar", "timezone": 7}, "timezone", "string"),
    ]:
        r = a.post("/api/v1/locations", body)
        assert r.status == 400, (body, r)
        assert r.error["field"] == field, (body, r)
        assert says in r.error["message"], (body, r)
    r = a.post("/api/v1/locations", {"name": "cafe"})
    assert r.status == 409 and r.error["field"] == "name"
    assert a.get("/api/v1/locations").json["total"] == 2

    # by id or by name; edits
    assert a.get(f"/api/v1/locations/{cafe['id']}").json["name"] == "cafe"
    assert a.get("/api/v1/locations/cafe").json["id"] == cafe["id"]
    assert a.get("/api/v1/locations/nowhere").status == 404
    r = a.patch("/api/v1/locations/cafe", {"timezone": "America/New_York", "venue_name": ""})
    assert r.status == 200, r
    assert r.json["timezone"] == "America/New_York" and r.json["venue_name"] == "" and r.json["currency"] == "CHF"
    r = a.patch("/api/v1/locations/cafe", {"timezone": "Nowhere/Town"})
    assert r.status == 400 and r.error["field"] == "timezone"
    assert a.get("/api/v1/locations/cafe").json["timezone"] == "America/New_York"
    r = a.patch("/api/v1/locations/cafe", {"name": "default"})
    assert r.status == 409 and r.error["field"] == "name"

    # pagination like every list
    r = a.get("/api/v1/locations?per_page=1&page=2")
    assert r.json["total"] == 2 and [x["name"] for x in r.json["items"]] == ["cafe"]
    assert a.get("/api/v1/locations?per_page=0").error["field"] == "per_page"

    # a plan there starts with the location's currency; then the location is in use
    r = a.post("/api/v1/plans", {"name": "Hour", "time_amount": 3600, "price": 300, "location": "cafe"})
    assert r.status == 201, r
    assert r.json["location"] == cafe["id"] and r.json["currency"] == "CHF"
    hour = r.json["id"]
    r = a.post("/api/v1/plans", {"name": "Day", "time_amount": 86400, "price": 900, "location": "nowhere"})
    assert r.status == 400 and r.error["field"] == "location"
    # a plan stays where it is
    r = a.patch(f"/api/v1/plans/{hour}", {"location": 1})
    assert r.status == 400 and r.error["field"] == "location"
    r = a.delete("/api/v1/locations/cafe")
    assert r.status == 409 and r.error["field"] == "location"
    assert "1 plans" in r.error["message"]
    r = a.delete("/api/v1/locations/1")
    assert r.status == 409 and "default location" in r.error["message"]
    assert a.delete("/api/v1/locations/nowhere").status == 404

    r = a.post("/api/v1/locations", {"name": "pop-up"})
    assert r.status == 201 and r.json["timezone"] == "UTC"
    r = a.delete("/api/v1/locations/pop-up")
    assert r.status == 200 and r.json == {"deleted": r.json["deleted"], "name": "pop-up"}
    assert a.get("/api/v1/locations/pop-up").status == 404

    # every change is in the audit log, refused ones not
    rows = sqlite3.connect(os.path.join(daemon.state_dir, "spotgate.db")).execute(
        "SELECT method, path, status, summary FROM audit_log WHERE path LIKE '/api/v1/locations%' ORDER BY id"
    ).fetchall()
    assert [(m, p, s) for m, p, s, _ in rows] == [
        ("POST", "/api/v1/locations", 201),
        ("PATCH", "/api/v1/locations/cafe", 200),
        ("POST", "/api/v1/locations", 201),
        ("DELETE", "/api/v1/locations/pop-up", 200),
    ]
    assert "America/New_York" in rows[1][3]


@pytest.fixture
def venues(daemon):
    """Two locations with a plan, a batch and a quick ticket each, an operator
    for each, an auditor, and one running session per location."""
    d = daemon
    d.ctl("location", "add", "cafe", "--timezone", "Europe/Berlin")
    d.ctl("location", "add", "hotel", "--timezone", "Asia/Tokyo")
    ids = {"cafe": d.ctl_json("location", "show", "cafe")["id"], "hotel": d.ctl_json("location", "show", "hotel")["id"]}
    plans, batches, codes, accounts = {}, {}, {}, {}
    for loc in ("cafe", "hotel"):
        plans[loc] = d.ctl_json("plan", "add", "--name", f"{loc} hour", "--time", "1h", "--price", "3.00",
                                "--location", loc)["id"]
        b = d.ctl_json("voucher", "generate", "--plan", f"{loc} hour", "--count", "2", "--location", loc)
        batches[loc] = b["id"]
        codes[loc] = b["preview"][0]["code"]
        accounts[loc] = d.ctl_json("voucher", "quick", "--plan", str(plans[loc]))["id"]
    sessions = {}
    now = int(time.time())
    for loc in ("cafe", "hotel"):
        sessions[loc] = db_exec(d, "INSERT INTO sessions (account_id, mac, started_at, updated_at, state) "
                                   "VALUES (?, ?, ?, ?, '{}')", accounts[loc],
                                "02:00:00:00:0%d:01" % (1 if loc == "cafe" else 2), now - 60, now - 60)
    wait_tcp(d.admin_port)
    clients = {"admin": admin_session(d)}
    for name, role, location in [("desk-cafe", "operator", ids["cafe"]), ("desk-hotel", "operator", ids["hotel"]),
                                 ("books", "auditor", None)]:
        pw = add_user(d, name, role, location=location)
        c = Admin(d.admin_port)
        c.login(name, pw)
        clients[name] = c
    return dict(d=d, ids=ids, plans=plans, batches=batches, codes=codes, accounts=accounts, sessions=sessions,
                c=clients)


def test_operator_is_held_to_their_location(venues):
    v = venues
    op, ids, plans = v["c"]["desk-cafe"], v["ids"], v["plans"]

    # locations: their own only
    r = op.get("/api/v1/locations")
    assert r.status == 200 and [x["name"] for x in r.json["items"]] == ["cafe"] and r.json["total"] == 1
    assert op.get("/api/v1/locations/cafe").status == 200
    assert op.get("/api/v1/locations/hotel").status == 404
    assert op.post("/api/v1/locations", {"name": "mine"}).status == 403
    assert op.patch("/api/v1/locations/cafe", {"timezone": "UTC"}).status == 403

    # plans: theirs in lists; another location's is unknown; no changes at all
    r = op.get("/api/v1/plans")
    assert [p["name"] for p in r.json["items"]] == ["cafe hour"]
    assert op.get(f"/api/v1/plans/{plans['hotel']}").status == 404
    assert op.get("/api/v1/plans?location=hotel").status == 403
    assert op.post("/api/v1/plans", {"name": "x", "time_amount": 60, "price": 1, "location": "cafe"}).status == 403
    assert op.post("/api/v1/plans", {"name": "x", "time_amount": 60, "price": 1, "location": "hotel"}).status == 403

    # vouchers: generating on another location's plan or at another location is refused
    r = op.post("/api/v1/batches", {"plan": plans["hotel"], "count": 1})
    assert r.status == 400 and r.error["field"] == "plan", r
    r = op.post("/api/v1/batches", {"plan": plans["hotel"], "count": 1, "location": "hotel"})
    assert r.status == 403 and r.error["field"] == "location", r
    r = op.post("/api/v1/batches", {"plan": "cafe hour", "count": 3})     # a name, at their location
    assert r.status == 201 and r.json["location"] == ids["cafe"], r
    r = op.get("/api/v1/vouchers?per_page=1000")
    assert r.json["total"] == 5 and {x["location"] for x in r.json["items"]} == {ids["cafe"]}
    assert op.get(f"/api/v1/vouchers/{v['codes']['hotel']}").status == 404
    assert op.get(f"/api/v1/vouchers/{v['codes']['cafe']}").status == 200
    assert op.get("/api/v1/vouchers?location=hotel").status == 403
    assert op.get(f"/api/v1/batches/{v['batches']['hotel']}").status == 404
    assert op.get(f"/api/v1/batches/{v['batches']['hotel']}/pdf").status == 404
    assert op.post("/api/v1/vouchers/pdf", {"codes": [v["codes"]["hotel"]]}).status == 404
    assert {b["location"] for b in op.get("/api/v1/batches").json["items"]} == {ids["cafe"]}

    # quick tickets and accounts
    r = op.post("/api/v1/quick-tickets", {"plan": plans["hotel"]})
    assert r.status == 400 and r.error["field"] == "plan"
    r = op.post("/api/v1/quick-tickets", {"plan": plans["cafe"]})
    assert r.status == 201 and r.json["location"] == ids["cafe"]
    assert {x["location"] for x in op.get("/api/v1/accounts").json["items"]} == {ids["cafe"]}
    assert op.get(f"/api/v1/accounts/{v['accounts']['hotel']}").status == 404

    # sessions: listed and kicked at their location only
    r = op.get("/api/v1/reports/sessions?online=1")
    assert r.status == 200 and [s["id"] for s in r.json["items"]] == [v["sessions"]["cafe"]]
    assert op.get("/api/v1/reports/sessions?location=hotel").status == 403
    assert op.post(f"/api/v1/sessions/{v['sessions']['hotel']}/kick").status == 404

    # the other operator sees the other half
    other = v["c"]["desk-hotel"]
    assert [p["name"] for p in other.get("/api/v1/plans").json["items"]] == ["hotel hour"]
    assert [s["id"] for s in other.get("/api/v1/reports/sessions?online=1").json["items"]] == [v["sessions"]["hotel"]]


def test_admin_filters_and_auditor_reads_only(venues):
    v = venues
    a, aud, ids = v["c"]["admin"], v["c"]["books"], v["ids"]
    assert {x["location"] for x in a.get("/api/v1/vouchers?location=hotel").json["items"]} == {ids["hotel"]}
    assert a.get("/api/v1/vouchers").json["total"] == 4
    assert [p["name"] for p in a.get("/api/v1/plans?location=hotel").json["items"]] == ["hotel hour"]
    assert len(a.get("/api/v1/plans").json["items"]) == 2
    assert [b["id"] for b in a.get(f"/api/v1/batches?location={ids['cafe']}").json["items"]] == [v["batches"]["cafe"]]
    assert [x["id"] for x in a.get("/api/v1/accounts?location=cafe").json["items"]] == [v["accounts"]["cafe"]]
    assert [s["id"] for s in a.get("/api/v1/reports/sessions?location=hotel").json["items"]] == [v["sessions"]["hotel"]]
    r = a.get("/api/v1/vouchers?location=nowhere")
    assert r.status == 400 and r.error["field"] == "location"
    # an admin names the location of a plan given by name; a plan of another location is refused
    r = a.post("/api/v1/batches", {"plan": "hotel hour", "count": 1})
    assert r.status == 400 and r.error["field"] == "plan" and "location" in r.error["message"]
    r = a.post("/api/v1/batches", {"plan": "hotel hour", "count": 1, "location": "hotel"})
    assert r.status == 201 and r.json["location"] == ids["hotel"]
    r = a.post("/api/v1/batches", {"plan": v["plans"]["hotel"], "count": 1, "location": "cafe"})
    assert r.status == 400 and r.error["field"] == "plan"
    r = a.post("/api/v1/accounts", {"plan": "cafe hour", "location": "cafe", "username": "room-7"})
    assert r.status == 201 and r.json["location"] == ids["cafe"]

    # the auditor reads every location and changes none
    assert aud.get("/api/v1/locations").json["total"] == 3
    assert aud.get("/api/v1/locations/hotel").status == 200
    for method, path, body in [("POST", "/api/v1/locations", {"name": "x"}),
                               ("PATCH", "/api/v1/locations/cafe", {"timezone": "UTC"}),
                               ("DELETE", "/api/v1/locations/cafe", None)]:
        r = aud.request(method, path, body)
        assert r.status == 403 and "role auditor may not" in r.error["message"], r
    assert a.get("/api/v1/locations/cafe").json["timezone"] == "Europe/Berlin"

    # in use by plans, batches, accounts and its operator
    r = a.delete("/api/v1/locations/hotel")
    assert r.status == 409
    used = a.get("/api/v1/locations/hotel").json["in_use"]
    assert used["plans"] == 1 and used["batches"] == 2 and used["operators"] == 1


def test_spotctl_location_exit_codes(daemon):
    d = daemon
    usage = [("location",), ("location", "frobnicate"), ("location", "add"), ("location", "add", "a", "b"),
             ("location", "add", "x", "--zone", "UTC"), ("location", "set", "default"), ("location", "rm")]
    for args in usage:
        assert d.ctl(*args, check=False).returncode == 2, args
    r = d.ctl("location", "add", "bar", "--timezone", "Bad/Zone", check=False)
    assert r.returncode == 1 and "timezone" in r.stderr and "Bad/Zone" in r.stderr
    for args in [("location", "rm", "default"), ("location", "rm", "nowhere"), ("location", "show", "nowhere"),
                 ("location", "set", "nowhere", "--venue", "x"), ("location", "add", "default")]:
        assert d.ctl(*args, check=False).returncode == 1, args
    r = d.ctl("location", "add", "Hotel Adler", "--timezone", "Europe/Vienna", "--currency", "EUR")
    assert r.returncode == 0 and 'added location 2 "Hotel Adler"' in r.stdout
    assert d.ctl_json("location", "set", "Hotel Adler", "--venue", "Adler Guest Wi-Fi")["venue_name"] == \
        "Adler Guest Wi-Fi"
    listed = d.ctl_json("location", "list")
    assert [x["name"] for x in listed["items"]] == ["default", "Hotel Adler"]
    assert "Europe/Vienna" in d.ctl("location", "list").stdout
    assert d.ctl("plan", "add", "--name", "Day", "--time", "1d", "--price", "9", "--location", "2").returncode == 0
    assert d.ctl_json("plan", "list", "--location", "Hotel Adler")["items"][0]["name"] == "Day"
    assert d.ctl_json("plan", "list", "--location", "default")["items"] == []
    assert d.ctl_json("account", "add", "room1", "--plan", "Day", "--location", "Hotel Adler")["location"] == 2
    assert d.ctl("account", "add", "room2", "--plan", "Day", check=False).returncode == 1   # "Day" is not at 1
    assert d.ctl("location", "rm", "2", check=False).returncode == 1
    # an operator is bound by the location's name as well
    assert d.ctl_json("admin", "add", "desk", "--role", "operator", "--location", "Hotel Adler",
                      "--generate")["location"] == 2
    assert d.ctl("admin", "add", "desk2", "--role", "operator", "--location", "nowhere", "--generate",
                 check=False).returncode == 1
    d.ctl("location", "add", "tmp")
    r = d.ctl("location", "rm", "tmp")
    assert r.returncode == 0 and 'removed location 3 "tmp"' in r.stdout


# --- the portal of a location -----------------------------------------------------------

def test_portal_serves_its_location(tmp_path):
    """[portal] location = cafe: the click-through plan is the cafe's "Free",
    the cafe's template and venue name are shown, times in its zone."""
    if os.geteuid() != 0:
        pytest.fail("the portal lab tests need root (network namespaces, BPF)")

    # a portal directory with the default template and the cafe's own
    portal = tmp_path / "portal"
    shutil.copytree(os.path.join(ROOT, "portal", "default"), portal / "default")
    shutil.copytree(os.path.join(ROOT, "portal", "default"), portal / "cafe")
    layout = (portal / "cafe" / "layout.html").read_text()
    (portal / "cafe" / "layout.html").write_text(layout.replace("<main>", "<main data-template=\"cafe\">"))
    state = tmp_path / "gw"
    os.makedirs(state)

    # set up the locations with the daemon off the lab, then start it as the cafe's portal
    prep = Daemon(state, config=write_config(tmp_path / "prep.ini", dir=portal))
    try:
        prep.start()
        prep.ctl("location", "add", "cafe", "--timezone", "Europe/Berlin", "--template", "cafe",
                 "--venue", "Cafe Central")
        assert prep.ctl("location", "add", "bar", "--template", "nope", check=False).returncode == 1
        prep.ctl("plan", "add", "--name", "Free", "--measure", "time", "--time", "30min", "--price", "0")
        cafe_free = prep.ctl_json("plan", "add", "--name", "Free", "--measure", "time", "--time", "2h",
                                  "--price", "0", "--validity", "first-use:1d", "--location", "cafe")["id"]
        prep.ctl("plan", "add", "--name", "Sold here", "--time", "1h", "--price", "2.00", "--portal", "yes",
                 "--location", "cafe")
        prep.ctl("plan", "add", "--name", "Sold elsewhere", "--time", "1h", "--price", "2.00", "--portal", "yes")
    finally:
        prep.stop()

    lab = Lab("sglo-")
    lab.down()          # leftovers of an interrupted run
    d = None
    try:
        lab.up()
        lab.reset_gateway()
        d = GatewayDaemon(lab, state, write_config(tmp_path / "gw.ini", dir=portal, location="cafe",
                                                   login="voucher,click", click_plan="Free",
                                                   payment="front-desk"))
        d.start()
        assert "location=2 template=cafe" in d.read_log()
        g = Guest(lab, 1)
        page = g.get("/")
        assert page.status == 200
        assert 'data-template="cafe"' in page.body and "<title>Cafe Central" in page.body
        buy = g.get("/buy").body
        assert "Sold here" in buy and "Sold elsewhere" not in buy

        r = g.post("/login", {"csrf": g.csrf(), "method": "click", "terms": "yes"})
        assert r.status == 303, r.body
        assert g.online()
        accounts = d.ctl_json("account", "list")["items"]
        assert [(x["plan"], x["location"]) for x in accounts] == [(cafe_free, 2)]
        status = g.get("/status").body
        assert 'id="plan">Free<' in status and "Europe/Berlin" in status
        # a new time zone applies without a restart
        d.ctl("location", "set", "cafe", "--timezone", "Asia/Tokyo")
        assert "Asia/Tokyo" in g.get("/status").body
    finally:
        if d:
            d.stop(signal.SIGTERM)
        lab.reset_gateway()
        lab.down()
