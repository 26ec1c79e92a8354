"""Mobile number + SMS code in the lab: the log driver, an HTTP SMS gateway
stub that records what it got, the exec driver, the access code of the day,
pre-registered members, the OTP rules (wrong codes, attempts, cooldown) and
a failed delivery that leaves no account behind."""
import json
import os
import re
import subprocess
import sys
import time

import pytest

from portal_lab import PORTAL, Guest, add_plans, gateway, lab_fixture  # noqa: F401

lab = lab_fixture("sgps-")
HERE = os.path.dirname(os.path.abspath(__file__))
NUMBER = "+4915112345678"


def send(g, method="sms", phone="+49 151 1234-5678", **extra):
    return g.post("/otp/send", {"csrf": g.csrf(), "method": method, "phone": phone, **extra})


def verify(g, code, method="sms", phone=NUMBER):
    return g.post("/otp/verify", {"csrf": g.csrf(), "method": method, "phone": phone, "otp": code})


def wait_codes(d, n, timeout=5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        codes = d.sms_codes()
        if len(codes) >= n:
            return codes
        time.sleep(0.05)
    raise AssertionError("no SMS code in the log:\n" + d.read_log())


def test_sms_login_with_the_log_driver_and_the_otp_rules(lab, gateway):
    d = gateway(login="sms", sms_plan="Free", sms_driver="log")
    add_plans(d)
    g = Guest(lab, 1)
    r = send(g, phone="0151 1234")
    assert r.status == 400 and "country code" in r.body
    r = send(g)
    assert r.status == 200 and 'id="otp"' in r.body and NUMBER in r.body
    (number, code), = wait_codes(d, 1)
    assert number == NUMBER and re.fullmatch(r"\d{6}", code)
    # the code is not in the database, only its hash
    db = subprocess.run(["sqlite3", os.path.join(d.state_dir, "spotgate.db"),
                         "SELECT code_hash FROM portal_otp"], capture_output=True, text=True).stdout
    assert code not in db and len(db.strip()) == 64
    # a new code only after 60 s
    r = send(g)
    assert r.status == 429 and "seconds" in r.body
    assert len(d.sms_codes()) == 1
    # wrong, malformed, then right
    wrong = "%06d" % ((int(code) + 1) % 1000000)
    r = verify(g, wrong)
    assert r.status == 401 and "not right" in r.body
    r = verify(g, "12ab")
    assert r.status == 400 and "6 digits" in r.body
    r = verify(g, code)
    assert r.status == 303, r.body
    assert g.online()
    st = g.get("/status")
    assert 'id="plan">Free<' in st.body
    acc = d.ctl_json("account", "list")["items"]
    assert [a["username"] for a in acc] == [NUMBER] and acc[0]["kind"] == "mobile"
    # the code is used up
    assert verify(g, code).status in (400, 401)


def test_five_wrong_codes_end_the_challenge(lab, gateway):
    d = gateway(login="sms", sms_plan="Free")
    add_plans(d)
    g = Guest(lab, 1)
    assert send(g).status == 200
    (_, code), = wait_codes(d, 1)
    wrong = "%06d" % ((int(code) + 7) % 1000000)
    for i in range(5):
        r = verify(g, wrong)
        assert r.status == 401
    assert "Too many wrong codes" in r.body
    r = verify(g, code)
    assert r.status == 401 and "Too many wrong codes" in r.body
    assert not g.online()
    assert d.ctl_json("account", "list")["items"] == []


def test_http_sms_gateway_stub_gets_the_message(lab, gateway, tmp_path):
    record = tmp_path / "sms.jsonl"
    stub = subprocess.Popen(["ip", "netns", "exec", lab.ns("gw"), sys.executable,
                             os.path.join(HERE, "portal_sms_stub.py"), "127.0.0.1", "18099", str(record)])
    try:
        for _ in range(100):
            if lab.in_ns("gw", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/18099", check=False).returncode == 0:
                break
            time.sleep(0.05)
        d = gateway(login="sms-code", sms_plan="Free", sms_driver="http",
                    sms_url="http://127.0.0.1:18099/api/send?key=K1", sms_method="POST",
                    sms_headers="Content-Type: application/json|Authorization: Bearer t0ken",
                    sms_body='{"to": "{to}", "message": "{text}"}')
        add_plans(d)
        g = Guest(lab, 1)
        # no access code set yet, then a wrong one
        assert send(g, "sms-code", access_code="LATTE").status == 401
        d.ctl("portal", "access-code", "LATTE7")
        r = send(g, "sms-code", access_code="MOCHA")
        assert r.status == 401 and "access code is not right" in r.body
        r = send(g, "sms-code", access_code="latte7")
        assert r.status == 200, r.body
        reqs = [json.loads(line) for line in open(record)]
        assert len(reqs) == 1
        req = reqs[0]
        assert req["method"] == "POST" and req["path"] == "/api/send?key=K1"
        assert req["headers"]["Authorization"] == "Bearer t0ken"
        body = json.loads(req["body"])
        assert body["to"] == NUMBER
        code = re.search(r"\b(\d{6})\b", body["message"]).group(1)
        r = verify(g, code, "sms-code")
        assert r.status == 303
        assert g.online()
    finally:
        stub.terminate()
        stub.wait()


def test_failed_delivery_is_shown_logged_and_leaves_no_account(lab, gateway, tmp_path):
    # a gateway that answers 500, then an exec driver that fails
    record = tmp_path / "sms.jsonl"
    stub = subprocess.Popen(["ip", "netns", "exec", lab.ns("gw"), sys.executable,
                             os.path.join(HERE, "portal_sms_stub.py"), "127.0.0.1", "18098", str(record), "500"])
    try:
        for _ in range(100):
            if lab.in_ns("gw", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/18098", check=False).returncode == 0:
                break
            time.sleep(0.05)
        d = gateway(login="sms", sms_plan="Free", sms_driver="http", sms_url="http://127.0.0.1:18098/send",
                    sms_method="GET")
        add_plans(d)
        g = Guest(lab, 1)
        r = send(g)
        assert r.status == 502 and "could not send the SMS" in r.body
        assert "delivery failed" in d.read_log() and "HTTP 500" in d.read_log()
        assert d.ctl_json("account", "list")["items"] == []
        # a failed delivery does not hold the number back
        assert send(g).status == 502
        assert len(open(record).readlines()) == 2
    finally:
        stub.terminate()
        stub.wait()


def test_exec_driver_runs_the_command_without_a_shell(lab, gateway, tmp_path):
    out = tmp_path / "exec.txt"
    script = tmp_path / "inject.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s|%s\\n" "$1" "$2" >> {out}\n')
    script.chmod(0o755)
    d = gateway(login="sms-member", sms_driver="exec", sms_command=f"{script} {{to}} {{text}}")
    add_plans(d)
    d.ctl("account", "add", NUMBER, "--plan", "Hour", "--kind", "mobile")
    g = Guest(lab, 1)
    # a number that is not a member sees the same page, and no SMS goes out
    r = send(g, "sms-member", phone="+4915199999999")
    assert r.status == 200 and 'id="otp"' in r.body
    r = send(g, "sms-member")
    assert r.status == 200
    for _ in range(100):
        if out.exists() and out.read_text():
            break
        time.sleep(0.05)
    lines = out.read_text().splitlines()
    assert len(lines) == 1
    to, text = lines[0].split("|", 1)
    assert to == NUMBER and "valid for 5 minutes" in text   # {text} arrives as one argument
    code = re.search(r"\d{6}", text).group(0)
    assert verify(g, code, "sms-member").status == 303
    assert g.online()
    assert 'id="plan">Hour<' in g.get("/status").body
