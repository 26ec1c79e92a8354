"""The guest portal in a real browser: Debian's chromium driven by
playwright-core (tests/e2e/portal.mjs) runs inside a lab guest namespace,
opens http://203.0.113.10/, lands on the portal, logs in with a voucher (and,
in another guest, with a mobile number and the SMS code), sees the status
page and arrives at the original page. JavaScript is off in the pages.
Screenshots of every step go to build/test-artifacts/portal/."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import ROOT
from portal_lab import PORTAL, WEB, Guest, add_plans, gateway, lab_fixture, vouchers  # noqa: F401

lab = lab_fixture("sgpb-")
E2E = os.path.join(ROOT, "tests", "e2e")
ARTIFACTS = os.path.join(ROOT, "build", "test-artifacts", "portal")


@pytest.fixture(scope="module")
def node_modules():
    """npm ci from the lock file (the npm registry; never a browser download)."""
    if not os.path.exists("/usr/bin/chromium") or not shutil.which("node"):
        pytest.fail("chromium and nodejs are needed: scripts/deps.sh installs them")
    if not os.path.isdir(os.path.join(E2E, "node_modules", "playwright-core")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=E2E, check=True, timeout=300,
                       env=dict(os.environ, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1"))


def browse(lab, guest, **cfg):
    cfg.update(portal=PORTAL, start_url=WEB, artifacts=ARTIFACTS)
    r = subprocess.run(["ip", "netns", "exec", lab.ns(f"guest{guest}"), "node", os.path.join(E2E, "portal.mjs")],
                       capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, SPOTGATE_E2E=json.dumps(cfg)))
    assert r.stdout.strip(), f"no output from the browser:\n{r.stderr}"
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert r.returncode == 0 and "error" not in out, f"{out.get('error')}\n{r.stderr}"
    return out


def test_voucher_login_in_the_browser(lab, gateway, node_modules):
    d = gateway(login="voucher,sms", sms_plan="Free")
    add_plans(d)
    code = vouchers(d, 1)[0]
    out = browse(lab, 1, flow="voucher", voucher=code)
    assert out["steps"] == ["1-portal", "2-voucher-entered", "4-status", "5-original-page"]
    assert out["urls"][0].startswith(PORTAL + "/?url=http%3A%2F%2F203.0.113.10%2F")
    assert "Voucher code" in out["texts"]["portal"]
    assert "You are online" in out["texts"]["status"] and "Hour" in out["texts"]["status"]
    assert out["urls"][-1] == WEB and "Welcome to the internet" in out["texts"]["original"]
    for step in out["steps"]:
        assert os.path.getsize(os.path.join(ARTIFACTS, f"voucher-{step}.png")) > 5000
    assert Guest(lab, 1).online() and not Guest(lab, 2).online()


def test_sms_code_login_in_the_browser_in_german(lab, gateway, node_modules):
    d = gateway(login="voucher,sms", sms_plan="Free")
    add_plans(d)
    out = browse(lab, 2, flow="otp", locale="de-DE", phone="+49 151 2345 6789", phone_e164="+4915123456789",
                 daemon_log=d.log_path)
    assert out["steps"] == ["1-portal", "2-code-sent", "3-code-entered", "4-status", "5-original-page"]
    assert "Gutscheincode" in out["texts"]["portal"]
    assert "+4915123456789" in out["texts"]["otp"]
    assert "Sie sind online" in out["texts"]["status"] and "Free" in out["texts"]["status"]
    assert out["urls"][-1] == WEB and "Welcome to the internet" in out["texts"]["original"]
    assert Guest(lab, 2).online()
