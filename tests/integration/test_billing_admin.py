"""Billing through spotctl and the real daemon: plans with versions, voucher
batches (preview, commit, CSV, PDF), tickets, quick tickets, accounts, CDR
export. Bad input gets a clear error and changes nothing."""
import csv
import io
import json
import os
import re
import sqlite3
import subprocess


def plan(d, *args):
    return d.ctl_json("plan", "add", *args)


def db_rows(d, sql):
    db = sqlite3.connect(os.path.join(d.state_dir, "spotgate.db"))
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_plan_add_units_and_unit_price(daemon):
    p = plan(daemon, "--name", "1 hour", "--time", "1h", "--price", "3.00", "--down", "10M", "--up", "2M",
             "--validity", "first-use:1d", "--idle", "10min", "--devices", "2")
    assert (p["time_amount"], p["price"], p["speed_down"], p["speed_up"]) == (3600, 300, 10_000_000, 2_000_000)
    assert p["validity"] == {"mode": "from-first-use", "duration": "1d"}
    assert p["idle_timeout"] == 600 and p["max_devices"] == 2
    assert p["code"] == "1 hour", "code defaults to the name"
    q = plan(daemon, "--name", "15 min", "--time", "15min", "--price", "1.00")
    # four 15-minute tickets cost more per hour than one 1-hour ticket
    assert q["unit_price"] == 400 > p["unit_price"] == 300
    u = plan(daemon, "--name", "From unit", "--time", "2h", "--unit-price", "2.50")
    assert u["price"] == 500
    t = plan(daemon, "--name", "500 MB", "--measure", "traffic", "--data", "500MB", "--price", "2.00")
    assert t["data_amount"] == 500_000_000 and t["unit_price"] == 4


def test_cyclic_plan_examples(daemon):
    p = plan(daemon, "--name", "Monthly", "--measure", "traffic", "--data", "10GB", "--cyclic", "month",
             "--cycle-price", "20.00")
    assert p["cyclic"]["unit"] == "month" and p["cyclic"]["cycles"] == 1
    totals = {e["cycles"]: e["total"] for e in p["cyclic"]["price_examples"]}
    assert totals[3] == 6000 and totals[6] == 12000


def test_plan_bad_input_changes_nothing(daemon):
    cases = [
        (["--name", "x", "--time", "1h", "--price", "-3"], 2, "--price"),
        (["--name", "x", "--time", "1 hour"], 2, "--time"),
        (["--name", "x", "--measure", "vibes"], 1, "measure: must be one of time, traffic, both, unlimited"),
        (["--name", "x", "--payment", "postpaid", "--cyclic", "month", "--cycle-price", "1"], 1, "cyclic"),
        (["--name", "x", "--validity", "sometimes"], 2, "--validity must be"),
        (["--time", "1h"], 2, "--name is required"),
        (["--name", "x", "--fair-use", "lots"], 2, "--fair-use must look like"),
    ]
    for args, code, message in cases:
        r = daemon.ctl("plan", "add", *args, check=False)
        assert r.returncode == code, (args, r.returncode, r.stderr)
        assert message in r.stderr, (args, r.stderr)
    assert daemon.ctl_json("plan", "list")["total"] == 0


def test_plan_edit_versions_once_in_use(daemon):
    plan(daemon, "--name", "Day", "--time", "1d", "--price", "5.00")
    e = daemon.ctl_json("plan", "edit", "Day", "--price", "6.00")
    assert e["version"] == 1 and e["new_version"] is False, "unused terms change in place"
    daemon.ctl("voucher", "generate", "--plan", "Day", "--count", "1")
    e = daemon.ctl_json("plan", "edit", "Day", "--price", "7.00")
    assert e["version"] == 2 and e["new_version"] is True
    old = daemon.ctl_json("plan", "show", "Day", "--version", "1")
    assert old["price"] == 600, "tickets keep the terms they were sold with"
    r = daemon.ctl_json("plan", "edit", "Day", "--name", "Whole day")
    assert r["version"] == 2 and r["name"] == "Whole day", "a rename needs no new version"
    daemon.ctl("plan", "retire", "Whole day")
    r = daemon.ctl("voucher", "generate", "--plan", str(e["id"]), "--count", "1", check=False)
    assert r.returncode == 1 and "retired" in r.stderr


def test_generate_preview_then_commit(daemon):
    plan(daemon, "--name", "Hour", "--time", "1h", "--price", "3.00")
    prev = daemon.ctl_json("voucher", "generate", "--plan", "Hour", "--count", "100", "--length", "8",
                           "--charset", "unambiguous", "--prefix", "HX", "--dry-run")
    assert prev["dry_run"] is True and len(prev["preview"]) == 5
    assert all(c["code"].startswith("HX") and len(c["code"]) == 10 for c in prev["preview"])
    assert daemon.ctl_json("voucher", "list")["total"] == 0, "a preview stores nothing"
    b = daemon.ctl_json("voucher", "generate", "--plan", "Hour", "--count", "100", "--length", "8",
                        "--charset", "unambiguous", "--prefix", "HX", "--pin-length", "4", "--note", "lobby")
    assert b["count"] == 100 and b["states"]["unused"] == 100
    codes = {c["code"] for c in daemon.ctl_json("voucher", "list", "--batch", str(b["id"]), "--per-page", "1000")["items"]}
    assert len(codes) == 100
    assert all(set(c[2:]) <= set("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for c in codes)
    batches = daemon.ctl_json("batch", "list")["items"]
    assert batches[0]["note"] == "lobby" and batches[0]["pin_length"] == 4
    settings = daemon.ctl_json("batch", "show", str(b["id"]))
    assert (settings["prefix"], settings["length"], settings["charset"]) == ("HX", 8, "unambiguous")


def test_generate_bad_input_changes_nothing(daemon):
    plan(daemon, "--name", "Hour", "--time", "1h", "--price", "3.00")
    cases = [
        (["--plan", "Nope", "--count", "5"], "no such plan"),
        (["--plan", "Hour", "--count", "0"], "count must be between 1 and 100000"),
        (["--plan", "Hour", "--count", "100001"], "count must be between 1 and 100000"),
        (["--plan", "Hour", "--count", "5", "--charset", "emoji"], "charset must be one of digits, upper, lower-digits, unambiguous"),
        (["--plan", "Hour", "--count", "100000", "--length", "4", "--charset", "digits"], "length"),
        (["--plan", "Hour", "--count", "5", "--prefix", "wi-fi", "--charset", "upper"], "prefix"),
    ]
    for args, message in cases:
        r = daemon.ctl("voucher", "generate", *args, check=False)
        assert r.returncode == 1, (args, r.stderr)
        assert message in r.stderr, (args, r.stderr)
    assert db_rows(daemon, "SELECT count(*) FROM vouchers")[0][0] == 0
    assert db_rows(daemon, "SELECT count(*) FROM voucher_batches")[0][0] == 0


def test_export_csv_and_print_pdf(daemon, tmp_path):
    plan(daemon, "--name", "Day pass", "--time", "1d", "--price", "5.00", "--validity", "first-use:1d")
    b = daemon.ctl_json("voucher", "generate", "--plan", "Day pass", "--count", "25", "--pin-length", "4")
    out = tmp_path / "batch.csv"
    daemon.ctl("voucher", "export", "--batch", str(b["id"]), "--output", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 25 and rows[0].keys() >= {"code", "pin", "plan", "state"}
    assert {r["plan"] for r in rows} == {"Day pass"} and all(len(r["pin"]) == 4 for r in rows)
    # batch export writes the same
    out2 = tmp_path / "batch2.csv"
    daemon.ctl("batch", "export", str(b["id"]), "--output", str(out2))
    assert out2.read_text() == out.read_text()

    pdf = tmp_path / "tickets.pdf"
    daemon.ctl("voucher", "print", "--batch", str(b["id"]), "--output", str(pdf))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+3$", info, re.M), info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for r in rows:
        assert r["code"] in text and r["pin"] in text
    assert "Day pass" in text and "EUR 5.00" in text and "Valid for 1 day from the first login" in text

    few = tmp_path / "few.pdf"
    daemon.ctl("voucher", "print", rows[0]["code"], rows[1]["code"], "--output", str(few))
    text = subprocess.run(["pdftotext", str(few), "-"], capture_output=True, text=True, check=True).stdout
    assert rows[0]["code"] in text and rows[2]["code"] not in text


def test_list_search_sort_hide_and_delete(daemon):
    plan(daemon, "--name", "Hour", "--time", "1h", "--price", "3.00")
    daemon.ctl("voucher", "generate", "--plan", "Hour", "--count", "30", "--prefix", "12", "--charset", "digits",
               "--length", "6")
    daemon.ctl("voucher", "generate", "--plan", "Hour", "--count", "10", "--prefix", "34", "--charset", "digits",
               "--length", "6")
    page = daemon.ctl_json("voucher", "list", "--sort", "code", "--per-page", "7", "--page", "2")
    assert page["total"] == 40 and len(page["items"]) == 7
    every = [v["code"] for v in daemon.ctl_json("voucher", "list", "--sort", "code", "--per-page", "100")["items"]]
    assert every == sorted(every)
    assert [v["code"] for v in page["items"]] == every[7:14]
    desc = [v["code"] for v in daemon.ctl_json("voucher", "list", "--sort", "code", "--order", "desc",
                                                "--per-page", "100")["items"]]
    assert desc == every[::-1]
    found = daemon.ctl_json("voucher", "list", "--search", "34")
    assert found["total"] == 10 and all(v["code"].startswith("34") for v in found["items"])
    assert daemon.ctl_json("voucher", "list", "--hide-unused", "yes")["total"] == 0

    victim = every[0]
    daemon.ctl("voucher", "delete", victim)
    r = daemon.ctl("voucher", "show", victim, check=False)
    assert r.returncode == 1 and "no voucher" in r.stderr
    r = daemon.ctl("voucher", "expire", every[1], check=False)
    assert r.returncode == 1 and "not in use" in r.stderr
    assert daemon.ctl_json("batch", "delete-unused", "2")["deleted"] == 10
    assert daemon.ctl_json("voucher", "list")["total"] == 29


def test_quick_ticket_prepaid_only(daemon):
    plan(daemon, "--name", "Hour", "--time", "1h", "--price", "3.00", "--quick-ticket", "yes")
    plan(daemon, "--name", "Room", "--payment", "postpaid", "--measure", "time", "--price-per-hour", "2.00")
    t = daemon.ctl_json("voucher", "quick", "--plan", "Hour", "--first-name", "Ada", "--last-name", "Lovelace")
    assert len(t["username"]) == 8 and len(t["password"]) == 8
    acc = daemon.ctl_json("account", "show", t["username"])
    assert acc["first_name"] == "Ada" and acc["kind"] == "user" and acc["buckets"][0]["time_left"] == 3600
    assert "password" not in acc, "the password is shown once, at creation"
    r = daemon.ctl("voucher", "quick", "--plan", "Room", check=False)
    assert r.returncode == 1 and "prepaid" in r.stderr
    human = daemon.ctl("voucher", "quick", "--plan", "Hour").stdout
    assert "username:" in human and "password:" in human


def test_accounts_topup_suspend_devices(daemon):
    plan(daemon, "--name", "1 GB", "--measure", "traffic", "--data", "1GB", "--price", "5.00")
    a = daemon.ctl_json("account", "add", "+4915112345678", "--plan", "1 GB")
    assert a["kind"] == "mobile" and a["buckets"][0]["data_left"] == 1_000_000_000
    r = daemon.ctl("account", "add", "0151-123", "--plan", "1 GB", "--kind", "mobile", check=False)
    assert r.returncode == 1 and "E.164" in r.stderr
    t = daemon.ctl_json("account", "topup", "+4915112345678", "--data", "500MB")
    assert t["buckets"][0]["data_left"] == 1_500_000_000
    t = daemon.ctl_json("account", "topup", "+4915112345678", "--data", "200MB", "--overwrite", "yes")
    assert t["buckets"][0]["data_left"] == 200_000_000
    assert daemon.ctl_json("account", "suspend", "+4915112345678")["status"] == "suspended"
    assert daemon.ctl_json("account", "resume", "+4915112345678")["status"] == "active"
    d = daemon.ctl_json("account", "device-add", "+4915112345678", "AA-BB-CC-00-11-22")
    assert [x["mac"] for x in d["devices"]] == ["aa:bb:cc:00:11:22"]
    r = daemon.ctl("account", "device-add", "+4915112345678", "not-a-mac", check=False)
    assert r.returncode == 1 and "is not a MAC address" in r.stderr
    d = daemon.ctl_json("account", "device-rm", "+4915112345678", "aabb.cc00.1122")
    assert d["devices"] == []
    listed = daemon.ctl_json("account", "list", "--search", "4915")
    assert listed["total"] == 1
    r = daemon.ctl("account", "topup", "+4915112345678", check=False)
    assert r.returncode == 1 and "give time, data and/or extend" in r.stderr


def test_cdr_export_header(daemon, tmp_path):
    out = tmp_path / "cdr.csv"
    daemon.ctl("cdr", "export", "--from", "2026-01-01", "--to", "2027-01-01", "--output", str(out))
    header = out.read_text().splitlines()[0]
    assert header.startswith("id,session,account,username,plan,plan_version,bucket,rate,start,stop,seconds")
    r = daemon.ctl("cdr", "export", "--from", "2027-01-01", "--to", "2026-01-01", check=False)
    assert r.returncode == 1 and "to must be after from" in r.stderr


def test_account_validity_window(daemon):
    daemon.ctl("plan", "add", "--name", "Hour", "--time", "1h", "--price", "3.00")
    a = daemon.ctl_json("account", "add", "conf-guest", "--plan", "Hour", "--password", "x",
                        "--valid-from", "2030-01-01", "--valid-until", "2030-01-04")
    assert (a["valid_from"], a["valid_until"]) == (1893456000, 1893715200)
    r = daemon.ctl("account", "add", "x2", "--plan", "Hour", "--valid-from", "next week", check=False)
    assert r.returncode == 2 and "--valid-from and --valid-until take a date" in r.stderr
