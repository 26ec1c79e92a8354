"""Foundation: the daemon starts with no configuration, answers spotctl,
refuses bad configuration and newer databases, stops cleanly, reloads."""
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import time

from conftest import ROOT, SPOTCTL, SPOTGATED, Daemon


def test_status_json(daemon):
    st = daemon.ctl_json("status")
    assert st["mode"] == "controller"
    assert st["schema_version"] >= 1
    assert st["database"] == os.path.join(daemon.state_dir, "spotgate.db")
    assert st["uptime_seconds"] >= 0
    assert "version" in st and st["version"]
    assert st["counts"]["locations"] == 1


def test_status_human(daemon):
    out = daemon.ctl("status").stdout
    assert re.search(r"^schema version: \d+$", out, re.M)
    assert "mode:           controller" in out


def test_json_flag_anywhere(daemon):
    assert json.loads(daemon.ctl("status", "--json").stdout)["mode"] == "controller"


def test_sigterm_exits_0_within_2s(daemon):
    t0 = time.time()
    daemon.proc.send_signal(signal.SIGTERM)
    assert daemon.proc.wait(5) == 0
    assert time.time() - t0 < 2.0
    assert not os.path.exists(daemon.socket), "admin socket removed on exit"
    assert "info daemon: stopped" in daemon.read_log()


def test_sigint_exits_0(daemon):
    daemon.proc.send_signal(signal.SIGINT)
    assert daemon.proc.wait(5) == 0


def test_log_line_format(daemon):
    daemon.ctl("status")
    first = daemon.read_log().splitlines()
    assert first, "daemon logged nothing"
    for line in first:
        assert re.match(r"^(debug|info|warn|error) [a-z]+: ", line), line


def environ_of(pid):
    with open(f"/proc/{pid}/environ", "rb") as f:
        return dict(e.decode().split("=", 1) for e in f.read().split(b"\0") if b"=" in e)


def heap_flags(pid):
    """The VmFlags of the process's [heap] mapping ("hg": transparent huge pages asked for)."""
    with open(f"/proc/{pid}/smaps") as f:
        lines = f.read().split("\n")
    start = next(i for i, line in enumerate(lines) if line.endswith("[heap]"))
    return next(line for line in lines[start:] if line.startswith("VmFlags:")).split()[1:]


def test_malloc_asks_for_huge_pages(make_daemon):
    d = make_daemon(env={k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES"})
    assert environ_of(d.proc.pid).get("GLIBC_TUNABLES") == "glibc.malloc.hugetlb=1"
    thp_mode = "/sys/kernel/mm/transparent_hugepage/enabled"  # absent: a kernel without THP
    thp = open(thp_mode).read() if os.path.exists(thp_mode) else ""
    if "[madvise]" in thp:  # "always" needs no asking, "never" refuses it
        assert "hg" in heap_flags(d.proc.pid)


def test_malloc_tunables_of_the_caller_kept(make_daemon):
    d = make_daemon(env={**os.environ, "GLIBC_TUNABLES": ""})
    assert environ_of(d.proc.pid)["GLIBC_TUNABLES"] == ""
    assert "hg" not in heap_flags(d.proc.pid)
    d.ctl("status")


def run_daemon(args, timeout=10):
    return subprocess.run([SPOTGATED, "--foreground", *args], capture_output=True, text=True, timeout=timeout)


def test_unknown_config_key_exits_2(tmp_path):
    conf = tmp_path / "spotgate.conf"
    conf.write_text("[general]\nlog_level = info\n\n[database]\npaht = /tmp/x.db\n")
    r = run_daemon(["--config", str(conf), "--state-dir", str(tmp_path)])
    assert r.returncode == 2
    assert f"{conf}:5: unknown key [database] paht" in r.stderr
    assert not (tmp_path / "spotgate.db").exists(), "nothing is created on a bad configuration"


def test_bad_config_value_exits_2(tmp_path):
    conf = tmp_path / "spotgate.conf"
    conf.write_text("[general]\nlog_level = chatty\n")
    r = run_daemon(["--config", str(conf), "--state-dir", str(tmp_path)])
    assert r.returncode == 2
    assert f"{conf}:2: [general] log_level: bad value \"chatty\"" in r.stderr
    assert "allowed is debug, info, warn or error" in r.stderr


def test_bad_flag_value_exits_2(tmp_path):
    r = run_daemon(["--portal-listen", "nowhere", "--state-dir", str(tmp_path)])
    assert r.returncode == 2
    assert "--portal-listen: [portal] listen: bad value \"nowhere\"" in r.stderr


def test_unknown_flag_exits_2(tmp_path):
    r = run_daemon(["--no-such-flag"])
    assert r.returncode == 2


def test_missing_config_file_exits_2(tmp_path):
    r = run_daemon(["--config", str(tmp_path / "absent.conf")])
    assert r.returncode == 2
    assert "absent.conf: cannot read" in r.stderr


def test_missing_lan_interface_fails(tmp_path):
    r = run_daemon(["--lan", "sgnosuch0", "--state-dir", str(tmp_path)])
    assert r.returncode == 1
    assert "LAN interface does not exist iface=sgnosuch0" in r.stderr


def test_wan_the_same_as_lan_fails(tmp_path):
    r = run_daemon(["--lan", "lo", "--wan", "lo", "--state-dir", str(tmp_path)])
    assert r.returncode == 1
    assert "the WAN interface is the LAN interface iface=lo" in r.stderr


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_newer_schema_refused_and_untouched(tmp_path):
    db_path = tmp_path / "spotgate.db"
    db = sqlite3.connect(db_path)
    db.executescript("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT, applied_at INTEGER);"
                     "INSERT INTO schema_version VALUES (9999, '9999_future', 0);"
                     "CREATE TABLE future (x); INSERT INTO future VALUES (42);")
    db.close()
    before = sha256(db_path)
    listing = sorted(os.listdir(tmp_path))

    r = run_daemon(["--db", str(db_path), "--state-dir", str(tmp_path / "state")])
    assert r.returncode == 1
    assert "schema version 9999 is newer than this spotgated knows" in r.stderr
    assert sha256(db_path) == before
    assert sorted(os.listdir(tmp_path)) == sorted(listing + ["state"])


def test_migrations_recorded(daemon):
    daemon.stop()
    db = sqlite3.connect(os.path.join(daemon.state_dir, "spotgate.db"))
    rows = db.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
    files = sorted(f for f in os.listdir(os.path.join(ROOT, "sql")) if re.match(r"^\d{4}_.*\.sql$", f))
    assert [name for _, name in rows] == [f[:-4] for f in files]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_restart_keeps_data(make_daemon, tmp_path):
    d = make_daemon(state_dir=tmp_path / "s")
    d.stop()
    d2 = make_daemon(state_dir=tmp_path / "s")
    assert d2.ctl_json("status")["schema_version"] >= 1


def test_sighup_reloads_log_level(make_daemon, tmp_path):
    conf = tmp_path / "spotgate.conf"
    conf.write_text("[general]\nlog_level = info\n")
    d = make_daemon(config=str(conf))
    d.ctl("status")
    assert "debug api:" not in d.read_log()

    conf.write_text("[general]\nlog_level = debug\n")
    d.proc.send_signal(signal.SIGHUP)
    deadline = time.time() + 5
    while "configuration reloaded" not in d.read_log() and time.time() < deadline:
        time.sleep(0.05)
    d.ctl("status")
    log = d.read_log()
    assert "log_level=debug" in log
    assert "debug api: request method=GET path=/api/v1/status" in log

    # a broken file on reload keeps the daemon running with what it had
    conf.write_text("[general]\nlog_level = nonsense\n")
    d.proc.send_signal(signal.SIGHUP)
    deadline = time.time() + 5
    while "reload failed" not in d.read_log() and time.time() < deadline:
        time.sleep(0.05)
    assert "reload failed" in d.read_log()
    assert d.ctl_json("status")["mode"] == "controller"


def test_embedded_default_uses_tree_var(tmp_path):
    """With no configuration at all, a binary in <tree>/build keeps its state in <tree>/var.
    It runs in a network namespace of its own so the default ports (RADIUS
    1812/1813, admin 8081) are free whatever else this machine runs."""
    tree = tmp_path / "tree"
    (tree / "build").mkdir(parents=True)
    (tree / "sql").mkdir()
    shutil.copytree(os.path.join(ROOT, "portal"), tree / "portal")
    shutil.copy(SPOTGATED, tree / "build" / "spotgated")
    shutil.copy(SPOTCTL, tree / "build" / "spotctl")
    ns = f"sgt-embedded-{os.getpid()}"
    subprocess.run(["ip", "netns", "del", ns], capture_output=True)
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        subprocess.run(["ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"], check=True)
        d = Daemon(tree / "var", [])
        os.makedirs(d.state_dir, exist_ok=True)
        d.command = lambda: ["ip", "netns", "exec", ns, str(tree / "build" / "spotgated"), "--foreground"]
        d.start()
        try:
            r = subprocess.run([str(tree / "build" / "spotctl"), "status", "--json"],
                               capture_output=True, text=True, timeout=10)
            assert r.returncode == 0, r.stderr
            st = json.loads(r.stdout)
            assert st["database"] == str(tree / "var" / "spotgate.db")
            assert st["radius"]["auth_listen"] == "0.0.0.0:1812", "controller mode answers RADIUS by default"
            assert (tree / "var" / "spotgate.sock").exists()
        finally:
            assert d.stop() == 0
    finally:
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)


def test_second_daemon_on_same_socket_refused(daemon, make_daemon):
    other = make_daemon(args=["--admin-socket", daemon.socket], start=False)
    other.start(wait=False)
    assert other.proc.wait(5) == 1
    assert "another spotgated is listening there" in other.read_log()
    assert daemon.ctl_json("status")["mode"] == "controller"


def test_every_config_key_documented():
    out = subprocess.run([SPOTGATED, "--print-config"], capture_output=True, text=True, check=True).stdout
    doc = open(os.path.join(ROOT, "docs", "config.md")).read()
    section = None
    for line in out.splitlines():
        if line.startswith("["):
            section = line.strip("[]")
            assert f"[{section}]" in doc, f"section [{section}] not in docs/config.md"
        elif "=" in line:
            key = line.split("=")[0].strip()
            assert f"`{key}`" in doc, f"[{section}] {key} not in docs/config.md"


def test_spotctl_exit_codes(daemon, tmp_path):
    assert daemon.ctl("bogus", check=False).returncode == 2
    assert daemon.ctl(check=False).returncode == 2
    assert daemon.ctl("help").returncode == 0
    assert daemon.ctl("status", "extra", check=False).returncode == 2
    r = subprocess.run([SPOTCTL, "--socket", str(tmp_path / "none.sock"), "status"],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert "cannot reach spotgated" in r.stderr
    r = subprocess.run([SPOTCTL, "--json", "--socket", str(tmp_path / "none.sock"), "status"],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert "cannot reach spotgated" in json.loads(r.stdout)["error"]["message"]


def test_api_errors_are_json(daemon):
    r = subprocess.run(["curl", "-s", "-w", "\n%{http_code}", "--unix-socket", daemon.socket,
                        "http://spotgate/api/v1/nothing"], capture_output=True, text=True)
    body, code = r.stdout.rsplit("\n", 1)
    assert code == "404"
    assert "no such resource" in json.loads(body)["error"]["message"]
    r = subprocess.run(["curl", "-s", "-w", "\n%{http_code}", "--unix-socket", daemon.socket,
                        "-X", "POST", "-d", "{not json", "http://spotgate/api/v1/status"],
                       capture_output=True, text=True)
    body, code = r.stdout.rsplit("\n", 1)
    assert code == "400"
    assert "not a JSON object" in json.loads(body)["error"]["message"]


def test_portal_listener_serves_assets(make_daemon):
    from conftest import free_port
    port = free_port()
    d = make_daemon(args=["--portal-listen", f"127.0.0.1:{port}"])
    r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{port}/"],
                       capture_output=True, text=True)
    assert r.stdout == "200"
    # the admin API is not reachable through the portal listener
    r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                        f"http://127.0.0.1:{port}/api/v1/status"], capture_output=True, text=True)
    assert r.stdout == "404"
    assert d.ctl_json("status")["mode"] == "controller"
