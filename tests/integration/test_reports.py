"""Reports and the CDR export over usage that really happened: sessions made
through RADIUS accounting, as a NAS would send it."""
import csv
import io
import time

from test_radius_aaa import SECRET, access, acct, voucher


def make_usage(d):
    d.ctl("nas", "add", "127.0.0.1", "--secret", SECRET.decode())
    d.ctl("plan", "add", "--name", "Hour", "--measure", "both", "--time", "1h", "--data", "5GB", "--price", "3.00")
    d.ctl("plan", "add", "--name", "Day", "--measure", "both", "--time", "1d", "--data", "5GB", "--price", "5.00")
    users = []
    for plan, up, down in (("Hour", 1000, 9000), ("Hour", 500, 500), ("Day", 100_000, 900_000)):
        code, _ = voucher(d, plan=plan)
        access(d, User_Name=code, User_Password=code)
        acct(d, "Start", f"R-{code}", code)
        acct(d, "Stop", f"R-{code}", code, Acct_Input_Octets=up, Acct_Output_Octets=down, Acct_Session_Time=1)
        users.append((code, plan, up + down))
    return users


def test_usage_revenue_top_users_sessions(daemon, tmp_path):
    users = make_usage(daemon)
    by_plan = {r["key"]: r for r in daemon.ctl_json("report", "usage", "--group", "plan")["rows"]}
    assert by_plan["Hour"]["bytes_up"] == 1500 and by_plan["Hour"]["bytes_down"] == 9500
    assert by_plan["Hour"]["sessions"] == 2 and by_plan["Day"]["sessions"] == 1
    by_day = daemon.ctl_json("report", "usage", "--group", "day")["rows"]
    assert len(by_day) == 1 and by_day[0]["key"] == time.strftime("%Y-%m-%d", time.gmtime())
    rev = {r["source"]: r for r in daemon.ctl_json("report", "revenue")["rows"]}
    assert rev["vouchers"]["count"] == 3 and rev["vouchers"]["amount"] == 300 + 300 + 500
    top = daemon.ctl_json("report", "top-users", "--by", "bytes")["rows"]
    assert top[0]["username"] == users[2][0] and top[0]["bytes"] == users[2][2]
    hist = daemon.ctl_json("report", "sessions")["items"]
    assert len(hist) == 3 and all(h["stop_cause"] == "nas" for h in hist)
    r = daemon.ctl("report", "usage", "--group", "week", check=False)
    assert r.returncode == 1 and "group must be day, plan or location" in r.stderr

    out = tmp_path / "cdr.csv"
    daemon.ctl("cdr", "export", "--output", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 3
    assert sorted(int(r["bytes_up"]) + int(r["bytes_down"]) for r in rows) == sorted(u[2] for u in users)
    assert {r["cause"] for r in rows} == {"stop"} and {r["plan"] for r in rows} == {"Hour", "Day"}


def test_guest_logins_in_metrics(daemon):
    from admin_http import admin_session
    from test_radius_aaa import access as radius_access
    make_usage(daemon)                                  # three accepted RADIUS logins
    radius_access(daemon, User_Name="NOPE", User_Password="x")  # and one rejected
    body = admin_session(daemon).get("/metrics").body
    assert 'spotgate_guest_logins_total{method="radius",result="accepted"} 3' in body
    assert 'spotgate_guest_logins_total{method="radius",result="rejected"} 1' in body
