"""The audit log: every change through the admin API (TCP or the Unix
socket) and every failed login is written with who, role, from where,
method, path and status; passwords and secrets never appear in it; it can
be filtered and paged, read by admins and auditors, and listed by spotctl."""
import os
import sqlite3
import time

from admin_http import Admin, add_user, admin_session, first_admin_password, wait_tcp


def audit_rows(d):
    db = sqlite3.connect(os.path.join(d.state_dir, "spotgate.db"))
    try:
        return db.execute("SELECT username, role, peer, method, path, status, summary FROM audit_log "
                          "ORDER BY id").fetchall()
    finally:
        db.close()


def test_changes_and_failed_logins_are_audited_without_secrets(daemon):
    wait_tcp(daemon.admin_port)
    admin_pw = first_admin_password(daemon)[1]
    a = admin_session(daemon)
    Admin(daemon.admin_port, source="127.0.0.9").login("admin", "Wrong-Password-77", expect=401)
    Admin(daemon.admin_port).login("nobody-here", "Other-Secret-88", expect=401)
    r = a.post("/api/v1/nas", {"address": "192.0.2.50", "secret": "nas-shared-secret-42"})
    assert r.status == 201
    nas_id = r.json["id"]
    r = a.post("/api/v1/admin/users", {"username": "desk", "role": "operator", "location": 1,
                                       "password": "Desk-Password-99"})
    assert r.status == 201
    generated = a.put("/api/v1/admin/users/desk/password", {}).json["password"]
    assert a.get("/api/v1/status").status == 200            # reads are not audited
    assert a.post("/api/v1/nas", {"address": "bad"}).status == 400   # nor refused changes
    daemon.ctl("nas", "rm", str(nas_id))                   # the socket is audited as "local"
    pw = add_user(daemon, "viewer", "auditor")
    assert a.logout().status == 200

    rows = audit_rows(daemon)
    dump = repr(rows)
    for secret in (admin_pw, "Wrong-Password-77", "Other-Secret-88", "nas-shared-secret-42", "Desk-Password-99",
                   generated, pw, "nobody-here"):
        assert secret not in dump, f"{secret!r} leaked into the audit log"

    got = [(u, role, peer, m, p, s) for u, role, peer, m, p, s, _ in rows]
    assert got == [
        ("admin", "admin", "127.0.0.1", "POST", "/api/v1/session", 201),
        ("admin", "", "127.0.0.9", "POST", "/api/v1/session", 401),
        ("", "", "127.0.0.1", "POST", "/api/v1/session", 401),
        ("admin", "admin", "127.0.0.1", "POST", "/api/v1/nas", 201),
        ("admin", "admin", "127.0.0.1", "POST", "/api/v1/admin/users", 201),
        ("admin", "admin", "127.0.0.1", "PUT", "/api/v1/admin/users/desk/password", 200),
        ("local", "admin", "local", "DELETE", f"/api/v1/nas/{nas_id}", 200),
        ("local", "admin", "local", "POST", "/api/v1/admin/users", 201),
        ("admin", "admin", "127.0.0.1", "DELETE", "/api/v1/session", 200),
    ], got
    summaries = [s for *_, s in rows]
    assert '"secret":"***"' in summaries[3] and '"address":"192.0.2.50"' in summaries[3]
    assert '"result":{"id":%d}' % nas_id in summaries[3]
    assert '"password":"***"' in summaries[4] and '"username":"desk"' in summaries[4]
    assert "wrong password" in summaries[1] and "unknown user" in summaries[2]


def test_audit_api_filters_and_pages(daemon):
    a = admin_session(daemon)
    for i in range(5):
        assert a.post("/api/v1/nas", {"address": f"192.0.2.{i + 1}", "secret": "x"}).status == 201
    daemon.ctl("nas", "add", "198.51.100.1", "--secret", "y")

    r = a.get("/api/v1/audit?per_page=2")
    assert r.status == 200 and r.json["total"] == 7 and r.json["per_page"] == 2
    first = r.json["items"]
    assert [i["path"] for i in first] == ["/api/v1/nas", "/api/v1/nas"]
    assert first[0]["user"] == "local" and first[0]["from"] == "local", "newest first"
    assert first[0]["id"] > first[1]["id"]
    page3 = a.get("/api/v1/audit?per_page=2&page=4").json
    assert [i["path"] for i in page3["items"]] == ["/api/v1/session"], "the login is the oldest"
    assert set(page3["items"][0]) == {"id", "at", "user", "role", "from", "method", "path", "status", "summary"}

    assert a.get("/api/v1/audit?user=local").json["total"] == 1
    assert a.get("/api/v1/audit?user=admin").json["total"] == 6
    assert a.get("/api/v1/audit?user=nobody").json["total"] == 0
    now = int(time.time())
    assert a.get(f"/api/v1/audit?from={now - 3600}&to={now + 3600}").json["total"] == 7
    assert a.get(f"/api/v1/audit?to={now - 3600}").json["total"] == 0
    assert a.get(f"/api/v1/audit?from={now + 3600}").json["total"] == 0

    # auditors read it too
    pw = add_user(daemon, "reader", "auditor")
    au = Admin(daemon.admin_port)
    au.login("reader", pw)
    assert au.get("/api/v1/audit?user=local").json["total"] == 2


def test_spotctl_audit_list(daemon):
    daemon.ctl("nas", "add", "198.51.100.2", "--secret", "zzz-secret")
    out = daemon.ctl("audit", "list").stdout
    assert "local" in out and "POST" in out and "/api/v1/nas" in out and "201" in out, out
    assert "zzz-secret" not in out
    j = daemon.ctl_json("audit", "list", "--user", "local", "--per-page", "1")
    assert j["total"] == 1 and j["items"][0]["from"] == "local"
    r = daemon.ctl("audit", "list", "--from", "soon", check=False)
    assert r.returncode == 1 and "from" in r.stderr
