"""Each role can do exactly what it may: admin everything; an operator
(receptionist) reads status and plans (to pick one for a quick ticket) but
gets 403 on plan changes, NAS clients, admin users, the audit log and
metrics; an auditor reads status, plans, the audit log and metrics but
changes nothing. The Unix socket is the machine's administrator."""
import pytest

from admin_http import Admin, add_user, admin_session, wait_tcp

PLAN = {"name": "1 hour", "time_amount": 3600, "price": 300}

# (method, path, body, admin, operator, auditor): the status class each gets
# ("2" = success, 403 = refused). {plan} and {nas} are ids made in setup.
MATRIX = [
    ("GET", "/api/v1/status", None, "2", "2", "2"),
    ("GET", "/api/v1/session", None, "2", "2", "2"),
    ("GET", "/api/v1/plans", None, "2", "2", "2"),
    ("GET", "/api/v1/plans/{plan}", None, "2", "2", "2"),
    ("POST", "/api/v1/plans", {"name": "new {role}", "time_amount": 60, "price": 100}, "2", 403, 403),
    ("PATCH", "/api/v1/plans/{plan}", {"price": 350}, "2", 403, 403),
    ("GET", "/api/v1/nas", None, "2", 403, 403),
    ("GET", "/api/v1/nas/{nas}", None, "2", 403, 403),
    ("POST", "/api/v1/nas", {"address": "192.0.2.{n}", "secret": "s3cret-{role}"}, "2", 403, 403),
    ("GET", "/api/v1/admin/users", None, "2", 403, 403),
    ("POST", "/api/v1/admin/users", {"username": "made-by-{role}", "role": "auditor"}, "2", 403, 403),
    ("PUT", "/api/v1/admin/users/admin/password", {"password": "taken-over-123"}, None, 403, 403),
    ("GET", "/api/v1/audit", None, "2", 403, "2"),
    ("GET", "/metrics", None, "2", 403, "2"),
    ("DELETE", "/api/v1/plans/{plan}", None, None, 403, 403),
    ("DELETE", "/api/v1/nas/{nas}", None, None, 403, 403),
]


def fill(value, **kw):
    if isinstance(value, str):
        return value.format(**kw)
    if isinstance(value, dict):
        return {k: fill(v, **kw) for k, v in value.items()}
    return value


@pytest.fixture
def site(daemon):
    """The daemon with a plan, a NAS client and one logged-in client per role."""
    plan = daemon.ctl_json("plan", "add", "--name", "1 hour", "--time", "1h", "--price", "3.00")["id"]
    nas = daemon.ctl_json("nas", "add", "198.51.100.1", "--secret", "testing123")["id"]
    wait_tcp(daemon.admin_port)
    clients = {"admin": admin_session(daemon)}
    for role, location in [("operator", 1), ("auditor", None)]:
        pw = add_user(daemon, f"the-{role}", role, location=location)
        c = Admin(daemon.admin_port)
        c.login(f"the-{role}", pw)
        clients[role] = c
    return daemon, clients, {"plan": plan, "nas": nas}


@pytest.mark.parametrize("role", ["operator", "auditor", "admin"])
def test_role_matrix(site, role):
    daemon, clients, ids = site
    c = clients[role]
    column = {"admin": 3, "operator": 4, "auditor": 5}[role]
    for n, row in enumerate(MATRIX):
        method, path, body = row[0], fill(row[1], **ids), fill(row[2], role=role, n=n + 10)
        want = row[column]
        if want is None:
            continue
        r = c.request(method, path, body)
        if want == "2":
            assert 200 <= r.status < 300, (role, method, path, r)
        else:
            assert r.status == want, (role, method, path, r)
            msg = r.error["message"]
            assert f"role {role} may not {method} {path}" in msg, msg
            assert "allowed roles: admin" in msg, msg
    # refused requests changed nothing
    assert daemon.ctl_json("nas", "list")["total"] == (2 if role == "admin" else 1)
    assert all(u["username"] != f"made-by-{role}" for u in daemon.ctl_json("admin", "list")["items"]) \
        or role == "admin"


def test_operator_sees_its_location(site):
    daemon, clients, _ = site
    who = clients["operator"].get("/api/v1/session").json
    assert who == {"user": "the-operator", "role": "operator", "location": 1, "via": "tcp", "tls": False,
                   "csrf_token": clients["operator"].csrf}
    assert clients["auditor"].get("/api/v1/session").json["location"] is None


def test_admin_may_do_everything_including_deletes(site):
    daemon, clients, ids = site
    a = clients["admin"]
    assert a.patch(f"/api/v1/plans/{ids['plan']}", {"price": 400}).status == 200
    assert a.delete(f"/api/v1/plans/{ids['plan']}").status in (200, 204)
    assert a.delete(f"/api/v1/nas/{ids['nas']}").status in (200, 204)
    r = a.put("/api/v1/admin/users/the-auditor/password", {})
    assert r.status == 200 and len(r.json["password"]) == 20
    assert clients["auditor"].get("/api/v1/status").status == 401, "their session ended"


def test_every_role_may_log_out(site):
    _, clients, _ = site
    for role in ("operator", "auditor"):
        c = clients[role]
        assert c.logout().status == 200
        assert c.get("/api/v1/status").status == 401


def test_unix_socket_is_local_admin(daemon):
    import json
    import socket
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(daemon.socket)
        s.sendall(b"GET /api/v1/session HTTP/1.1\r\nHost: spotgate\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert json.loads(body) == {"user": "local", "role": "admin", "location": None, "via": "unix", "tls": False,
                                "csrf_token": None}
    # no CSRF token on the socket: spotctl changes things without one
    daemon.ctl("nas", "add", "203.0.113.5", "--secret", "abc")
