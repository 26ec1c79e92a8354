"""The admin listener with TLS ([admin] tls_cert and tls_key): a self-signed
certificate made here with openssl req; the session cookie is Secure; plain
HTTP on that port gets nowhere; a key that does not match stops the daemon."""
import http.client
import socket
import ssl
import subprocess

import pytest

from admin_http import Admin, first_admin_password, wait_tcp


def make_cert(tmp_path, name="admin"):
    cert, key = tmp_path / f"{name}.crt", tmp_path / f"{name}.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


def tls_daemon(make_daemon, tmp_path, cert, key):
    cfg = tmp_path / "tls.conf"
    cfg.write_text(f"[admin]\ntls_cert = {cert}\ntls_key = {key}\n")
    return make_daemon(config=str(cfg))


def test_tls_login_secure_cookie(make_daemon, tmp_path):
    cert, key = make_cert(tmp_path)
    d = tls_daemon(make_daemon, tmp_path, cert, key)
    wait_tcp(d.admin_port)
    ctx = ssl.create_default_context(cafile=str(cert))
    a = Admin(d.admin_port, tls_context=ctx)
    r = a.login(*first_admin_password(d))
    cookie = [p.strip() for p in r.header("Set-Cookie")[0].split(";")]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    who = a.get("/api/v1/session").json
    assert who["tls"] is True and who["via"] == "tcp"
    assert a.post("/api/v1/nas", {"address": "192.0.2.7", "secret": "k"}).status == 201
    assert a.get("/metrics").status == 200
    r = a.logout()
    assert "Secure" in r.header("Set-Cookie")[0]
    assert "listening address=127.0.0.1:%d tls=yes" % d.admin_port in d.read_log()

    # the certificate is the one we made, over TLS 1.2 or newer
    with socket.create_connection(("127.0.0.1", d.admin_port)) as raw:
        with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as s:
            assert s.version() in ("TLSv1.2", "TLSv1.3")


def test_plain_http_on_tls_port_fails(make_daemon, tmp_path):
    cert, key = make_cert(tmp_path)
    d = tls_daemon(make_daemon, tmp_path, cert, key)
    wait_tcp(d.admin_port)
    c = http.client.HTTPConnection("127.0.0.1", d.admin_port, timeout=10)
    with pytest.raises((http.client.HTTPException, ConnectionError, OSError)):
        c.request("GET", "/api/v1/status")
        r = c.getresponse()
        assert r.status != 200
        raise ConnectionError("answered, but not with the API")
    c.close()
    assert d.proc.poll() is None, "the daemon lives on"


def test_mismatched_key_refused(make_daemon, tmp_path):
    cert, _ = make_cert(tmp_path, "one")
    _, other_key = make_cert(tmp_path, "two")
    cfg = tmp_path / "bad.conf"
    cfg.write_text(f"[admin]\ntls_cert = {cert}\ntls_key = {other_key}\n")
    d = make_daemon(config=str(cfg), start=False)
    d.start(wait=False)
    assert d.proc.wait(10) == 1
    assert "private key does not match the certificate" in d.read_log()


def test_cert_without_key_refused(make_daemon, tmp_path):
    cert, _ = make_cert(tmp_path)
    cfg = tmp_path / "half.conf"
    cfg.write_text(f"[admin]\ntls_cert = {cert}\n")
    d = make_daemon(config=str(cfg), start=False)
    d.start(wait=False)
    assert d.proc.wait(10) == 1
    assert "tls_cert and tls_key go together" in d.read_log()
