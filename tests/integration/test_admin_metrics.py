"""GET /metrics on the admin listener: Prometheus text format 0.0.4 checked by
a strict parser here (and by promtool when it is installed), spotgate_*
names following the conventions, counters that move with what happened, and
access: a login as admin or auditor, or nobody with [admin] metrics_public."""
import math
import re
import shutil
import subprocess

from admin_http import Admin, add_user, admin_session, first_admin_password, wait_tcp

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
