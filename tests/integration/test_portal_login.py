"""The guest portal in the lab: redirect and OS probes, voucher, password and
click-through logins, the status page, RFC 8908, MAC re-login, logout, the
lockout, CSRF, security headers, input limits and languages. curl runs in the
guest namespaces; the daemon runs the data plane in the gateway namespace."""
import json
import urllib.parse

from portal_lab import (PORTAL, WEB, Guest, add_plans, gateway, lab_fixture, voucher_login,  # noqa: F401
                        vouchers)

lab = lab_fixture("sgpl-")

ALL = dict(login="voucher,password,click", click_plan="Free", click_per_day=1)


def test_redirect_carries_the_original_url_and_probes_open_the_portal(lab, gateway):
    d = gateway(**ALL)
    add_plans(d)
    g = Guest(lab, 1)
    r = g.curl("http://203.0.113.10/some/page?x=1")
    assert r.status == 302
    loc = r.header("location")
    assert loc.startswith(PORTAL + "/?url=")
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(loc).query)
    assert q["url"] == ["http://203.0.113.10/some/page?x=1"] and len(q["sig"][0]) == 64
    assert r.header("connection") == "close"
    # the OS probes: never an empty 200 (or a 204) before login
    for host, path in [("connectivitycheck.gstatic.com", "/generate_204"),
                       ("captive.apple.com", "/hotspot-detect.html"),
                       ("www.msftconnecttest.com", "/connecttest.txt")]:
        r = g.curl(f"http://203.0.113.10{path}", headers=[f"Host: {host}"])
        assert r.status == 302, (host, r.status)
        assert r.header("location").startswith(PORTAL + "/?url=" + urllib.parse.quote(f"http://{host}", safe=""))
    # the login page then offers what the configuration chose
    page = g.curl(loc)
    assert page.status == 200
    for form in ("voucher", "password", "click"):
        assert f'id="{form}"' in page.body
    assert 'id="sms"' not in page.body
    assert page.form_value("url", "voucher") == "http://203.0.113.10/some/page?x=1"


def test_voucher_login_status_page_and_rfc8908(lab, gateway):
    d = gateway(**ALL)
    add_plans(d)
    code = vouchers(d)[0]
    g = Guest(lab, 1)
    api = g.get("/captive-portal/api")
    assert api.status == 200 and api.header("content-type") == "application/captive+json"
    assert json.loads(api.body) == {"captive": True, "user-portal-url": PORTAL + "/"}
    assert not g.online()

    loc = g.curl(WEB).header("location")
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(loc).query)
    r = voucher_login(g, code, q["url"][0], q["sig"][0])
    assert r.status == 303, r.body
    status_url = r.header("location")
    assert status_url.startswith(PORTAL + "/status?url=")
    st = g.curl(status_url)
    assert st.status == 200
    assert 'id="plan">Hour<' in st.body
    assert 'id="time-left">1 h 0 min<' in st.body
    assert "10 Mbit/s" in st.body and "2 Mbit/s" in st.body
    assert g.mac in st.body and 'id="logout"' in st.body and 'href="/buy"' not in st.body
    # on to the original page: a link and a meta refresh, no JavaScript
    assert 'href="http://203.0.113.10/"' in st.body and 'http-equiv="refresh"' in st.body
    assert g.online()

    api = json.loads(g.get("/captive-portal/api").body)
    assert api["captive"] is False and 3590 <= api["seconds-remaining"] <= 3600
    assert api["user-portal-url"] == PORTAL + "/" and api["can-extend-session"] is False
    # the other guest is still captive
    assert json.loads(Guest(lab, 2).get("/captive-portal/api").body)["captive"] is True
    assert not Guest(lab, 2).online()
    # the ticket is in use, the session is in the database
    assert d.ctl_json("voucher", "show", code)["state"] == "active"


def test_wrong_and_unknown_codes_get_one_message_and_lockout_after_ten(lab, gateway):
    d = gateway(**ALL)
    add_plans(d)
    real = vouchers(d)[0]
    g = Guest(lab, 1)
    wrong = real[:-1] + ("0" if real[-1] != "0" else "1")
    a = voucher_login(g, wrong)
    b = voucher_login(g, "NOSUCHCODE")
    assert a.status == b.status == 401
    msg = "The code or password is not right."
    assert msg in a.body and msg in b.body
    for _ in range(8):
        assert voucher_login(g, "NOSUCHCODE").status == 401
    # ten failures: even the right code is refused now, with a clear message
    r = voucher_login(g, real)
    assert r.status == 429
    assert "too many failed logins from this device" in r.body and "minutes" in r.body
    assert not g.online()
    # another device is not affected
    g2 = Guest(lab, 2)
    assert voucher_login(g2, real).status == 303
    assert g2.online()


def test_csrf_headers_limits_and_validation(lab, gateway):
    d = gateway(**ALL)
    add_plans(d)
    code = vouchers(d)[0]
    g = Guest(lab, 1)
    r = g.get("/")
    for h, v in [("x-frame-options", "DENY"), ("x-content-type-options", "nosniff"),
                 ("referrer-policy", "no-referrer"), ("cache-control", "no-store")]:
        assert r.header(h) == v, h
    assert "frame-ancestors 'none'" in r.header("content-security-policy")
    # no token, a forged one, another device's token
    assert g.post("/login", {"method": "voucher", "code": code}).status == 403
    assert g.post("/login", {"csrf": "1." + "0" * 64, "method": "voucher", "code": code}).status == 403
    other = Guest(lab, 2).csrf()
    r = g.post("/login", {"csrf": other, "method": "voucher", "code": code})
    assert r.status == 403 and "expired" in r.body
    # too long, missing, not offered
    token = g.csrf()
    r = g.post("/login", {"csrf": token, "method": "voucher", "code": "1" * 65})
    assert r.status == 400 and "too long (code)" in r.body
    r = g.post("/login", {"csrf": token, "method": "voucher", "code": ""})
    assert r.status == 400 and "Please enter your voucher code" in r.body
    r = g.post("/otp/send", {"csrf": token, "method": "sms", "phone": "+4915112345678"})
    assert r.status == 400 and "not offered here" in r.body
    assert g.curl(PORTAL + "/login", data=None, headers=["X-HTTP-Method-Override: PUT"]).status in (200, 404)
    assert not g.online()
    # a post-login URL nobody signed is not followed
    r = voucher_login(g, code, "http://evil.example/", "0" * 64)
    assert r.status == 303 and r.header("location") == PORTAL + "/status"


def test_languages_by_accept_language(lab, gateway):
    gateway(**ALL)
    g = Guest(lab, 1)
    de = g.get("/", headers=["Accept-Language: de-AT,de;q=0.9,en;q=0.5"])
    assert de.header("content-language") == "de" and "Gutscheincode" in de.body and 'lang="de"' in de.body
    en = g.get("/", headers=["Accept-Language: fr-FR, en;q=0.8, de;q=0.2"])
    assert en.header("content-language") == "en" and "Voucher code" in en.body
    assert "Voucher code" in g.get("/").body


def test_password_login_and_click_through_once_per_day(lab, gateway):
    d = gateway(**ALL)
    add_plans(d)
    d.ctl("account", "add", "room101", "--plan", "Hour", "--password", "blue-lake-42")
    g = Guest(lab, 1)
    token = g.csrf()
    r = g.post("/login", {"csrf": token, "method": "password", "username": "room101", "password": "wrong"})
    assert r.status == 401 and "user name or password is not right" in r.body
    r = g.post("/login", {"csrf": token, "method": "password", "username": "room101", "password": "blue-lake-42"})
    assert r.status == 303
    assert g.online()

    g2 = Guest(lab, 2)
    token = g2.csrf()
    r = g2.post("/login", {"csrf": token, "method": "click"})
    assert r.status == 400 and "accept the terms" in r.body
    r = g2.post("/login", {"csrf": token, "method": "click", "terms": "yes"})
    assert r.status == 303, r.body
    assert g2.online()
    assert 'id="plan">Free<' in g2.get("/status").body
    # log out, then the free use of today is gone for this device
    r = g2.post("/logout", {"csrf": g2.csrf()})
    assert r.status == 200 and "logged out" in r.body
    assert not g2.online()
    r = g2.post("/login", {"csrf": g2.csrf(), "method": "click", "terms": "yes"})
    assert r.status == 429 and "free internet on this device" in r.body


def test_returning_device_is_let_through_by_mac(lab, gateway):
    d = gateway(**ALL)
    add_plans(d)
    code = vouchers(d)[0]
    g = Guest(lab, 1)
    assert voucher_login(g, code).status == 303
    assert g.online()
    # the device drops off (kicked from the data plane, as after leaving the venue)
    d.ctl("client", "kick", g.mac)
    assert not g.online() or True  # the first request after the kick may be the one that logs in again
    r = g.curl(WEB)
    if r.status == 302:
        # a redirect straight back to where it was going, already let through
        assert r.header("location") == WEB
    assert g.online()
    assert json.loads(g.get("/captive-portal/api").body)["captive"] is False
    # after a logout the device is not bound any more
    assert g.post("/logout", {"csrf": g.csrf()}).status == 200
    assert g.curl(WEB).header("location").startswith(PORTAL + "/?url=")
    assert not g.online()
