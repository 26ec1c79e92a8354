"""A small client for the admin API over TCP (and TLS): keeps the session
cookie, sends the CSRF token on unsafe methods, can bind a source address
on the loopback so rate limiting per address can be tested."""
import http.client
import json
import re
import socket
import ssl
import time

SAFE = ("GET", "HEAD", "OPTIONS")


def wait_tcp(port, host="127.0.0.1", timeout=10):
    """The Unix socket answers before the TCP listener may; wait for both."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing listens on {host}:{port}")


def first_admin_password(daemon):
    """The password the daemon logged for the first admin at its first start."""
    m = re.findall(r"created the first admin user=(\S+) password=(\S+)", daemon.read_log())
    assert len(m) == 1, f"expected one first-admin line, got {m}"
    return m[0]


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def json(self):
        return json.loads(self.body)

    @property
    def error(self):
        return self.json["error"]

    def header(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


class Admin:
    def __init__(self, port, host="127.0.0.1", tls_context=None, source=None):
        self.port = port
        self.host = host
        self.tls_context = tls_context
        self.source = source
        self.cookie = None
        self.csrf = None
        self.csrf_override = None   # send this X-CSRF-Token instead ("" = none)

    def _conn(self):
        src = (self.source, 0) if self.source else None
        if self.tls_context:
            return http.client.HTTPSConnection(self.host, self.port, context=self.tls_context, timeout=30,
                                               source_address=src)
        return http.client.HTTPConnection(self.host, self.port, timeout=30, source_address=src)

    def request(self, method, path, body=None, headers=None, raw=None):
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        if self.cookie:
            h["Cookie"] = self.cookie
        if method not in SAFE:
            token = self.csrf if self.csrf_override is None else self.csrf_override
            if token:
                h["X-CSRF-Token"] = token
        c = self._conn()
        try:
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            reply = Reply(r.status, r.getheaders(), r.read().decode())
        finally:
            c.close()
        for v in reply.header("Set-Cookie"):
            m = re.match(r"spotgate_session=([^;]*)", v)
            if m:
                self.cookie = f"spotgate_session={m.group(1)}" if m.group(1) else None
        return reply

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body=None):
        return self.request("POST", path, body if body is not None else {})

    def patch(self, path, body):
        return self.request("PATCH", path, body)

    def put(self, path, body):
        return self.request("PUT", path, body)

    def delete(self, path):
        return self.request("DELETE", path)

    def login(self, username, password, expect=201):
        r = self.post("/api/v1/session", {"username": username, "password": password})
        assert r.status == expect, r
        if r.status == 201:
            self.csrf = r.json["csrf_token"]
        return r

    def logout(self):
        return self.delete("/api/v1/session")


def admin_session(daemon, **kw):
    """An Admin logged in as the first admin of daemon."""
    wait_tcp(daemon.admin_port)
    user, password = first_admin_password(daemon)
    a = Admin(daemon.admin_port, **kw)
    a.login(user, password)
    return a


def add_user(daemon, name, role, location=None, password=None):
    """Adds an admin user through spotctl on the Unix socket; returns its password."""
    args = ["admin", "add", name, "--role", role]
    if location is not None:
        args += ["--location", str(location)]
    if password is None:
        r = daemon.ctl_json(*args, "--generate")
        return r["password"]
    import subprocess
    from conftest import SPOTCTL
    r = subprocess.run([SPOTCTL, "--socket", daemon.socket, *args], input=password + "\n",
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    return password
