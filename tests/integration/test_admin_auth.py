"""Admin API over TCP: the first admin's generated password, login, logout,
401 without a session, CSRF on unsafe methods, idle and absolute session
expiry, login rate limiting, and bad input rejected with the field named."""
import os
import re
import socket
import time

from admin_http import Admin, add_user, admin_session, first_admin_password, wait_tcp


def write_config(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_first_admin_password_printed_once_and_works(make_daemon, tmp_path):
    d = make_daemon()
    user, password = first_admin_password(d)
    assert user == "admin" and len(password) == 20
    wait_tcp(d.admin_port)
    a = Admin(d.admin_port)
    r = a.login(user, password)
    assert r.json["role"] == "admin" and r.json["user"] == "admin"
    d.stop()

    again = make_daemon(state_dir=d.state_dir)
    log = again.read_log()
    assert log.count("created the first admin") == 1, "a second start must not make or print another"
    assert log.count(password) == 1, "the password appears once, at the first start"
    wait_tcp(again.admin_port)
    Admin(again.admin_port).login(user, password)

    # the Unix socket is the machine's administrator: no login
    users = again.ctl_json("admin", "list")["items"]
    assert [(u["username"], u["role"]) for u in users] == [("admin", "admin")]
    assert "password" not in users[0]


def test_first_admin_printed_on_stdout_in_foreground(tmp_path):
    import subprocess
    from conftest import SPOTGATED, free_port
    state = tmp_path / "fg"
    p = subprocess.Popen([SPOTGATED, "--foreground", "--state-dir", str(state), "--admin-listen",
                          f"127.0.0.1:{free_port()}", "--radius-auth", f"127.0.0.1:{free_port()}",
                          "--radius-acct", f"127.0.0.1:{free_port()}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = p.stdout.readline()
    finally:
        p.terminate()
        _, err = p.communicate(timeout=10)
    m = re.match(r'spotgated: first admin user "admin", password: ([a-z0-9]{20})$', line.strip())
    assert m, line
    assert f"password={m.group(1)}" in err, "and once in the log (stderr in the foreground)"


def test_unauthenticated_requests_get_401(daemon):
    wait_tcp(daemon.admin_port)
    anon = Admin(daemon.admin_port)
    for method, path in [("GET", "/api/v1/status"), ("GET", "/api/v1/plans"), ("GET", "/api/v1/nas"),
                         ("POST", "/api/v1/nas"), ("GET", "/api/v1/audit"), ("GET", "/api/v1/session"),
                         ("DELETE", "/api/v1/session"), ("GET", "/api/v1/no-such-thing"),
                         ("GET", "/metrics")]:
        r = anon.request(method, path, {} if method != "GET" else None)
        assert r.status == 401, (method, path, r)
        assert "log in" in r.error["message"], r
        assert r.header("Content-Type") == ["application/json"]
    # a made-up cookie is no session either
    anon.cookie = "spotgate_session=" + "A" * 43
    assert anon.get("/api/v1/status").status == 401


def test_login_logout_and_whoami(daemon):
    a = admin_session(daemon)
    who = a.get("/api/v1/session")
    assert who.status == 200
    assert who.json["user"] == "admin" and who.json["role"] == "admin" and who.json["via"] == "tcp"
    assert who.json["csrf_token"] == a.csrf
    assert a.get("/api/v1/status").status == 200

    r = a.logout()
    assert r.status == 200, r
    assert any("Max-Age=0" in c for c in r.header("Set-Cookie"))
    assert a.cookie is None
    # the old token is gone on the server too, not only in this client
    old = Admin(daemon.admin_port)
    old.cookie = "spotgate_session=" + re.search(r"spotgate_session=([^;]*)",
                                                  a.request("POST", "/api/v1/session", {
                                                      "username": "admin",
                                                      "password": first_admin_password(daemon)[1]}).header(
                                                      "Set-Cookie")[0]).group(1)
    old.csrf = a.csrf = None
    assert old.get("/api/v1/status").status == 200
    old.csrf = old.get("/api/v1/session").json["csrf_token"]
    assert old.logout().status == 200
    assert old.get("/api/v1/status").status == 401


def test_cookie_attributes(daemon):
    wait_tcp(daemon.admin_port)
    r = Admin(daemon.admin_port).login(*first_admin_password(daemon))
    cookie = r.header("Set-Cookie")[0]
    attrs = [p.strip() for p in cookie.split(";")]
    assert "HttpOnly" in attrs and "SameSite=Strict" in attrs and "Path=/" in attrs
    assert "Secure" not in attrs, "plain HTTP: a Secure cookie would never come back"
    assert re.fullmatch(r"spotgate_session=[A-Za-z0-9_-]{43}", attrs[0])
    assert r.header("Cache-Control") == ["no-store"]


def test_login_errors_look_the_same(daemon):
    wait_tcp(daemon.admin_port)
    add_user(daemon, "clerk", "auditor", password="right-password-1")
    anon = Admin(daemon.admin_port)
    unknown = anon.login("nobody", "whatever-password", expect=401)
    wrong = anon.login("clerk", "wrong-password-1", expect=401)
    daemon.ctl("admin", "disable", "clerk")
    disabled = anon.login("clerk", "right-password-1", expect=401)
    assert unknown.body == wrong.body == disabled.body
    assert unknown.error == {"message": "wrong username or password"}
    daemon.ctl("admin", "enable", "clerk")
    anon.login("clerk", "right-password-1")


def test_login_needs_json(daemon):
    wait_tcp(daemon.admin_port)
    anon = Admin(daemon.admin_port)
    # a cross-site <form enctype="text/plain"> can post a body that parses as JSON
    user, password = first_admin_password(daemon)
    body = ('{"username": "%s", "password": "%s"}' % (user, password)).encode()
    r = anon.request("POST", "/api/v1/session", raw=body, headers={"Content-Type": "text/plain"})
    assert r.status == 415, r
    assert not r.header("Set-Cookie")
    r = anon.request("POST", "/api/v1/session", raw=body, headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status == 201, r


def test_csrf_required_on_unsafe_methods(daemon):
    a = admin_session(daemon)
    body = {"address": "192.0.2.10", "secret": "testing123"}
    a.csrf_override = ""
    r = a.post("/api/v1/nas", body)
    assert r.status == 403 and r.error["field"] == "X-CSRF-Token" and "missing" in r.error["message"], r
    a.csrf_override = "x" * 43
    r = a.post("/api/v1/nas", body)
    assert r.status == 403 and "wrong" in r.error["message"], r
    a.csrf_override = a.csrf[:-1]
    assert a.post("/api/v1/nas", body).status == 403
    assert daemon.ctl_json("nas", "list")["total"] == 0, "refused requests change nothing"
    a.csrf_override = ""
    assert a.delete("/api/v1/session").status == 403, "logging out needs the token too"
    a.csrf_override = None
    r = a.post("/api/v1/nas", body)
    assert r.status == 201, r
    # safe methods need no token
    a.csrf_override = ""
    assert a.get("/api/v1/nas").status == 200
    # and the token of one session does not work for another
    b = admin_session(daemon)
    a.csrf_override = b.csrf
    assert a.delete(f"/api/v1/nas/{r.json['id']}").status == 403


def test_session_idle_expiry(make_daemon, tmp_path):
    cfg = write_config(tmp_path, "idle.conf", "[admin]\nsession_idle_timeout = 2\n")
    d = make_daemon(config=cfg)
    a = admin_session(d)
    assert a.login("admin", first_admin_password(d)[1]).json["idle_timeout"] == 2
    assert a.get("/api/v1/status").status == 200
    time.sleep(3.2)
    r = a.get("/api/v1/status")
    assert r.status == 401 and "expired" in r.error["message"], r
    # and it stays gone (deleted, not only refused)
    assert a.get("/api/v1/status").status == 401
    assert "no_such" not in r.body


def test_session_absolute_expiry(make_daemon, tmp_path):
    cfg = write_config(tmp_path, "life.conf", "[admin]\nsession_idle_timeout = 600\nsession_lifetime = 3\n")
    d = make_daemon(config=cfg)
    a = admin_session(d)
    # a request every half second keeps it from idling out (600 s), yet it
    # ends at its lifetime
    ok = 0
    for _ in range(40):
        r = a.get("/api/v1/status")
        if r.status != 200:
            break
        ok += 1
        time.sleep(0.5)
    assert r.status == 401 and "expired" in r.error["message"], r
    assert ok >= 2, "it lived through several requests first"


def test_disabling_a_user_ends_their_sessions(daemon):
    wait_tcp(daemon.admin_port)
    pw = add_user(daemon, "ops", "operator", location=1)
    op = Admin(daemon.admin_port)
    op.login("ops", pw)
    assert op.get("/api/v1/status").status == 200
    daemon.ctl("admin", "disable", "ops")
    assert op.get("/api/v1/status").status == 401
    daemon.ctl("admin", "enable", "ops")
    op.login("ops", pw)
    new = daemon.ctl_json("admin", "passwd", "ops", "--generate")["password"]
    assert op.get("/api/v1/status").status == 401, "a new password ends the old sessions"
    op.login("ops", pw, expect=401)
    op.login("ops", new)


def test_change_own_password(daemon):
    wait_tcp(daemon.admin_port)
    add_user(daemon, "aud", "auditor", password="first-password-1")
    a = Admin(daemon.admin_port)
    a.login("aud", "first-password-1")
    r = a.put("/api/v1/session/password", {"current_password": "nope-nope-nope", "new_password": "second-pass-2"})
    assert r.status == 403 and r.error["field"] == "current_password", r
    r = a.put("/api/v1/session/password", {"current_password": "first-password-1", "new_password": "short"})
    assert r.status == 400 and r.error["field"] == "new_password", r
    r = a.put("/api/v1/session/password", {"current_password": "first-password-1", "new_password": "second-pass-2"})
    assert r.status == 200, r
    assert a.get("/api/v1/status").status == 401
    a.login("aud", "first-password-1", expect=401)
    a.login("aud", "second-pass-2")


def test_login_rate_limited_per_address(daemon):
    wait_tcp(daemon.admin_port)
    user, password = first_admin_password(daemon)
    attacker = Admin(daemon.admin_port, source="127.0.0.3")
    for i in range(10):
        attacker.login(f"nobody{i}", "guess-guess-guess", expect=401)
    r = attacker.login(user, password, expect=429)
    assert "too many failed logins from this address" in r.error["message"], r
    # another address, same user: fine
    Admin(daemon.admin_port, source="127.0.0.4").login(user, password)


def test_login_rate_limited_per_user(daemon):
    wait_tcp(daemon.admin_port)
    pw = add_user(daemon, "target", "auditor")
    for i in range(10):
        Admin(daemon.admin_port, source=f"127.0.1.{i + 1}").login("target", "guess-guess-guess", expect=401)
    r = Admin(daemon.admin_port, source="127.0.2.1").login("target", pw, expect=429)
    assert "too many failed logins for this user" in r.error["message"], r
    # other users are not locked out from that address
    Admin(daemon.admin_port, source="127.0.2.1").login(*first_admin_password(daemon))
    # the Unix socket administrator can still act (and is never rate limited)
    daemon.ctl("admin", "passwd", "target", "--generate")


def test_bad_input_names_the_field(daemon):
    a = admin_session(daemon)
    cases = [
        ("POST", "/api/v1/session", {"password": "x"}, 400, "username"),
        ("POST", "/api/v1/session", {"username": "admin", "password": 7}, 400, "password"),
        ("POST", "/api/v1/admin/users", {"username": "bad name", "role": "auditor"}, 400, "username"),
        ("POST", "/api/v1/admin/users", {"username": "x" * 65, "role": "auditor"}, 400, "username"),
        ("POST", "/api/v1/admin/users", {"username": "ok"}, 400, "role"),
        ("POST", "/api/v1/admin/users", {"username": "ok", "role": "root"}, 400, "role"),
        ("POST", "/api/v1/admin/users", {"username": "ok", "role": "operator"}, 400, "location"),
        ("POST", "/api/v1/admin/users", {"username": "ok", "role": "operator", "location": 99}, 400, "location"),
        ("POST", "/api/v1/admin/users", {"username": "ok", "role": "auditor", "location": 1}, 400, "location"),
        ("POST", "/api/v1/admin/users", {"username": "ok", "role": "auditor", "password": "short"}, 400, "password"),
        ("PATCH", "/api/v1/admin/users/admin", {"disabled": "yes"}, 400, "disabled"),
        ("PATCH", "/api/v1/admin/users/nobody", {"disabled": True}, 404, "username"),
        ("GET", "/api/v1/audit?from=yesterday", None, 400, "from"),
        ("GET", "/api/v1/audit?per_page=0", None, 400, "per_page"),
    ]
    for method, path, body, status, field in cases:
        r = a.request(method, path, body)
        assert r.status == status, (method, path, body, r)
        assert r.error.get("field") == field, (method, path, body, r)
    assert daemon.ctl_json("admin", "list")["total"] == 1, "nothing was added"


def test_last_admin_cannot_lock_everyone_out(daemon):
    a = admin_session(daemon)
    for method, body in [("PATCH", {"disabled": True}), ("PATCH", {"role": "auditor"}), ("DELETE", None)]:
        r = a.request(method, "/api/v1/admin/users/admin", body)
        assert r.status == 409 and "last enabled admin" in r.error["message"], (method, r)
    r = a.post("/api/v1/admin/users", {"username": "second", "role": "admin"})
    assert r.status == 201 and len(r.json["password"]) == 20, r
    assert a.delete("/api/v1/admin/users/admin").status == 200
    assert a.get("/api/v1/status").status == 401, "removing a user ends their sessions"


def test_admin_cli(daemon):
    r = daemon.ctl_json("admin", "add", "desk", "--role", "operator", "--location", "1", "--generate")
    assert r["role"] == "operator" and r["location"] == 1 and len(r["password"]) == 20
    r = daemon.ctl("admin", "add", "desk", "--role", "operator", "--location", "1", "--generate", check=False)
    assert r.returncode == 1 and "already an admin user" in r.stderr
    r = daemon.ctl("admin", "add", "x", "--generate", check=False)
    assert r.returncode == 2 and "--role is required" in r.stderr
    out = daemon.ctl("admin", "list").stdout
    assert re.search(r"desk\s+operator\s+1\s+enabled", out), out
    out = daemon.ctl("admin", "passwd", "desk", "--generate").stdout
    assert re.search(r"password: [a-z0-9]{20}", out), out
    daemon.ctl("admin", "disable", "desk")
    assert daemon.ctl_json("admin", "show", "desk")["disabled"] is True
    daemon.ctl("admin", "rm", "desk")
    r = daemon.ctl("admin", "show", "desk", check=False)
    assert r.returncode == 1 and "no admin user" in r.stderr
    r = daemon.ctl("admin", "passwd", "admin", check=False)   # empty stdin
    assert r.returncode == 1 and "no password on stdin" in r.stderr
