"""RADIUS AAA against the real daemon with real clients: PAP and CHAP with
radclient and pyrad, vendor replies for MikroTik and CoovaChilli, accounting
that feeds billing, and a Disconnect-Request to a NAS (pyrad's server) when a
quota runs out through accounting."""
import hashlib
import hmac
import os
import socket
import struct
import sqlite3
import subprocess
import threading
import time

import pytest
from pyrad import client, dictionary, packet, server

from conftest import free_port

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = b"testing123"


@pytest.fixture
def rad(daemon):
    daemon.ctl("plan", "add", "--name", "Hour", "--measure", "both", "--time", "1h", "--data", "5GB",
               "--price", "3.00", "--down", "10M", "--up", "2M", "--idle", "10min")
    daemon.ctl("plan", "add", "--name", "1 MB", "--measure", "traffic", "--data", "1MB", "--price", "1.00")
    return daemon


def voucher(d, plan="Hour", pin=None):
    args = ["voucher", "generate", "--plan", plan, "--count", "1"] + (["--pin-length", str(pin)] if pin else [])
    c = d.ctl_json(*args)["preview"][0]
    return c["code"], c.get("pin")


def pyrad_client(d, port=None):
    c = client.Client(server="127.0.0.1", authport=port or d.radius_auth_port, acctport=d.radius_acct_port,
                      secret=SECRET, dict=dictionary.Dictionary(os.path.join(HERE, "radius.dict")))
    c.timeout = 2
    c.retries = 1
    return c


def send_signed(d, c, req):
    """pyrad 2.1 cannot add Message-Authenticator: append it and sign here."""
    raw = req.RequestPacket()
    body = raw[20:] + bytes([80, 18]) + bytes(16)
    raw = raw[:2] + struct.pack("!H", 20 + len(body)) + raw[4:20] + body
    raw = raw[:-16] + hmac.new(SECRET, raw, hashlib.md5).digest()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(raw, ("127.0.0.1", d.radius_auth_port))
        data = s.recvfrom(4096)[0]
    reply = packet.Packet(packet=data, secret=SECRET, dict=c.dict)
    assert req.VerifyReply(reply, data), "reply authenticator"
    return reply


def access(d, **attrs):
    c = pyrad_client(d)
    req = c.CreateAuthPacket(code=packet.AccessRequest)
    for k, v in attrs.items():
        if k == "User_Password":
            req["User-Password"] = req.PwCrypt(v)
        else:
            req[k.replace("_", "-")] = v
    return send_signed(d, c, req)


def radclient(port, kind, text, secret=SECRET.decode()):
    r = subprocess.run(["radclient", "-x", "-t", "2", "-r", "1", f"127.0.0.1:{port}", kind, secret],
                       input=text, capture_output=True, text=True, timeout=20)
    return r.stdout + r.stderr


def test_pap_accept_and_reject_with_radclient(rad):
    rad.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode())
    code, _ = voucher(rad)
    out = radclient(rad.radius_auth_port, "auth",
                    f'User-Name = "{code}"\nUser-Password = "{code}"\nMessage-Authenticator = 0x00\n')
    assert "Received Access-Accept" in out, out
    assert "Session-Timeout = 3600" in out and "Idle-Timeout = 600" in out
    assert "WISPr-Bandwidth-Max-Down = 10000000" in out and "WISPr-Bandwidth-Max-Up = 2000000" in out
    out = radclient(rad.radius_auth_port, "auth",
                    'User-Name = "NOSUCHCODE"\nUser-Password = "x"\nMessage-Authenticator = 0x00\n')
    assert "Received Access-Reject" in out and "The code or password is not right" in out, out


def test_pap_long_password_and_pin(rad):
    rad.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode())
    code, pin = voucher(rad, pin=6)
    assert access(rad, User_Name=code, User_Password=pin).code == packet.AccessAccept
    assert access(rad, User_Name=code, User_Password="0" * 40).code == packet.AccessReject
    user = rad.ctl_json("account", "add", "guest-with-long-password", "--plan", "Hour",
                        "--password", "p" * 50)
    assert user["username"] == "guest-with-long-password"
    assert access(rad, User_Name="guest-with-long-password", User_Password="p" * 50).code == packet.AccessAccept


def chap_request(c, user, password, ident=7):
    req = c.CreateAuthPacket(code=packet.AccessRequest)
    challenge = os.urandom(16)
    req["User-Name"] = user
    req["CHAP-Challenge"] = challenge
    req["CHAP-Password"] = bytes([ident]) + hashlib.md5(bytes([ident]) + password.encode() + challenge).digest()
    return req


def test_mikrotik_style_chap(rad):
    rad.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode(), "--vendor", "mikrotik")
    code, _ = voucher(rad)
    c = pyrad_client(rad)
    req = chap_request(c, code, code)
    req["Calling-Station-Id"] = "AA:BB:CC:DD:EE:01"
    req["Called-Station-Id"] = "hotspot1"
    req["NAS-Identifier"] = "MikroTik"
    reply = send_signed(rad, c, req)
    assert reply.code == packet.AccessAccept
    assert reply["Mikrotik-Rate-Limit"] == ["2000000/10000000"], "rx/tx = client upload/download"
    assert reply["Mikrotik-Total-Limit"] == [5_000_000_000 % 2**32]
    assert reply["Mikrotik-Total-Limit-Gigawords"] == [1]
    # the MAC in capitals is bound in canonical form for re-login
    acc = rad.ctl_json("account", "show", code)
    assert [d["mac"] for d in acc["devices"]] == ["aa:bb:cc:dd:ee:01"]
    bad = chap_request(c, code, "wrong")
    assert send_signed(rad, c, bad).code == packet.AccessReject


def test_chilli_style(rad):
    rad.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode(), "--vendor", "chilli")
    code, _ = voucher(rad)
    reply = access(rad, User_Name=code, User_Password=code, Calling_Station_Id="00-11-22-33-44-55")
    assert reply.code == packet.AccessAccept
    assert reply["ChilliSpot-Bandwidth-Max-Down"] == [10000] and reply["ChilliSpot-Bandwidth-Max-Up"] == [2000]
    assert reply["ChilliSpot-Max-Total-Octets"] == [5_000_000_000 % 2**32]
    assert reply["ChilliSpot-Max-Total-Gigawords"] == [1]


def test_mac_authentication(rad):
    rad.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode())
    code, _ = voucher(rad)
    assert access(rad, User_Name=code, User_Password=code, Calling_Station_Id="02:00:00:00:00:42").code == packet.AccessAccept
    # the NAS asks with the MAC as the user name: the bound device logs in again
    assert access(rad, User_Name="02-00-00-00-00-42", User_Password="02-00-00-00-00-42").code == packet.AccessAccept
    assert access(rad, User_Name="02-00-00-00-00-43", User_Password="02-00-00-00-00-43").code == packet.AccessReject


def session_row(d, acct_id):
    db = sqlite3.connect(os.path.join(d.state_dir, "spotgate.db"))
    try:
        return db.execute("SELECT bytes_up, bytes_down, stopped_at IS NOT NULL, stop_cause FROM sessions "
                          "WHERE acct_session_id = ?", (acct_id,)).fetchone()
    finally:
        db.close()


def acct(d, status, sid, user, **counters):
    c = pyrad_client(d)
    req = c.CreateAcctPacket()
    req["Acct-Status-Type"] = status
    req["Acct-Session-Id"] = sid
    req["User-Name"] = user
    for k, v in counters.items():
        req[k.replace("_", "-")] = v
    return c.SendPacket(req)


def test_accounting_start_interim_stop_once(rad):
    rad.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode())
    code, _ = voucher(rad)
    reply = access(rad, User_Name=code, User_Password=code, Calling_Station_Id="02:00:00:00:00:07")
    cls = reply["Class"][0]
    assert cls.startswith(b"sg:")
    assert acct(rad, "Start", "S1", code, Class=cls).code == packet.AccountingResponse
    acct(rad, "Interim-Update", "S1", code, Acct_Input_Octets=1000, Acct_Output_Octets=5000, Acct_Session_Time=1)
    assert session_row(rad, "S1")[:2] == (1000, 5000)
    # gigawords are combined: 1 GiW + 10 octets
    acct(rad, "Interim-Update", "S1", code, Acct_Input_Octets=2000, Acct_Output_Octets=10,
         Acct_Output_Gigawords=1, Acct_Session_Time=2)
    assert session_row(rad, "S1")[:2] == (2000, 2**32 + 10)
    acct(rad, "Stop", "S1", code, Acct_Input_Octets=3000, Acct_Output_Octets=20, Acct_Output_Gigawords=1,
         Acct_Session_Time=3, Acct_Terminate_Cause=1)
    row = session_row(rad, "S1")
    assert row == (3000, 2**32 + 20, 1, "logout")
    # a repeated Stop is answered and counts nothing more
    assert acct(rad, "Stop", "S1", code, Acct_Input_Octets=3000, Acct_Output_Octets=20, Acct_Output_Gigawords=1,
                Acct_Session_Time=3).code == packet.AccountingResponse
    assert session_row(rad, "S1") == row
    acc = rad.ctl_json("account", "show", code)
    assert acc["buckets"][0]["data_left"] == 5_000_000_000 - 3000 - (2**32 + 20)


def test_interim_without_start_opens_session(rad):
    rad.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode())
    code, _ = voucher(rad)
    access(rad, User_Name=code, User_Password=code)	# first use makes the account
    acct(rad, "Interim-Update", "NEW1", code, Acct_Input_Octets=10, Acct_Output_Octets=20, Acct_Session_Time=1)
    assert session_row(rad, "NEW1")[:2] == (10, 20)


def test_accounting_on_closes_sessions(rad):
    rad.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode())
    code, _ = voucher(rad)
    access(rad, User_Name=code, User_Password=code)
    acct(rad, "Start", "ON1", code)
    c = pyrad_client(rad)
    req = c.CreateAcctPacket()
    req["Acct-Status-Type"] = "Accounting-On"
    assert c.SendPacket(req).code == packet.AccountingResponse
    assert session_row(rad, "ON1")[2:] == (1, "nas")


class FakeNas(server.Server):
    """A NAS that answers Disconnect-Requests with ACK, as MikroTik and Chilli do."""

    def __init__(self, port):
        self.received = []
        super().__init__(addresses=["127.0.0.1"], coaport=port, auth_enabled=False, acct_enabled=False,
                         coa_enabled=True, dict=dictionary.Dictionary(os.path.join(HERE, "radius.dict")),
                         hosts={"127.0.0.1": server.RemoteHost("127.0.0.1", SECRET, "spotgate")})

    def _PrepareSockets(self):
        # pyrad 2.1 leaves the fd lists of disabled ports unset and then reads them
        self._realauthfds, self._realacctfds = [], []
        super()._PrepareSockets()

    def HandleDisconnectPacket(self, pkt):
        self.received.append(pkt)
        reply = self.CreateReplyPacket(pkt)
        reply.code = packet.DisconnectACK
        self.SendReplyPacket(pkt.fd, reply)

    def HandleCoaPacket(self, pkt):
        self.received.append(pkt)
        reply = self.CreateReplyPacket(pkt)
        reply.code = packet.CoAACK
        self.SendReplyPacket(pkt.fd, reply)


def test_quota_exhausted_sends_disconnect(rad):
    coa_port = free_port()
    rad.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode(), "--coa-port", str(coa_port))
    nas = FakeNas(coa_port)
    threading.Thread(target=nas.Run, daemon=True).start()
    code, _ = voucher(rad, plan="1 MB")
    reply = access(rad, User_Name=code, User_Password=code, Calling_Station_Id="02:00:00:00:00:09")
    acct(rad, "Start", "Q1", code, Class=reply["Class"][0])
    acct(rad, "Interim-Update", "Q1", code, Acct_Input_Octets=200_000, Acct_Output_Octets=900_000,
         Acct_Session_Time=1)
    deadline = time.time() + 5
    while not nas.received and time.time() < deadline:
        time.sleep(0.05)
    assert nas.received, "no Disconnect-Request reached the NAS"
    d = nas.received[0]
    assert d["Acct-Session-Id"] == ["Q1"] and d["User-Name"] == [code]
    assert d["Calling-Station-Id"] == ["02:00:00:00:00:09"]
    db = sqlite3.connect(os.path.join(rad.state_dir, "spotgate.db"))
    deadline = time.time() + 5
    while time.time() < deadline:
        row = db.execute("SELECT kind, reason, result FROM coa_requests").fetchone()
        if row and row[2]:
            break
        time.sleep(0.05)
    assert row == ("disconnect", "depleted", "ack")
    assert db.execute("SELECT state FROM vouchers WHERE code = ?", (code,)).fetchone()[0] == "depleted"
    db.close()
    # and the guest cannot come back on that ticket
    assert access(rad, User_Name=code, User_Password=code).code == packet.AccessReject


def test_topup_while_online_sends_the_new_limits_to_the_nas(rad):
    """An admin top-up of an account with a session on a NAS: a CoA-Request with the
    new allowance goes out at once, so the guest is not cut at the old quota."""
    coa_port = free_port()
    rad.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode(), "--vendor", "chilli",
            "--coa-port", str(coa_port))
    nas = FakeNas(coa_port)
    threading.Thread(target=nas.Run, daemon=True).start()
    code, _ = voucher(rad, plan="1 MB")
    reply = access(rad, User_Name=code, User_Password=code, Calling_Station_Id="02:00:00:00:00:0a")
    assert reply["ChilliSpot-Max-Total-Octets"] == [1_000_000]
    acct(rad, "Start", "T1", code, Class=reply["Class"][0])
    account = [s for s in rad.ctl_json("report", "sessions")["items"] if s["mac"] == "02:00:00:00:00:0a"][0]["account"]
    rad.ctl("account", "topup", str(account), "--data", "10MB")
    deadline = time.time() + 5
    while not nas.received and time.time() < deadline:
        time.sleep(0.05)
    assert nas.received, "no CoA-Request reached the NAS"
    coa = nas.received[0]
    assert coa.code == packet.CoARequest
    assert coa["Acct-Session-Id"] == ["T1"] and coa["User-Name"] == [code]
    assert coa["ChilliSpot-Max-Total-Octets"] == [11_000_000]


def test_free_bucket_is_used_first(rad):
    rad.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode())
    rad.ctl("account", "add", "guest7", "--plan", "Hour", "--password", "pw7")
    a = rad.ctl_json("account", "bucket-add", "guest7", "--kind", "free", "--data", "1MB", "--refill", "overwrite:day")
    assert [b["kind"] for b in a["buckets"]] == ["free", "paid"], "free before paid"
    assert a["buckets"][0]["refill"]["mode"] == "overwrite"
    reply = access(rad, User_Name="guest7", User_Password="pw7")
    assert reply.code == packet.AccessAccept
    acct(rad, "Start", "F1", "guest7", Class=reply["Class"][0])
    acct(rad, "Interim-Update", "F1", "guest7", Acct_Input_Octets=200_000, Acct_Output_Octets=300_000,
         Acct_Session_Time=1)
    b = rad.ctl_json("account", "show", "guest7")["buckets"]
    assert b[0]["data_left"] == 500_000 and b[1]["data_left"] == 5_000_000_000
    r = rad.ctl("account", "bucket-add", "guest7", "--refill", "sometimes", check=False)
    assert r.returncode == 2 and "--refill must look like" in r.stderr


def test_postpaid_checkout(rad):
    rad.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode())
    rad.ctl("plan", "add", "--name", "Room", "--payment", "postpaid", "--measure", "traffic",
            "--price-per-10mb", "0.10", "--code", "WIFI-ROOM")
    rad.ctl("account", "add", "room101", "--plan", "Room", "--password", "pw")
    r = rad.ctl("account", "checkout", "room101", check=False)
    assert r.returncode == 1 and "nothing to check out" in r.stderr
    reply = access(rad, User_Name="room101", User_Password="pw")
    assert reply.code == packet.AccessAccept
    acct(rad, "Start", "P1", "room101", Class=reply["Class"][0])
    acct(rad, "Stop", "P1", "room101", Acct_Input_Octets=10_000_000, Acct_Output_Octets=40_000_000,
         Acct_Session_Time=1)
    line = rad.ctl_json("account", "checkout", "room101")
    assert line["plan_code"] == "WIFI-ROOM" and line["amount"] == 50 and line["sessions"] == 1
    assert rad.ctl("account", "checkout", "room101", check=False).returncode == 1, "checked out once"


def test_expired_accounts_are_purged(make_daemon, tmp_path):
    d = make_daemon(state_dir=tmp_path / "p")
    d.ctl("plan", "add", "--name", "Quick", "--time", "1h", "--price", "1.00", "--purge-delay", "1s")
    past = int(time.time()) - 60
    d.ctl("account", "add", "gone", "--plan", "Quick", "--password", "x")
    d.ctl("account", "add", "kept", "--plan", "Quick", "--password", "x")
    db = sqlite3.connect(os.path.join(d.state_dir, "spotgate.db"))
    # "gone" was never used and its first-login window closed a minute ago
    db.execute("UPDATE accounts SET purge_at = ? WHERE username = 'gone'", (past,))
    db.commit()
    db.close()
    d.stop()
    d2 = make_daemon(state_dir=tmp_path / "p")
    assert d2.ctl("account", "show", "gone", check=False).returncode == 1
    assert d2.ctl_json("account", "show", "kept")["username"] == "kept"
    assert "purged expired accounts count=1" in d2.read_log()
