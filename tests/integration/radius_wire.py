"""Hand-made RADIUS packets for tests that must send exactly these bytes
(duplicates, truncation, bad signatures), built from RFC 2865/3579 with the
standard library only."""
import hashlib
import hmac
import os
import socket
import struct

ACCESS_REQUEST, ACCESS_ACCEPT, ACCESS_REJECT = 1, 2, 3
ACCOUNTING_REQUEST, ACCOUNTING_RESPONSE = 4, 5
STATUS_SERVER = 12
MESSAGE_AUTHENTICATOR = 80
PROXY_STATE = 33


def attr(t, value):
    if isinstance(value, str):
        value = value.encode()
    return bytes([t, len(value) + 2]) + value


def packet(code, ident, attrs=b"", secret=b"", authenticator=None, with_ma=True):
    """A request; with_ma puts Message-Authenticator first and signs it."""
    auth = authenticator if authenticator is not None else os.urandom(16)
    body = (attr(MESSAGE_AUTHENTICATOR, bytes(16)) if with_ma else b"") + attrs
    raw = struct.pack("!BBH", code, ident, 20 + len(body)) + auth + body
    if with_ma:
        mac = hmac.new(secret, raw, hashlib.md5).digest()
        raw = raw[:22] + mac + raw[38:]
    return raw


def accounting_request(ident, attrs, secret):
    raw = struct.pack("!BBH", ACCOUNTING_REQUEST, ident, 20 + len(attrs)) + bytes(16) + attrs
    auth = hashlib.md5(raw + secret).digest()
    return raw[:4] + auth + raw[20:]


def exchange(port, raw, timeout=1.0, host="127.0.0.1"):
    """Sends raw, returns the reply bytes or None when nothing came back."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(raw, (host, port))
        try:
            return s.recvfrom(4096)[0]
        except socket.timeout:
            return None


def reply_authentic(reply, request, secret):
    """Checks a reply's Response Authenticator against its request."""
    expect = hashlib.md5(reply[:4] + request[4:20] + reply[20:] + secret).digest()
    return reply[4:20] == expect


def attributes(raw):
    out, off = [], 20
    while off < len(raw):
        t, ln = raw[off], raw[off + 1]
        out.append((t, raw[off + 2:off + ln]))
        off += ln
    return out
