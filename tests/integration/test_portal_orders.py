"""Buying a package on the portal in the lab: the front-desk provider (a
pending order staff confirm with spotctl order confirm), the webhook provider
(a redirect to the provider, then an HMAC-SHA256-signed notification; badly
signed, stale and replayed notifications are refused), top-up of the
device's account, and the status page's top-up link."""
import json
import re
import time
import urllib.parse

from portal_lab import (PORTAL, Guest, add_plans, gateway, lab_fixture, voucher_login,  # noqa: F401
                        webhook_sign)

lab = lab_fixture("sgpo-")
SECRET = "whsec-test-1"
PAY = "https://pay.example.net/checkout"


def buy(g, d, provider):
    page = g.get("/buy")
    assert page.status == 200
    assert "Hour" in page.body and "EUR 3.00" in page.body and "<h3>Free<" not in page.body
    plan = d.ctl_json("plan", "show", "Hour")["id"]
    return g.post("/buy", {"csrf": g.csrf(), "plan": plan, "provider": provider})


def test_front_desk_order_confirmed_with_spotctl(lab, gateway):
    d = gateway(login="voucher", payment="front-desk")
    add_plans(d)
    g = Guest(lab, 1)
    r = buy(g, d, "front-desk")
    assert r.status == 303
    order_url = r.header("location")
    ref = order_url.rsplit("/", 1)[1]
    assert re.fullmatch(r"[A-Z2-9]{6}", ref)
    page = g.curl(order_url)
    assert page.status == 200 and ref in page.body and "front desk" in page.body
    assert 'http-equiv="refresh"' in page.body
    assert not g.online()
    # another device cannot look at it
    assert Guest(lab, 2).curl(order_url).status == 404
    orders = d.ctl_json("order", "list", "--state", "pending")["items"]
    assert [o["reference"] for o in orders] == [ref] and orders[0]["mac"] == g.mac and orders[0]["price"] == 300
    out = d.ctl("order", "confirm", ref.lower()).stdout
    assert f"order {ref} paid" in out
    assert d.ctl("order", "confirm", ref, check=False).returncode == 1   # not pending any more
    # the order page (reloading itself) now lets the device through
    r = g.curl(order_url)
    assert r.status == 303 and r.header("location") == PORTAL + "/status"
    assert g.online()
    st = g.get("/status")
    assert 'id="plan">Hour<' in st.body and 'href="/buy"' in st.body
    assert d.ctl_json("order", "show", ref)["state"] == "paid"


def test_webhook_payment_signed_replayed_and_forged(lab, gateway):
    d = gateway(login="voucher", payment="webhook", webhook_url=PAY, webhook_secret=SECRET)
    add_plans(d)
    g = Guest(lab, 1)
    r = buy(g, d, "webhook")
    assert r.status == 303
    loc = urllib.parse.urlsplit(r.header("location"))
    assert f"{loc.scheme}://{loc.netloc}{loc.path}" == PAY
    q = urllib.parse.parse_qs(loc.query)
    ref = q["order"][0]
    assert q["amount"] == ["300"] and q["currency"] == ["EUR"] and q["return"] == [f"{PORTAL}/order/{ref}"]

    def notify(body, ts=None, sig=None, secret=SECRET):
        text = json.dumps(body)
        t, s = webhook_sign(secret, text, ts)
        # the provider calls the gateway from the outside; here from the gateway itself
        r = lab.in_ns("gw", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                      "-H", "Content-Type: application/json", "-H", f"X-Spotgate-Timestamp: {t}",
                      "-H", f"X-Spotgate-Signature: {sig or s}", "--data-raw", text,
                      f"{PORTAL}/payment/webhook", check=False)
        return int(r.stdout or 0)

    paid = {"order": ref, "txn": "tx-1001", "amount": 300, "currency": "EUR", "status": "paid"}
    assert notify(paid, secret="wrong-secret") == 401
    assert notify(paid, sig="0" * 64) == 401
    assert notify(paid, ts=int(time.time()) - 3600) == 401          # stale
    assert notify(dict(paid, amount=100)) == 422                    # not what the order costs
    assert not g.online()
    assert notify(paid) == 200
    assert g.online()                                               # let through at once
    assert notify(paid) == 409                                      # the same notification again
    assert notify(dict(paid, txn="tx-1002")) == 409                 # the order is paid already
    assert "payment notification refused" in d.read_log()
    o = d.ctl_json("order", "show", ref)
    assert o["state"] == "paid" and o["paid_by"] == "webhook"


def test_buying_again_tops_up_the_device_account(lab, gateway):
    d = gateway(login="voucher", payment="front-desk")
    add_plans(d)
    g = Guest(lab, 1)
    refs = []
    for _ in range(2):
        r = buy(g, d, "front-desk")
        ref = r.header("location").rsplit("/", 1)[1]
        d.ctl("order", "confirm", ref)
        refs.append(ref)
        g.curl(r.header("location"))
    assert g.online()
    accounts = d.ctl_json("account", "list")["items"]
    assert len(accounts) == 1 and accounts[0]["username"] == f"order-{refs[0]}"
    o1, o2 = (d.ctl_json("order", "show", r) for r in refs)
    assert o1["account_id"] == o2["account_id"]
    # two hours now
    api = json.loads(g.get("/captive-portal/api").body)
    assert api["captive"] is False and api["seconds-remaining"] > 3600 and api["can-extend-session"] is True
