"""The web admin in a real browser: Debian's chromium driven by playwright-core
(tests/e2e/admin_ui.mjs) against a real spotgated on loopback ports. An admin
logs in, creates a plan (with a fair-use rule and a rating schedule), generates 10 vouchers (preview, then confirm),
downloads their PDF and kicks a session opened over RADIUS; a receptionist
makes a quick ticket and cannot open the plans page (the API answers 403).
Screenshots of each step are kept under build/test-artifacts/admin-ui/."""
import hashlib
import hmac
import json
import os
import re
import shutil
import socket
import struct
import subprocess

import pytest
from pyrad import client, dictionary, packet

from admin_http import Admin, add_user, wait_tcp
from conftest import ROOT

HERE = os.path.dirname(os.path.abspath(__file__))
E2E = os.path.join(ROOT, "tests", "e2e")
ARTIFACTS = os.path.join(ROOT, "build", "test-artifacts", "admin-ui")
CHROMIUM = "/usr/bin/chromium"
SECRET = b"testing123"
PLAN = "Lobby 2h"


@pytest.fixture(scope="module")
def node_modules():
    """playwright-core from the lock file (npm ci) when it is not installed yet."""
    for tool in ("node", "npm"):
        assert shutil.which(tool), f"{tool} is missing: run scripts/deps.sh"
    assert os.access(CHROMIUM, os.X_OK), "chromium is missing: run scripts/deps.sh"
    if not os.path.isdir(os.path.join(E2E, "node_modules", "playwright-core")):
        r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=E2E, capture_output=True, text=True,
                           timeout=600)
        assert r.returncode == 0, f"npm ci failed:\n{r.stdout}\n{r.stderr}"
    return os.path.join(E2E, "node_modules")


def radius_session(d, code, mac, acct_session_id):
    """An Access-Request and an Accounting-Start from a NAS on 127.0.0.1, so a
    real session is online for the browser to kick."""
    c = client.Client(server="127.0.0.1", authport=d.radius_auth_port, acctport=d.radius_acct_port,
                      secret=SECRET, dict=dictionary.Dictionary(os.path.join(HERE, "radius.dict")))
    c.timeout = 2
    c.retries = 2
    req = c.CreateAuthPacket(code=packet.AccessRequest)
    req["User-Name"] = code
    req["User-Password"] = req.PwCrypt(code)
    req["Calling-Station-Id"] = mac
    # pyrad 2.1 cannot add Message-Authenticator, which the server wants: append and sign it here
    raw = req.RequestPacket()
    body = raw[20:] + bytes([80, 18]) + bytes(16)
    raw = raw[:2] + struct.pack("!H", 20 + len(body)) + raw[4:20] + body
    raw = raw[:-16] + hmac.new(SECRET, raw, hashlib.md5).digest()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(raw, ("127.0.0.1", d.radius_auth_port))
        reply = packet.Packet(packet=s.recvfrom(4096)[0], secret=SECRET, dict=c.dict)
    assert reply.code == packet.AccessAccept, reply.code
    start = c.CreateAcctPacket()
    start["Acct-Status-Type"] = "Start"
    start["Acct-Session-Id"] = acct_session_id
    start["User-Name"] = code
    start["Calling-Station-Id"] = mac
    start["Class"] = reply["Class"][0]
    assert c.SendPacket(start).code == packet.AccountingResponse


def online_sessions(d):
    return d.ctl_json("report", "sessions")


def test_admin_ui_in_chromium(make_daemon, node_modules):
    d = make_daemon()
    wait_tcp(d.admin_port)
    admin_pw = add_user(d, "boss", "admin", password="boss-password-1")
    desk_pw = add_user(d, "desk", "operator", location=1, password="desk-password-1")

    # a guest online through a NAS, for the kick
    d.ctl("plan", "add", "--name", "RADIUS hour", "--time", "1h", "--price", "3.00")
    d.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode())
    code = d.ctl_json("voucher", "generate", "--plan", "RADIUS hour", "--count", "1")["preview"][0]["code"]
    radius_session(d, code, "02:00:00:00:0a:01", "E2E-1")
    before = [s for s in online_sessions(d)["items"] if s["stopped_at"] is None]
    assert [s["username"] for s in before] == [code]

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    cfg = {"base": f"http://127.0.0.1:{d.admin_port}", "artifacts": ARTIFACTS, "chromium": CHROMIUM,
           "admin": {"user": "boss", "password": admin_pw}, "desk": {"user": "desk", "password": desk_pw},
           "plan": PLAN, "session_user": code, "location": "Lobby bar"}
    r = subprocess.run(["node", os.path.join(E2E, "admin_ui.mjs")], cwd=E2E, capture_output=True, text=True,
                       timeout=300, env={**os.environ, "SPOTGATE_E2E": json.dumps(cfg)})
    assert r.returncode == 0, f"browser script failed:\n{r.stdout}\n{r.stderr}"
    out = json.loads(r.stdout)
    with open(os.path.join(ARTIFACTS, "result.json"), "w") as f:
        json.dump(out, f, indent=1)
    assert "failure" not in out, out["failure"] + "\nsteps done: " + ", ".join(out["steps"])
    assert out["console_errors"] == [], out["console_errors"]

    # logging in: a wrong password says so and keeps the user name; then the keyboard logs in
    assert "wrong username or password" in out["login_error"]
    assert out["login_user_kept"] == "boss"
    assert "Plans" in out["admin_nav"] and "Settings" in out["admin_nav"]
    assert out["dashboard_online"] == "1"

    # the plan form: price <-> unit price as typed, cyclic examples, the API's error by its field
    assert out["unit_from_price"] == "1.50"          # 3.00 for 2 hours
    assert out["price_from_unit"] == "5.00"          # 2.50 an hour for 2 hours
    assert [row.split("\t") for row in out["cyclic_examples"]] == [
        ["1 month", "20.00 EUR"], ["3 months", "60.00 EUR"], ["6 months", "120.00 EUR"], ["12 months", "240.00 EUR"]]
    assert "name" in out["plan_name_error"] and out["plan_price_kept"] == "5.00"
    plan = d.ctl_json("plan", "show", PLAN)
    assert (plan["time_amount"], plan["price"], plan["unit_price"], plan["speed_down"]) == (7200, 500, 250, 10_000_000)
    # fair use and a rating schedule from the form, and the API's errors by their fields
    assert "schedules[0].from" in out["schedule_from_error"] and "time of day" in out["schedule_from_error"]
    assert out["fair_use_error"].startswith("fair_use.threshold_bytes: must be greater than 0"), out["fair_use_error"]
    assert plan["fair_use"] == {"action": "throttle", "threshold_bytes": 1_000_000_000,
                                "period": {"unit": "month", "count": 1, "aligned": True},
                                "speed_down": 1_000_000, "speed_up": 500_000}, plan["fair_use"]
    assert plan["schedules"] == [{"days": ["sat", "sun"], "from": "08:00", "to": "18:00",
                                  "speed_up": 0, "speed_down": 20_000_000}], plan["schedules"]
    assert out["edit_terms"] == {"fair_use_action": "throttle", "fair_use_threshold": "1", "fair_use_unit": "1000000000",
                                 "fair_use_down": "1", "schedules": 1, "from": "08:00", "to": "18:00",
                                 "days": ["sat", "sun"], "speed_down": "20"}, out["edit_terms"]

    # ten vouchers: a preview of five, then the batch; its PDF is one page with every code
    assert len(out["preview_codes"]) == 5
    batches = d.ctl_json("batch", "list")["items"]
    batch = next(b for b in batches if b["plan_name"] == PLAN)
    assert batch["count"] == 10 and f"Batch {batch['id']} stored: 10 vouchers" in out["batch_notice"]
    codes = [v["code"] for v in d.ctl_json("voucher", "list", "--batch", batch["id"], "--per-page", "100")["items"]]
    assert len(codes) == 10
    assert out["pdf_name"] == f"vouchers-batch-{batch['id']}.pdf"
    info = subprocess.run(["pdfinfo", out["pdf"]], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    text = subprocess.run(["pdftotext", "-layout", out["pdf"], "-"], capture_output=True, text=True,
                          check=True).stdout
    missing = [c for c in codes if c not in text]
    assert not missing, f"codes not in the PDF: {missing}\n{text}"

    # the kick ended the RADIUS session as an admin's stop
    assert "ended" in out["kick_notice"]
    after = {s["id"]: s for s in online_sessions(d)["items"]}
    kicked = after[before[0]["id"]]
    assert kicked["stopped_at"] is not None and kicked["stop_cause"] == "admin", kicked
    assert not any(code in row for row in out["sessions_after"])

    # every other admin page opened without an error; settings named the bad field
    assert out["page_errors"] == {}, out["page_errors"]
    assert "three upper-case letters" in out["settings_error"]
    # a location: the unknown time zone named by its field, then added
    assert "Mars/Olympus" in out["location_error"], out["location_error"]
    assert any("Lobby bar" in row and "Europe/Vienna" in row for row in out["location_rows"]), out["location_rows"]
    assert d.ctl_json("location", "show", "Lobby bar")["timezone"] == "Europe/Vienna"

    # the receptionist: a quick ticket works, plans are closed in the UI and by the API
    assert "Plans" not in out["desk_nav"] and "Settings" not in out["desk_nav"]
    assert set(out["desk_nav"]) == {"Vouchers", "Quick ticket", "Live sessions"}
    account = d.ctl_json("account", "show", out["quick"]["username"])
    assert account["first_name"] == "Ada" and account["plan_name"] == PLAN
    assert "may not open Plans" in out["desk_plans_text"] and out["desk_plan_form"] == 0
    assert out["desk_api_plans"]["status"] == 403, out["desk_api_plans"]
    assert out["desk_api_settings"]["status"] == 403, out["desk_api_settings"]
    desk = Admin(d.admin_port)
    desk.login("desk", desk_pw)
    assert desk.post("/api/v1/plans", {"name": "x", "time_amount": 60, "price": 1}).status == 403
    assert desk.get("/api/v1/settings").status == 403

    for step in out["steps"]:
        assert os.path.getsize(os.path.join(ARTIFACTS, step + ".png")) > 1000
