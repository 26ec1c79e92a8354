"""GET /metrics on the admin listener: Prometheus text format 0.0.4 checked by
a strict parser here (and by promtool when it is installed), spotgate_*
names following the conventions, counters that move with what happened, and
access: a login as admin or auditor, or nobody with [admin] metrics_public.

What happened includes the modules' own families: RADIUS requests and the
bytes accounting reports (controller), and in the portal lab the data
plane's bytes, map entries and poll durations, and SMS sent and failed."""
import http.client
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time

from admin_http import Admin, add_user, admin_session, first_admin_password, wait_tcp
from portal_lab import Guest, add_plans, gateway, lab_fixture, voucher_login, vouchers  # noqa: F401
import radius_wire as rw

lab = lab_fixture("sgmt-")
HERE = os.path.dirname(os.path.abspath(__file__))

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


def parse_value(text):
    if text in ("+Inf", "Inf"):
        return math.inf
    if text == "-Inf":
        return -math.inf
    if text == "NaN":
        return math.nan
    assert re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text), f"bad value {text!r}"
    return float(text)


def parse_labels(text):
    """{a="x",b="y\\"z"} -> dict; only \\\\, \\" and \\n escapes."""
    labels, i = {}, 0
    assert text[0] == "{" and text[-1] == "}", text
    body = text[1:-1]
    while i < len(body):
        m = re.match(LABEL, body[i:])
        assert m, f"bad label name in {text!r}"
        name = m.group(0)
        assert not name.startswith("__"), f"reserved label {name}"
        i += len(name)
        assert body[i:i + 2] == '="', f"expected =\" in {text!r}"
        i += 2
        value = ""
        while body[i] != '"':
            if body[i] == "\\":
                esc = body[i + 1]
                assert esc in '\\"n', f"bad escape \\{esc} in {text!r}"
                value += {"\\": "\\", '"': '"', "n": "\n"}[esc]
                i += 2
            else:
                assert body[i] != "\n"
                value += body[i]
                i += 1
        i += 1
        assert name not in labels, f"label {name} twice in {text!r}"
        labels[name] = value
        if i < len(body):
            assert body[i] == ",", f"expected , in {text!r}"
            i += 1
    return labels


def parse_exposition(text):
    """Strict text format 0.0.4: returns {family: {"type", "help", "samples": [(name, labels, value)]}}."""
    assert text.endswith("\n"), "the last line ends with a newline"
    families, current, seen_samples = {}, None, set()
    closed = set()
    for lineno, line in enumerate(text.split("\n")[:-1], 1):
        where = f"line {lineno}: {line!r}"
        assert line.strip() == line and line, f"blank or padded {where}"
        if line.startswith("#"):
            m = re.fullmatch(rf"# (HELP|TYPE) ({NAME}) (.*)", line)
            if not m:
                continue   # a plain comment
            kind, name, rest = m.groups()
            fam = families.setdefault(name, {"type": None, "help": None, "samples": []})
            assert name not in closed, f"{name} appears again after other families: {where}"
            if current != name and current is not None:
                closed.add(current)
            current = name
            if kind == "TYPE":
                assert fam["type"] is None, f"second TYPE: {where}"
                assert not fam["samples"], f"TYPE after samples: {where}"
                assert rest in TYPES, f"unknown type: {where}"
                fam["type"] = rest
            else:
                assert fam["help"] is None, f"second HELP: {where}"
                assert not re.search(r"\\[^\\n]", rest), f"bad escape in HELP: {where}"
                fam["help"] = rest
            continue
        m = re.fullmatch(rf"({NAME})(\{{.*\}})? (\S+)( -?\d+)?", line)
        assert m, f"not a sample: {where}"
        name, labels, value = m.group(1), parse_labels(m.group(2)) if m.group(2) else {}, parse_value(m.group(3))
        family = current
        assert family is not None, f"sample before any TYPE: {where}"
        ftype = families[family]["type"]
        allowed = {family}
        if ftype == "histogram":
            allowed = {family + "_bucket", family + "_sum", family + "_count"}
        elif ftype == "summary":
            allowed = {family, family + "_sum", family + "_count"}
        assert name in allowed, f"{name} does not belong to family {family} ({ftype}): {where}"
        key = (name, tuple(sorted(labels.items())))
        assert key not in seen_samples, f"duplicate sample {where}"
        seen_samples.add(key)
        families[family]["samples"].append((name, labels, value))
    return families


def check_conventions(families):
    for name, fam in families.items():
        assert name.startswith("spotgate_"), name
        assert fam["type"] and fam["help"], f"{name} needs TYPE and HELP"
        assert fam["samples"], f"{name} has no samples"
        if fam["type"] == "counter":
            assert name.endswith("_total"), f"counter {name} must end in _total"
            assert all(v >= 0 for _, _, v in fam["samples"]), name
        else:
            assert not name.endswith("_total"), f"only counters end in _total: {name}"
        if fam["type"] == "histogram":
            assert name.endswith("_seconds") or name.endswith("_bytes"), f"histogram {name} needs a unit"
            buckets = [(ls["le"], v) for n, ls, v in fam["samples"] if n.endswith("_bucket")]
            bounds = [parse_value(le) for le, _ in buckets]
            assert bounds == sorted(bounds) and bounds[-1] == math.inf, f"{name} le not ascending to +Inf"
            counts = [v for _, v in buckets]
            assert counts == sorted(counts), f"{name} buckets not cumulative"
            count = [v for n, _, v in fam["samples"] if n == name + "_count"]
            assert count == [counts[-1]], f"{name}_count != +Inf bucket"
            assert [1 for n, _, _ in fam["samples"] if n == name + "_sum"] == [1]


def value(families, name, family=None, **labels):
    for n, ls, v in families[family or name]["samples"]:
        if n == name and ls == labels:
            return v
    raise KeyError((name, labels))


def test_parser_rejects_bad_text():
    good = "# HELP spotgate_x_total X.\n# TYPE spotgate_x_total counter\nspotgate_x_total{a=\"b\"} 1\n"
    parse_exposition(good)
    for bad in [good.rstrip("\n"),
                good + "spotgate_x_total{a=\"b\"} 2\n",                       # duplicate
                good.replace('{a="b"}', '{a="b\\q"}'),                        # bad escape
                good.replace("counter", "countr"),                            # bad type
                good.replace(" 1\n", " one\n"),                               # bad value
                good + "# TYPE spotgate_x_total counter\n",                   # second TYPE
                good + "# HELP spotgate_y Y.\n# TYPE spotgate_y gauge\nspotgate_y 1\nspotgate_x_total 3\n"]:
        try:
            parse_exposition(bad)
        except AssertionError:
            continue
        raise AssertionError(f"accepted {bad!r}")


def test_metrics_format_and_content(daemon, tmp_path):
    a = admin_session(daemon)
    Admin(daemon.admin_port).login("admin", "not-the-password", expect=401)
    a.post("/api/v1/nas", {"address": "192.0.2.1", "secret": "x"})
    daemon.ctl("plan", "add", "--name", "1 hour", "--time", "1h", "--price", "3.00")

    r = a.get("/metrics")
    assert r.status == 200, r
    assert r.header("Content-Type") == ["text/plain; version=0.0.4; charset=utf-8"]
    families = parse_exposition(r.body)
    check_conventions(families)

    for name in ["spotgate_build_info", "spotgate_start_time_seconds", "spotgate_uptime_seconds",
                 "spotgate_admin_logins_total", "spotgate_admin_api_requests_total",
                 "spotgate_db_commit_duration_seconds", "spotgate_radius_received_total",
                 "spotgate_radius_dropped_total", "spotgate_radius_responses_total", "spotgate_vouchers",
                 "spotgate_accounts", "spotgate_sessions_online", "spotgate_admin_sessions"]:
        assert name in families, f"{name} missing"
    assert families["spotgate_build_info"]["samples"][0][1]["mode"] == "controller"
    assert value(families, "spotgate_admin_logins_total", result="success") == 1
    assert value(families, "spotgate_admin_logins_total", result="failure") == 1
    assert value(families, "spotgate_admin_api_requests_total", method_class="write", status_class="2xx") >= 2
    assert value(families, "spotgate_admin_api_requests_total", method_class="write", status_class="4xx") >= 1
    assert value(families, "spotgate_db_commit_duration_seconds_count",
                 family="spotgate_db_commit_duration_seconds") >= 3, "login, NAS, plan committed"
    assert {ls["state"] for _, ls, _ in families["spotgate_vouchers"]["samples"]} == \
        {"unused", "active", "depleted", "expired", "revoked"}
    assert value(families, "spotgate_radius_received_total") == 0

    promtool = shutil.which("promtool")
    if promtool:
        p = subprocess.run([promtool, "check", "metrics"], input=r.body, capture_output=True, text=True, timeout=30)
        assert p.returncode == 0, p.stdout + p.stderr
        assert p.stdout.strip() == "" and p.stderr.strip() == "", "promtool has no lint complaints: " + p.stdout + p.stderr


def test_metrics_need_admin_or_auditor(daemon):
    wait_tcp(daemon.admin_port)
    assert Admin(daemon.admin_port).get("/metrics").status == 401
    op = Admin(daemon.admin_port)
    op.login("op", add_user(daemon, "op", "operator", location=1))
    assert op.get("/metrics").status == 403
    au = Admin(daemon.admin_port)
    au.login("au", add_user(daemon, "au", "auditor"))
    assert au.get("/metrics").status == 200


def test_metrics_public(make_daemon, tmp_path):
    cfg = tmp_path / "public.conf"
    cfg.write_text("[admin]\nmetrics_public = yes\n")
    d = make_daemon(config=str(cfg))
    wait_tcp(d.admin_port)
    anon = Admin(d.admin_port)
    r = anon.get("/metrics")
    assert r.status == 200, r
    check_conventions(parse_exposition(r.body))
    assert anon.get("/api/v1/status").status == 401, "only /metrics is public"


# --- the modules' families ------------------------------------------------------------

class UnixHTTPConnection(http.client.HTTPConnection):
    """The admin API on the daemon's Unix socket (local admin, no login): the way to
    scrape a daemon that runs inside a lab namespace."""

    def __init__(self, path):
        super().__init__("spotgate", timeout=10)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(10)
        self.sock.connect(self.unix_path)


def scrape(d):
    """/metrics over the Unix socket, parsed and checked."""
    c = UnixHTTPConnection(d.socket)
    try:
        c.request("GET", "/metrics")
        r = c.getresponse()
        body = r.read().decode()
    finally:
        c.close()
    assert r.status == 200, body
    families = parse_exposition(body)
    check_conventions(families)
    return families


def test_radius_requests_and_accounted_bytes(daemon):
    from test_reports import make_usage
    from test_radius_aaa import SECRET, access
    make_usage(daemon)      # three logins, accounting Start + Stop for each
    access(daemon, User_Name="NOPE", User_Password="x")
    # a Status-Server sent twice from one socket (the second is a retransmission)
    status = rw.packet(rw.STATUS_SERVER, 7, secret=SECRET)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        for _ in range(2):
            s.sendto(status, ("127.0.0.1", daemon.radius_auth_port))
            assert s.recvfrom(4096)[0][0] == rw.ACCESS_ACCEPT
    assert rw.exchange(daemon.radius_auth_port, b"\x01\x02garbage", timeout=0.3) is None

    f = scrape(daemon)
    req = lambda code, result: value(f, "spotgate_radius_requests_total", code=code, result=result)  # noqa: E731
    assert req("access_request", "accepted") == 3
    assert req("access_request", "rejected") == 1
    assert req("accounting_request", "answered") == 6
    assert req("status_server", "answered") == 1
    assert req("status_server", "duplicate") == 1
    assert req("other", "dropped") == 1
    assert sum(v for _, _, v in f["spotgate_radius_requests_total"]["samples"]) == \
        value(f, "spotgate_radius_received_total")
    # test_reports.make_usage: Input-Octets 1000 + 500 + 100000, Output-Octets 9000 + 500 + 900000
    bytes_ = {(ls["source"], ls["direction"]): v for _, ls, v in f["spotgate_guest_bytes_total"]["samples"]}
    assert bytes_ == {("radius", "up"): 101_500, ("radius", "down"): 909_500}, "no data plane in controller mode"
    assert "spotgate_dataplane_map_entries" not in f and "spotgate_sms_messages_total" not in f


def wait_for(fn, what, timeout=5):
    deadline = time.time() + timeout
    while True:
        got = fn()
        if got:
            return got
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_gateway_bytes_map_entries_and_poll(lab, gateway):
    d = gateway()
    add_plans(d)
    f = scrape(d)
    maps = {ls["map"]: v for _, ls, v in f["spotgate_dataplane_map_entries"]["samples"]}
    cap = {ls["map"]: v for _, ls, v in f["spotgate_dataplane_map_max_entries"]["samples"]}
    assert maps["sg_client_cfg"] == 0 and cap["sg_client_cfg"] == 65536, (maps, cap)
    assert {"sg_client_cnt", "sg_deny_mac", "sg_deny_v4", "sg_allow_v6", "sg_garden_v4", "sg_portal_nat"} <= set(maps)
    assert not {"sg_settings", "sg_stats", "sg_events", "sg_dns"} & set(maps), "arrays and ring buffers left out"

    # a deny-list entry and a walled-garden range are counted where the kernel keeps them
    d.ctl("acl", "deny", "02:00:00:00:09:09")
    d.ctl("garden", "add", "198.51.100.0/24")
    g = Guest(lab, 1)
    code, = vouchers(d, 1)
    assert voucher_login(g, code).status == 303
    f = scrape(d)
    maps = {ls["map"]: v for _, ls, v in f["spotgate_dataplane_map_entries"]["samples"]}
    assert maps["sg_client_cfg"] == 1, "one authorized guest"
    assert maps["sg_deny_mac"] == 1 and maps["sg_garden_v4"] >= 1, maps
    before = {(ls["source"], ls["direction"]): v for _, ls, v in f["spotgate_guest_bytes_total"]["samples"]}
    polls = value(f, "spotgate_dataplane_poll_duration_seconds_count", family="spotgate_dataplane_poll_duration_seconds")

    assert g.online()     # a page from the internet, through the data plane
    for _ in range(5):
        g.curl("http://203.0.113.10/", timeout=5)

    def grown():
        f = scrape(d)
        now = {(ls["source"], ls["direction"]): v for _, ls, v in f["spotgate_guest_bytes_total"]["samples"]}
        return f if now[("dataplane", "up")] > before[("dataplane", "up")] + 500 and \
            now[("dataplane", "down")] > before[("dataplane", "down")] + 1000 else None
    f = wait_for(grown, "the poll to count the guest's bytes")
    now = {(ls["source"], ls["direction"]): v for _, ls, v in f["spotgate_guest_bytes_total"]["samples"]}
    assert set(now) == {("dataplane", "up"), ("dataplane", "down")}, "the RADIUS server is off in gateway mode"
    count = value(f, "spotgate_dataplane_poll_duration_seconds_count", family="spotgate_dataplane_poll_duration_seconds")
    total = value(f, "spotgate_dataplane_poll_duration_seconds_sum", family="spotgate_dataplane_poll_duration_seconds")
    assert count > polls, "the 1 s poll ran while we waited"
    assert 0 < total / count < 1, "a poll of one guest takes well under its interval"


def test_sms_sent_and_failed(lab, gateway, tmp_path):
    from test_portal_sms import send, wait_codes
    d = gateway(login="sms", sms_plan="Free", sms_driver="log")
    add_plans(d)
    f = scrape(d)
    assert value(f, "spotgate_sms_messages_total", driver="log", result="sent") == 0
    assert send(Guest(lab, 1)).status == 200
    wait_codes(d, 1)
    f = scrape(d)
    assert value(f, "spotgate_sms_messages_total", driver="log", result="sent") == 1
    assert value(f, "spotgate_sms_messages_total", driver="log", result="failed") == 0
    d.stop()

    # an SMS gateway that answers 500: the stub of the portal tests
    record = tmp_path / "sms.jsonl"
    stub = subprocess.Popen(["ip", "netns", "exec", lab.ns("gw"), sys.executable,
                             os.path.join(HERE, "portal_sms_stub.py"), "127.0.0.1", "18097", str(record), "500"])
    try:
        wait_for(lambda: lab.in_ns("gw", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/18097",
                                   check=False).returncode == 0, "the SMS stub")
        d = gateway(login="sms", sms_plan="Free", sms_driver="http", sms_url="http://127.0.0.1:18097/send",
                    sms_method="GET")
        add_plans(d)
        assert send(Guest(lab, 1)).status == 502
        f = scrape(d)
        assert value(f, "spotgate_sms_messages_total", driver="http", result="failed") == 1
        assert value(f, "spotgate_sms_messages_total", driver="http", result="sent") == 0
        assert len(open(record).readlines()) == 1
    finally:
        stub.terminate()
        stub.wait()
