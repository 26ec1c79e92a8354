"""The RADIUS server's transport: NAS lookup, verification, BlastRADIUS
policy, RFC 5080 duplicates and RFC 5997 Status-Server, with raw packets and
with radclient."""
import subprocess

import pytest

from radius_wire import (ACCESS_ACCEPT, ACCESS_REQUEST, ACCOUNTING_RESPONSE, MESSAGE_AUTHENTICATOR,
                         PROXY_STATE, STATUS_SERVER, attr, attributes, exchange, packet, reply_authentic)

SECRET = b"testing123"


@pytest.fixture
def radiusd(daemon):
    daemon.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode())
    return daemon


def counters(d):
    return d.ctl_json("status")["radius"]["counters"]


def test_status_server_both_ports(radiusd):
    req = packet(STATUS_SERVER, 7, secret=SECRET)
    reply = exchange(radiusd.radius_auth_port, req)
    assert reply and reply[0] == ACCESS_ACCEPT and reply[1] == 7
    assert reply_authentic(reply, req, SECRET)
    assert attributes(reply)[0][0] == MESSAGE_AUTHENTICATOR, "Message-Authenticator first"
    reply = exchange(radiusd.radius_acct_port, packet(STATUS_SERVER, 8, secret=SECRET))
    assert reply and reply[0] == ACCOUNTING_RESPONSE
    assert counters(radiusd)["status_server"] == 2


def test_radclient_status(radiusd):
    r = subprocess.run(["radclient", "-x", "-t", "2", "-r", "1", f"127.0.0.1:{radiusd.radius_auth_port}",
                        "status", SECRET.decode()], input="Message-Authenticator = 0x00\n",
                       capture_output=True, text=True, timeout=10)
    assert "Received Access-Accept" in r.stdout, r.stdout + r.stderr


def test_unknown_nas_dropped_and_counted(daemon):
    daemon.ctl("nas", "add", "198.51.100.7", "--secret", "other")
    assert exchange(daemon.radius_auth_port, packet(STATUS_SERVER, 1, secret=SECRET), timeout=0.5) is None
    assert counters(daemon)["unknown_nas"] == 1


def test_nas_added_at_run_time_is_answered(daemon):
    req = packet(STATUS_SERVER, 3, secret=SECRET)
    assert exchange(daemon.radius_auth_port, req, timeout=0.3) is None
    daemon.ctl("nas", "add", "127.0.0.0/8", "--secret", SECRET.decode())
    assert exchange(daemon.radius_auth_port, packet(STATUS_SERVER, 4, secret=SECRET))[0] == ACCESS_ACCEPT


def test_longest_prefix_wins(daemon):
    daemon.ctl("nas", "add", "127.0.0.0/8", "--secret", "wide")
    daemon.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode())
    assert exchange(daemon.radius_auth_port, packet(STATUS_SERVER, 5, secret=SECRET))[0] == ACCESS_ACCEPT


def test_bad_signature_dropped_and_counted(radiusd):
    assert exchange(radiusd.radius_auth_port, packet(STATUS_SERVER, 9, secret=b"wrong"), timeout=0.5) is None
    assert counters(radiusd)["bad_authenticator"] == 1


def test_missing_message_authenticator_dropped_when_required(radiusd):
    req = packet(ACCESS_REQUEST, 10, attr(1, "guest"), with_ma=False)
    assert exchange(radiusd.radius_auth_port, req, timeout=0.5) is None
    assert counters(radiusd)["missing_message_authenticator"] == 1


def test_truncated_and_malformed_dropped_and_counted(radiusd):
    good = packet(STATUS_SERVER, 11, secret=SECRET)
    bad = [
        good[:19],                                   # shorter than a header
        good[:30],                                   # Length says more than arrived
        good[:2] + b"\x00\x13" + good[4:],           # Length 19
        good[:20] + b"\x50\x01" + good[22:],         # attribute length 1
        good[:20] + b"\x50\x30" + good[22:],         # attribute runs past the end
    ]
    for raw in bad:
        assert exchange(radiusd.radius_auth_port, raw, timeout=0.3) is None
    assert counters(radiusd)["malformed"] == len(bad)


def test_duplicate_gets_cached_reply(radiusd):
    req = packet(STATUS_SERVER, 12, attr(PROXY_STATE, b"ps-1") + attr(PROXY_STATE, b"ps-2"), secret=SECRET)
    import socket
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(1)
        s.bind(("127.0.0.1", 0))
        s.sendto(req, ("127.0.0.1", radiusd.radius_auth_port))
        first = s.recvfrom(4096)[0]
        s.sendto(req, ("127.0.0.1", radiusd.radius_auth_port))
        second = s.recvfrom(4096)[0]
    assert first == second
    c = counters(radiusd)
    assert c["duplicates"] == 1 and c["status_server"] == 1
    # Proxy-State comes back in order
    assert [v for t, v in attributes(first) if t == PROXY_STATE] == [b"ps-1", b"ps-2"]


def test_proxy_state_without_message_authenticator_refused(daemon):
    daemon.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode(),
               "--require-message-authenticator", "no", "--limit-proxy-state", "yes")
    req = packet(ACCESS_REQUEST, 13, attr(1, "guest") + attr(PROXY_STATE, b"x"), with_ma=False)
    assert exchange(daemon.radius_auth_port, req, timeout=0.5) is None
    assert counters(daemon)["missing_message_authenticator"] == 1
