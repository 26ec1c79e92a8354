"""Remote AAA: a gateway spotgated ([aaa] mode = radius) that sends its
logins and accounting to central RADIUS servers, exercised with spotctl aaa
(the admin API's test-login, which waits for the server's answer) against a
real FreeRADIUS started here and against a second spotgated in controller
mode. Failover uses a port nobody listens on; retransmission a relay that
drops the first datagram."""
import os
import socket
import sqlite3
import threading

import pytest

from conftest import free_port
from freeradius import FreeRadius

SECRET = "testing123"

USERS = """\
alice Cleartext-Password := "wonderland"
	Session-Timeout = 3600, Idle-Timeout = 600, Acct-Interim-Interval = 60,
	WISPr-Bandwidth-Max-Up = 1000000, WISPr-Bandwidth-Max-Down = 4000000,
	ChilliSpot-Max-Total-Octets = 123456789, Class = "fr-alice"

mika Cleartext-Password := "routeros"
	Mikrotik-Rate-Limit = "2M/8M", Mikrotik-Total-Limit = 1000,
	Mikrotik-Total-Limit-Gigawords = 1, Session-Timeout = 0

blocked Auth-Type := Reject
	Reply-Message = "Your account is blocked, ask at the desk"
"""


@pytest.fixture
def freeradius(tmp_path):
    fr = FreeRadius(tmp_path / "freeradius", free_port(), free_port(), secret=SECRET, users=USERS)
    fr.start()
    yield fr
    fr.stop()


def gateway_config(tmp_path, server1, server2="", acct1="", acct2="", timeout=1, retries=3, name="gateway.conf"):
    path = tmp_path / name
    path.write_text(f"""[aaa]
mode = radius
radius_server1 = {server1}
radius_server2 = {server2}
radius_acct_server1 = {acct1}
radius_acct_server2 = {acct2}
radius_secret = {SECRET}
nas_identifier = venue-7
nas_ip_address = 192.0.2.7
radius_timeout = {timeout}
radius_retries = {retries}
""")
    return str(path)


def gateway(make_daemon, tmp_path, **kw):
    # no data plane here (no --lan): remote AAA works in any mode, and the
    # test-login route does not need the portal
    return make_daemon(config=gateway_config(tmp_path, **kw))


def login(gw, user, password, *extra):
    """spotctl aaa test-login; returns (exit status, reply)."""
    import json
    r = gw.ctl("--json", "aaa", "test-login", user, "--password", password, *extra, check=False)
    return r.returncode, json.loads(r.stdout)


def server(fr):
    return f"127.0.0.1:{fr.auth_port}"


def acct(fr):
    return f"127.0.0.1:{fr.acct_port}"


# --- FreeRADIUS ---------------------------------------------------------------

def test_freeradius_accept_maps_limits(make_daemon, tmp_path, freeradius):
    gw = gateway(make_daemon, tmp_path, server1=server(freeradius), acct1=acct(freeradius))
    rc, r = login(gw, "alice", "wonderland", "--mac", "aa:bb:cc:00:00:01")
    assert rc == 0 and r["accept"] is True, r
    assert r["server"] == 1 and r["sends"] == 1
    limits = r["limits"]
    assert limits["session_timeout"] == 3600 and limits["end_at"] > 0
    assert limits["idle_timeout"] == 600 and limits["interim_interval"] == 60
    assert limits["speed_up"] == 1000000 and limits["speed_down"] == 4000000
    assert limits["bytes_total"] == 123456789
    assert limits["bytes_up"] is None and limits["bytes_down"] is None
    assert r["class"] == ["fr-alice"]

    # MikroTik's spelling: rate "rx/tx" (rx = the guest's upload), total with gigawords
    rc, r = login(gw, "mika", "routeros")
    assert rc == 0 and r["accept"] is True, r
    assert r["limits"]["speed_up"] == 2000000 and r["limits"]["speed_down"] == 8000000
    assert r["limits"]["bytes_total"] == (1 << 32) + 1000
    assert r["limits"]["session_timeout"] is None        # 0 means no limit
    # what FreeRADIUS saw: PAP that verified, our NAS-Identifier
    assert "Login OK: [alice]" in freeradius.log() and "Login OK: [mika]" in freeradius.log()


def test_freeradius_reject_with_reply_message(make_daemon, tmp_path, freeradius):
    gw = gateway(make_daemon, tmp_path, server1=server(freeradius), acct1=acct(freeradius))
    rc, r = login(gw, "blocked", "anything")
    assert rc == 1 and r["accept"] is False
    assert r["message"] == "Your account is blocked, ask at the desk"
    rc, r = login(gw, "alice", "not-the-password")
    assert rc == 1 and r["accept"] is False and r["message"] == ""
    status = gw.ctl_json("aaa", "status")
    assert status["stats"]["rejects"] == 2 and status["stats"]["accepts"] == 0


def adjacent_ports():
    """Two free loopback UDP ports p and p + 1."""
    for _ in range(50):
        p = free_port()
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as a, \
                    socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as b:
                a.bind(("127.0.0.1", p))
                b.bind(("127.0.0.1", p + 1))
            return p, p + 1
        except OSError:
            continue
    raise RuntimeError("no two adjacent free ports")


def test_accounting_port_defaults_to_server_port_plus_one(make_daemon, tmp_path):
    fr = FreeRadius(tmp_path / "fr", *adjacent_ports(), secret=SECRET, users=USERS).start()
    try:
        gw = gateway(make_daemon, tmp_path, server1=server(fr))     # no radius_acct_server1
        rc, r = login(gw, "alice", "wonderland", "--start", "yes")
        assert rc == 0 and r["session"]["start"] == "answered", r
        assert [rec["Acct-Status-Type"] for rec in fr.detail()] == ["Start"]
    finally:
        fr.stop()


def test_freeradius_accounting_start_interim_stop(make_daemon, tmp_path, freeradius):
    gw = gateway(make_daemon, tmp_path, server1=server(freeradius), acct1=acct(freeradius))
    rc, r = login(gw, "alice", "wonderland", "--mac", "aa:bb:cc:00:00:02", "--ip", "10.1.2.3", "--start", "yes")
    assert rc == 0 and r["session"]["start"] == "answered", r
    sid, acct_id = r["session"]["id"], r["session"]["acct_session_id"]
    sessions = gw.ctl_json("aaa", "sessions")["items"]
    assert [s["acct_session_id"] for s in sessions] == [acct_id]

    gw.ctl("aaa", "interim", sid, "--up", "1000", "--down", "5000000000")
    gw.ctl("aaa", "stop", sid, "--up", "24", "--down", "7", "--cause", "idle-timeout")
    assert gw.ctl_json("aaa", "sessions")["items"] == []

    records = [rec for rec in freeradius.detail() if rec.get("Acct-Session-Id") == acct_id]
    assert [rec["Acct-Status-Type"] for rec in records] == ["Start", "Interim-Update", "Stop"], records
    start, interim, stop = records
    for rec in records:
        assert rec["User-Name"] == "alice"
        assert rec["Calling-Station-Id"] == "AA-BB-CC-00-00-02"
        assert rec["Framed-IP-Address"] == "10.1.2.3"
        assert rec["NAS-Identifier"] == "venue-7" and rec["NAS-IP-Address"] == "192.0.2.7"
        assert rec["Class"] == "0x" + b"fr-alice".hex()        # echoed unmodified
    # totals, with 5 GB split over Octets + Gigawords
    assert interim["Acct-Input-Octets"] == "1000"
    assert int(interim["Acct-Output-Gigawords"]) * 2**32 + int(interim["Acct-Output-Octets"]) == 5000000000
    assert stop["Acct-Input-Octets"] == "1024"
    assert int(stop["Acct-Output-Gigawords"]) * 2**32 + int(stop["Acct-Output-Octets"]) == 5000000007
    assert stop["Acct-Terminate-Cause"] == "Idle-Timeout"
    # a stopped session is gone
    assert gw.ctl("aaa", "stop", sid, check=False).returncode == 1


def test_unsigned_replies_refused_unless_allowed(make_daemon, tmp_path):
    """BlastRADIUS: an Access-Accept without Message-Authenticator (FreeRADIUS
    before 3.2.5 as shipped) is dropped, unless the gateway is told to take it."""
    fr = FreeRadius(tmp_path / "fr", free_port(), free_port(), secret=SECRET, users=USERS,
                    sign_replies=False).start()
    try:
        gw = gateway(make_daemon, tmp_path, server1=server(fr), acct1=acct(fr), timeout=1, retries=1)
        r = gw.ctl("aaa", "test-login", "alice", "--password", "wonderland", check=False)
        assert r.returncode == 1 and "no RADIUS server answered" in r.stderr
        assert gw.ctl_json("aaa", "status")["auth"]["dropped"] == 1

        conf = gateway_config(tmp_path, server1=server(fr), acct1=acct(fr), name="lenient.conf")
        with open(conf, "a") as f:
            f.write("require_message_authenticator = no\n")
        gw = make_daemon(config=conf)
        rc, r = login(gw, "alice", "wonderland")
        assert rc == 0 and r["accept"] is True
    finally:
        fr.stop()


# --- failover and retransmission ---------------------------------------------

def test_failover_to_second_server(make_daemon, tmp_path, freeradius):
    dead = f"127.0.0.1:{free_port()}"            # nobody listens there
    gw = gateway(make_daemon, tmp_path, server1=dead, server2=server(freeradius), acct2=acct(freeradius),
                 timeout=1, retries=2)
    rc, r = login(gw, "alice", "wonderland", "--start", "yes")
    assert rc == 0 and r["accept"] is True, r
    assert r["server"] == 2 and r["sends"] == 3      # twice to the dead one, once to the second
    assert r["session"]["start"] == "answered"
    # the dead server is held down: the next login goes straight to the second
    rc, r = login(gw, "alice", "wonderland")
    assert rc == 0 and r["server"] == 2 and r["sends"] == 1
    st = gw.ctl_json("aaa", "status")
    assert st["auth"]["failovers"] == 1 and st["auth"]["retransmits"] >= 1
    starts = [rec for rec in freeradius.detail() if rec.get("Acct-Status-Type") == "Start"]
    assert len(starts) == 1


def test_no_server_answers(make_daemon, tmp_path):
    gw = gateway(make_daemon, tmp_path, server1=f"127.0.0.1:{free_port()}", server2=f"127.0.0.1:{free_port()}",
                 timeout=1, retries=1)
    r = gw.ctl("aaa", "test-login", "alice", "--password", "x", check=False)
    assert r.returncode == 1 and "no RADIUS server answered" in r.stderr, r.stderr
    assert gw.ctl_json("aaa", "status")["stats"]["login_failures"] == 1


class LossyRelay:
    """Forwards UDP datagrams to upstream and its answers back, dropping the
    first `drop` requests: the client has to retransmit."""

    def __init__(self, upstream, drop=1):
        self.upstream = upstream
        self.drop = drop
        self.seen = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        up.settimeout(3)
        while self.running:
            try:
                data, client = self.sock.recvfrom(4096)
            except socket.timeout:
                continue
            self.seen += 1
            if self.seen <= self.drop:
                continue
            up.sendto(data, self.upstream)
            try:
                self.sock.sendto(up.recvfrom(4096)[0], client)
            except socket.timeout:
                pass

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


def test_retransmission_after_a_lost_request(make_daemon, tmp_path, freeradius):
    relay = LossyRelay(("127.0.0.1", freeradius.auth_port), drop=1)
    try:
        gw = gateway(make_daemon, tmp_path, server1=f"127.0.0.1:{relay.port}", acct1=acct(freeradius), timeout=1)
        rc, r = login(gw, "alice", "wonderland")
        assert rc == 0 and r["accept"] is True, r
        assert r["server"] == 1 and r["sends"] == 2       # the same server, once more
        assert relay.seen == 2
        st = gw.ctl_json("aaa", "status")
        assert st["auth"]["retransmits"] == 1 and st["auth"]["failovers"] == 0
    finally:
        relay.close()


# --- a second spotgated as the controller ------------------------------------

@pytest.fixture
def controller(make_daemon):
    c = make_daemon(args=["--mode", "controller", "--log-level", "debug"])
    c.ctl("nas", "add", "127.0.0.1", "--secret", SECRET, "--vendor", "mikrotik")
    c.ctl("plan", "add", "--name", "Hour", "--measure", "both", "--time", "1h", "--data", "5GB",
          "--price", "3.00", "--down", "10M", "--up", "2M", "--idle", "10min")
    return c


def controller_voucher(c):
    return c.ctl_json("voucher", "generate", "--plan", "Hour", "--count", "1")["preview"][0]["code"]


def test_controller_accept_limits_and_accounting(make_daemon, tmp_path, controller):
    gw = gateway(make_daemon, tmp_path, server1=f"127.0.0.1:{controller.radius_auth_port}",
                 acct1=f"127.0.0.1:{controller.radius_acct_port}")
    code = controller_voucher(controller)
    rc, r = login(gw, code, code, "--mac", "aa:bb:cc:00:00:03", "--start", "yes")
    assert rc == 0 and r["accept"] is True, r
    limits = r["limits"]
    # the controller answers a MikroTik NAS: Mikrotik-Rate-Limit and -Total-Limit besides WISPr
    assert limits["session_timeout"] == 3600 and limits["idle_timeout"] == 600
    assert limits["speed_up"] == 2000000 and limits["speed_down"] == 10000000
    assert limits["bytes_total"] == 5000000000
    assert len(r["class"]) == 1 and r["class"][0].startswith("sg:")
    assert r["session"]["start"] == "answered"
    sid, acct_id = r["session"]["id"], r["session"]["acct_session_id"]

    gw.ctl("aaa", "interim", sid, "--up", "3000", "--down", "70000")
    gw.ctl("aaa", "stop", sid, "--up", "1000", "--down", "30000", "--cause", "logout")

    db = sqlite3.connect(os.path.join(controller.state_dir, "spotgate.db"))
    row = db.execute("SELECT id, acct_session_id, bytes_up, bytes_down, stop_cause, stopped_at IS NOT NULL, mac "
                     "FROM sessions").fetchall()
    db.close()
    # one session: the Access-Accept opened it, the Class bound the accounting to it
    assert len(row) == 1, row
    session_id, bound, up, down, cause, stopped, mac = row[0]
    assert r["class"] == [f"sg:{session_id}"]
    assert bound == acct_id and (up, down) == (4000, 100000)
    assert cause == "logout" and stopped == 1 and mac == "aa:bb:cc:00:00:03"

    # at log level debug the controller logs each request and reply by attribute name
    log = controller.read_log()
    assert "received from=127.0.0.1:" in log and "Access-Request id=" in log
    assert f'User-Name="{code}" User-Password=<hidden>' in log
    assert 'Calling-Station-Id="AA-BB-CC-00-00-03"' in log and 'NAS-Identifier="venue-7"' in log
    assert "sent to=127.0.0.1:" in log and 'Mikrotik-Rate-Limit="2000000/10000000"' in log
    assert "Accounting-Request id=" in log and "Acct-Status-Type=Interim-Update" in log


def test_controller_reject_message(make_daemon, tmp_path, controller):
    gw = gateway(make_daemon, tmp_path, server1=f"127.0.0.1:{controller.radius_auth_port}")
    rc, r = login(gw, "NOSUCHCODE", "x")
    assert rc == 1 and r["accept"] is False
    assert "not right" in r["message"], r


def test_controller_as_second_server(make_daemon, tmp_path, controller):
    gw = gateway(make_daemon, tmp_path, server1=f"127.0.0.1:{free_port()}",
                 server2=f"127.0.0.1:{controller.radius_auth_port}",
                 acct2=f"127.0.0.1:{controller.radius_acct_port}", timeout=1, retries=1)
    code = controller_voucher(controller)
    rc, r = login(gw, code, code, "--start", "yes")
    assert rc == 0 and r["server"] == 2 and r["sends"] == 2, r
    assert r["session"]["start"] == "answered"      # accounting failed over too


# --- configuration ------------------------------------------------------------

def test_config_errors_stop_the_daemon(make_daemon, tmp_path):
    conf = tmp_path / "bad.conf"
    conf.write_text("[aaa]\nmode = radius\n")
    d = make_daemon(config=str(conf), start=False)
    d.start(wait=False)
    assert d.proc.wait(10) != 0
    assert "needs radius_server1" in d.read_log()

    conf.write_text("[aaa]\nmode = remote\n")
    d = make_daemon(config=str(conf), start=False)
    d.start(wait=False)
    assert d.proc.wait(10) == 2
    assert "allowed is local or radius" in d.read_log()


def test_off_by_default(daemon):
    assert daemon.ctl_json("aaa", "status") == {"mode": "local"}
    r = daemon.ctl("aaa", "test-login", "x", check=False)
    assert r.returncode == 1 and "remote AAA is off" in r.stderr
