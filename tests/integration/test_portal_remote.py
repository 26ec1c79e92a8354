"""The portal of a gateway with remote AAA ([aaa] mode = radius): voucher and
password logins go to a central spotgated in controller mode, the
Access-Accept's limits go into the data plane, the status page, RFC 8908 and
logout work for the remote session, and the controller gets Accounting-Start
and a Stop with the bytes the data plane counted. A reject shows the server's
Reply-Message; a silent server a 503 page; a guest who hangs up cancels.

Both daemons run in the lab's gateway namespace: the controller's RADIUS
server on that namespace's loopback, where the gateway's client reaches it."""
import json
import os
import signal
import sqlite3
import time

import pytest

from conftest import Daemon
from portal_lab import PORTAL, GatewayDaemon, Guest, lab_fixture, voucher_login

lab = lab_fixture("sgpr-")

SECRET = "testing123"
BIG = 2_000_000
REMOTE_SESSION_BIT = 1 << 62
SERVER_WRONG_CODE = "The code or password is not right. Please check it and try again."


class Controller(Daemon):
    """spotgated in controller mode inside the lab's gateway namespace."""

    def __init__(self, lab, state_dir):
        super().__init__(state_dir, args=["--mode", "controller", "--log-level", "debug"])
        self.lab = lab

    def command(self):
        return ["ip", "netns", "exec", self.lab.ns("gw")] + super().command()


def wait_until(fn, timeout=8.0, step=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(step)
    return fn()


@pytest.fixture
def pair(lab, tmp_path):
    """(controller, gateway): the controller with a NAS entry for the gateway
    (127.0.0.1), a plan and an account; the gateway pointing at it."""
    started = []

    def start(d):
        os.makedirs(d.state_dir, exist_ok=True)
        started.append(d)
        return d.start()

    try:
        lab.reset_gateway()
        c = start(Controller(lab, tmp_path / "controller"))
        c.ctl("nas", "add", "127.0.0.1", "--secret", SECRET, "--vendor", "mikrotik")
        c.ctl("plan", "add", "--name", "Hour", "--measure", "both", "--time", "1h", "--data", "5GB",
              "--price", "3.00", "--down", "10M", "--up", "2M", "--idle", "10min")
        c.ctl("account", "add", "room101", "--plan", "Hour", "--password", "blue-lake-42")
        conf = tmp_path / "gateway.conf"
        conf.write_text(f"""[portal]
login = voucher,password
payment = front-desk
[aaa]
mode = radius
radius_server1 = 127.0.0.1:{c.radius_auth_port}
radius_acct_server1 = 127.0.0.1:{c.radius_acct_port}
radius_secret = {SECRET}
nas_identifier = venue-lab
radius_timeout = 1
radius_retries = 2
""")
        gw = start(GatewayDaemon(lab, tmp_path / "gateway", str(conf)))
        yield c, gw
    finally:
        for d in reversed(started):
            d.stop(signal.SIGTERM)
        lab.reset_gateway()


def codes(c, n=2):
    batch = c.ctl_json("voucher", "generate", "--plan", "Hour", "--count", n, "--length", "8", "--charset", "digits")
    return [v["code"] for v in c.ctl_json("voucher", "list", "--batch", batch["id"])["items"]]


def controller_sessions(c, mac):
    return [s for s in c.ctl_json("report", "sessions")["items"] if s["mac"] == mac]


def acct_session_ids(c):
    """Acct-Session-Ids the controller bound to its sessions (an Accounting-Start does)."""
    db = sqlite3.connect(os.path.join(c.state_dir, "spotgate.db"))
    try:
        return [r[0] for r in db.execute("SELECT acct_session_id FROM sessions WHERE acct_session_id IS NOT NULL")]
    finally:
        db.close()


def download(lab, g, size=BIG):
    path = os.path.join(lab.env["LAB_DIR"], "www", "big.bin")
    if not os.path.exists(path) or os.path.getsize(path) != size:
        with open(path, "wb") as f:
            f.write(os.urandom(size))
    r = lab.in_ns(f"guest{g.n}", "curl", "-s", "--noproxy", "*", "-m", 20, "-o", "/dev/null",
                  "-w", "%{size_download}", "http://203.0.113.10/big.bin", check=False, timeout=30)
    return int(r.stdout or 0)


def login(g, fields, lang=None):
    headers = [f"Accept-Language: {lang}"] if lang else []
    return g.post("/login", dict(fields, csrf=g.csrf()), headers=headers)


def test_voucher_login_status_logout_and_accounting(lab, pair):
    c, gw = pair
    code = codes(c)[0]
    g = Guest(lab, 1)
    assert not g.online()

    r = voucher_login(g, code)
    assert r.status == 303, r.body
    assert r.header("location") == PORTAL + "/status"
    assert g.online()

    # the data plane has the Access-Accept's limits and the remote session's id
    entry = gw.ctl_json("client", "show", g.mac)
    assert entry["session_id"] & REMOTE_SESSION_BIT, entry
    assert entry["rate_down"] == 10_000_000 and entry["rate_up"] == 2_000_000
    assert entry["quota"] == 5_000_000_000 and entry["idle_timeout"] == 600
    assert 3590 <= entry["until"] - time.time() <= 3601
    # nothing of it is in the gateway's own database
    assert gw.ctl_json("report", "sessions")["items"] == []
    remote = gw.ctl_json("aaa", "sessions")["items"]
    assert [(s["username"], s["id"]) for s in remote] == [(code, entry["session_id"])]

    # Accounting-Start reached the controller: the session its Access-Accept opened is bound
    acct_id = remote[0]["acct_session_id"]
    assert wait_until(lambda: acct_id in acct_session_ids(c)), acct_session_ids(c)
    assert "Acct-Status-Type=Start" in c.read_log()

    st = g.get("/status")
    assert st.status == 200
    assert f'id="plan">{code}<' in st.body
    assert 'id="time-left">1 h 0 min<' in st.body or 'id="time-left">60 min<' in st.body, st.body
    assert "10 Mbit/s" in st.body and "2 Mbit/s" in st.body
    assert 'id="data-left">4.99 GB<' in st.body or 'id="data-left">5.00 GB<' in st.body
    assert g.mac in st.body and 'id="logout"' in st.body
    # buying here would top up a local account, not the server's: no buy links
    assert 'href="/buy"' not in st.body
    # the portal's start page sends a logged-in device to its status
    assert 'id="logout"' in g.get("/").body

    api = json.loads(g.get("/captive-portal/api").body)
    assert api["captive"] is False and 3500 <= api["seconds-remaining"] <= 3600
    assert 4_990_000_000 <= api["bytes-remaining"] <= 5_000_000_000
    assert api["can-extend-session"] is False
    # the other guest is still captive
    assert json.loads(Guest(lab, 2).get("/captive-portal/api").body)["captive"] is True

    assert download(lab, g) == BIG
    counted = gw.ctl_json("client", "show", g.mac)
    assert counted["bytes_down"] > BIG

    r = g.post("/logout", {"csrf": g.csrf()})
    assert r.status == 200 and "logged out" in r.body
    assert not g.online()
    assert gw.ctl_json("aaa", "sessions")["items"] == []
    assert json.loads(g.get("/captive-portal/api").body)["captive"] is True

    # the controller's session: stopped by the Stop, with what the data plane counted
    s = wait_until(lambda: [s for s in controller_sessions(c, g.mac) if s["stopped_at"]])
    assert len(s) == 1, controller_sessions(c, g.mac)
    s = s[0]
    assert s["stop_cause"] == "logout" and s["username"] == code
    assert abs(s["bytes_down"] - counted["bytes_down"]) <= 0.03 * counted["bytes_down"], (s, counted)
    assert abs(s["bytes_up"] - counted["bytes_up"]) <= 0.03 * counted["bytes_up"] + 20_000, (s, counted)
    assert BIG < s["bytes_down"] < BIG * 1.1
    log = c.read_log()
    assert "Acct-Status-Type=Stop" in log and "Acct-Terminate-Cause=User-Request" in log


def test_password_login_and_a_second_login_replaces_the_first(lab, pair):
    c, gw = pair
    code = codes(c)[0]
    g = Guest(lab, 2)
    r = login(g, {"method": "password", "username": "room101", "password": "wrong"})
    assert r.status == 401 and SERVER_WRONG_CODE in r.body
    r = login(g, {"method": "password", "username": "room101", "password": "blue-lake-42"})
    assert r.status == 303, r.body
    assert g.online()
    first = gw.ctl_json("aaa", "sessions")["items"]
    assert [s["username"] for s in first] == ["room101"]

    # the same device logs in again with a voucher: the first session gets its Stop
    assert voucher_login(g, code).status == 303
    assert g.online()
    assert [s["username"] for s in gw.ctl_json("aaa", "sessions")["items"]] == [code]
    stopped = wait_until(lambda: [s for s in controller_sessions(c, g.mac) if s["stopped_at"]])
    assert [s["username"] for s in stopped] == ["room101"]


def test_reject_shows_the_servers_message_and_counts_toward_the_lockout(lab, pair):
    c, gw = pair
    real = codes(c)[0]
    g = Guest(lab, 1)
    # German pages: the English text can only be the server's Reply-Message
    r = login(g, {"method": "voucher", "code": "NOSUCHCODE"}, lang="de")
    assert r.status == 401
    assert SERVER_WRONG_CODE in r.body and r.header("content-language") == "de"
    assert not g.online()
    assert gw.ctl_json("aaa", "status")["stats"]["rejects"] == 1
    for _ in range(9):
        assert voucher_login(g, "NOSUCHCODE").status == 401
    # ten failures: locked out, the server is not even asked
    r = voucher_login(g, real)
    assert r.status == 429 and "too many failed logins" in r.body
    assert gw.ctl_json("aaa", "status")["stats"]["logins"] == 10
    assert not g.online()


def test_silent_server_gives_503_and_a_guest_who_hangs_up_cancels(lab, pair):
    c, gw = pair
    code = codes(c)[0]
    c.stop(signal.SIGTERM)
    g = Guest(lab, 1)

    # the guest gives up before the retries are over: the login is cancelled
    token = g.csrf()
    r = g.curl(PORTAL + "/login", data={"csrf": token, "method": "voucher", "code": code}, timeout=1)
    assert r.status == 0
    time.sleep(4)       # past every retry: a callback would have run by now
    stats = gw.ctl_json("aaa", "status")["stats"]
    assert stats["logins"] == 1 and stats["login_failures"] == 0, stats
    assert gw.proc.poll() is None

    t0 = time.time()
    r = voucher_login(g, code)
    assert r.status == 503, r.body
    assert "login service is not answering" in r.body
    assert time.time() - t0 < 9
    assert gw.ctl_json("aaa", "status")["stats"]["login_failures"] == 1
    assert not g.online()
    assert gw.ctl_json("aaa", "sessions")["items"] == []
