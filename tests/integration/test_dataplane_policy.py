"""Data plane in the lab: what unauthorized guests may and may not do, the allow and
deny lists, and the walled garden (by prefix and by domain, learned from DNS)."""

import pytest

from dataplane_lab import GUEST_MAC, INTERNET_PAGE, GatewayDaemon, Lab, wait_until


@pytest.fixture(scope="module")
def lab():
    lab = Lab("p", guests=3)
    try:
        yield lab.up()
    finally:
        lab.down()


@pytest.fixture(scope="module")
def gw(lab, tmp_path_factory):
    d = GatewayDaemon(lab, tmp_path_factory.mktemp("state"))
    try:
        yield d.start()
    finally:
        d.stop()


def test_unauthorized_http_lands_on_the_portal(lab, gw):
    assert lab.reaches_portal(1, "http://203.0.113.10/some/page")
    # IPv6 too: an address the gateway cannot even route to is redirected
    assert lab.reaches_portal(1, "http://[2001:db8:ffff::10]/")


def test_unauthorized_https_refused_with_rst(lab, gw):
    # curl exit 7 is "connection refused" (a RST came back); 28 would be a timeout
    rc, _ = lab.curl(1, "https://203.0.113.10/", timeout=5)
    assert rc == 7
    r = lab.ns(lab.guest(1), "python3", "-c",
               "import socket\ns = socket.create_connection(('203.0.113.10', 22), timeout=5)")
    assert "ConnectionRefusedError" in r.stderr


def test_unauthorized_other_traffic_dropped(lab, gw):
    assert not lab.ping(1, "203.0.113.10")
    # but the gateway itself (DNS, portal) answers
    assert lab.ping(1, "192.0.2.1")


def test_garden_cidr(lab, gw):
    gw.ctl("garden", "add", "203.0.113.10/32", "--note", "the test web server")
    try:
        rc, body = lab.curl(2, "http://203.0.113.10/")
        assert rc == 0 and INTERNET_PAGE in body
        assert lab.ping(2, "203.0.113.10")
    finally:
        gw.ctl("garden", "rm", "203.0.113.10")
    assert lab.reaches_portal(2, "http://203.0.113.10/")
    assert not lab.ping(2, "203.0.113.10")


def test_garden_domain_after_its_dns_answer(lab, gw):
    # 203.0.113.20 is edge.garden.example; cdn.garden.example is a CNAME to it
    assert not lab.ping(2, "203.0.113.20")
    gw.ctl("garden", "add", "*.garden.example")
    try:
        assert not lab.ping(2, "203.0.113.20"), "reachable before any DNS answer"
        r = lab.ns(lab.guest(2), "getent", "hosts", "cdn.garden.example")
        assert "203.0.113.20" in r.stdout, r.stdout + r.stderr
        assert lab.ping(2, "203.0.113.20")
        learned = gw.ctl_json("garden", "list")["learned"]
        assert [x["address"] for x in learned] == ["203.0.113.20"]
        # a name outside the garden teaches nothing
        r = lab.ns(lab.guest(2), "getent", "hosts", "www.example.com")
        assert "203.0.113.10" in r.stdout
        assert not lab.ping(2, "203.0.113.10")
        # every answered name also goes to the sites-visited log (written each second)
        names = lambda: {(v["mac"], v["name"]) for v in gw.ctl_json("sites", "list")["items"]}
        assert wait_until(lambda: (GUEST_MAC % 2, "www.example.com") in names()), names()
        assert (GUEST_MAC % 2, "cdn.garden.example") in names()
    finally:
        gw.ctl("garden", "rm", "*.garden.example")
    # removing the domain closes its learned addresses
    assert not lab.ping(2, "203.0.113.20")
    assert gw.ctl_json("garden", "list")["learned"] == []


def test_denied_mac_dropped(lab, gw):
    mac = GUEST_MAC % 3
    assert lab.ping(3, "192.0.2.1")
    gw.ctl("acl", "deny", mac.upper().replace(":", "-"))
    try:
        assert not lab.ping(3, "192.0.2.1")
        rc, _ = lab.curl(3, "http://203.0.113.10/", timeout=2)
        assert rc == 28, "a denied guest is dropped, not redirected"
        entry = [e for e in gw.ctl_json("acl", "list")["items"] if e["value"] == mac][0]
        assert entry["list"] == "deny" and entry["packets"] > 0
    finally:
        gw.ctl("acl", "rm", mac)
    assert lab.ping(3, "192.0.2.1")


def test_denied_address_dropped_even_when_authorized(lab, gw):
    gw.ctl("client", "authorize", GUEST_MAC % 3, "--ip", "192.0.2.13")
    try:
        assert lab.ping(3, "203.0.113.10")
        gw.ctl("acl", "deny", "203.0.113.10")
        assert not lab.ping(3, "203.0.113.10")
    finally:
        gw.ctl("acl", "rm", "203.0.113.10")
        gw.ctl("client", "kick", GUEST_MAC % 3)


def test_allowed_mac_passes_without_login(lab, gw):
    mac = GUEST_MAC % 2
    gw.ctl("acl", "allow", "0200.0000.0102", "--note", "staff laptop")
    try:
        rc, body = lab.curl(2, "http://203.0.113.10/")
        assert rc == 0 and INTERNET_PAGE in body
        c = gw.client(mac)
        assert c["status"] == "allow-listed" and c["bytes_down"] > 0
        # moving it to the deny list takes it off the allow list
        r = gw.ctl_json("acl", "deny", mac)
        assert r["moved_from"] == "allow"
        assert not lab.ping(2, "203.0.113.10")
    finally:
        gw.ctl("acl", "rm", mac)
    assert lab.reaches_portal(2, "http://203.0.113.10/")


def test_allowed_address_passes_without_login(lab, gw):
    gw.ctl("acl", "allow", "192.0.2.12/32")
    try:
        assert lab.ping(2, "203.0.113.10")
    finally:
        gw.ctl("acl", "rm", "192.0.2.12")
    assert not lab.ping(2, "203.0.113.10")


def test_api_errors_name_the_field(lab, gw):
    r = gw.ctl("client", "authorize", "02:00:00:00:01", check=False)
    assert r.returncode == 2 and "not a MAC address" in r.stderr
    r = gw.ctl("acl", "deny", "192.0.2.1/24", check=False)
    assert r.returncode == 1 and "value: " in r.stderr and "192.0.2.0/24" in r.stderr
    r = gw.ctl("garden", "add", "*.com", check=False)
    assert r.returncode == 1 and "value: " in r.stderr
    r = gw.ctl("client", "authorize", GUEST_MAC % 1, "--ip", "nope", check=False)
    assert r.returncode == 1 and "ip: " in r.stderr
    r = gw.ctl("client", "authorize", GUEST_MAC % 1, "--minutes", "5", "--until", "1", check=False)
    assert r.returncode == 1 and "until: " in r.stderr
    r = gw.ctl("client", "show", GUEST_MAC % 1, check=False)
    assert r.returncode == 1 and "mac: " in r.stderr
