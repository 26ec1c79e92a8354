"""The data plane's usage reaches billing: a guest logged in through the portal
is billed for what the kernel counted, a quota stop in the kernel closes the
session with the whole quota used, a top-up while online raises the kernel's
budget, and a restart (kill -9) bills the bytes the dead daemon never saw and
ends sessions whose client is gone from the maps."""
import os
import signal
import subprocess
import time

import pytest

from portal_lab import Guest, GatewayDaemon, gateway, lab_fixture, voucher_login  # noqa: F401

lab = lab_fixture("sgdb-")

BIG = 3_000_000


def wait_until(fn, timeout=8.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(0.2)
    return fn()


def plan_and_code(d, data="100MB", name="Data"):
    d.ctl("plan", "add", "--name", name, "--measure", "traffic", "--data", data, "--price", "1.00",
          "--validity", "first-use:1d")
    batch = d.ctl_json("voucher", "generate", "--plan", name, "--count", 2, "--length", "8", "--charset", "digits")
    return [v["code"] for v in d.ctl_json("voucher", "list", "--batch", batch["id"])["items"]]


def session(d, mac):
    rows = [s for s in d.ctl_json("report", "sessions")["items"] if s["mac"] == mac]
    return max(rows, key=lambda s: s["id"]) if rows else None


def download(lab, g, size=BIG, timeout=6):
    path = os.path.join(lab.env["LAB_DIR"], "www", "big.bin")
    if not os.path.exists(path) or os.path.getsize(path) != size:
        with open(path, "wb") as f:
            f.write(os.urandom(size))
    return lab.in_ns(f"guest{g.n}", "curl", "-s", "--noproxy", "*", "-m", timeout, "-o", "/dev/null",
                     "-w", "%{size_download}", "http://203.0.113.10/big.bin", check=False)


def login(lab, d, g, code):
    r = voucher_login(g, code)
    assert r.status == 303, r.body
    assert g.online()


def settled(d, mac):
    """The session's bytes once they stop growing: every poll billed."""
    last = None
    for _ in range(40):
        s = session(d, mac)
        cur = (s["bytes_up"], s["bytes_down"], s["stopped_at"])
        if cur == last:
            return s
        last = cur
        time.sleep(0.6)
    return s


def test_usage_is_billed_while_online_and_at_logout(lab, gateway):
    d = gateway(login="voucher")
    code = plan_and_code(d)[0]
    g = Guest(lab, 1)
    login(lab, d, g, code)
    assert download(lab, g).stdout == str(BIG)
    s = settled(d, g.mac)
    c = d.ctl_json("client", "show", g.mac)
    assert s["stopped_at"] is None
    # what the kernel counted is what billing has (within 1 %)
    assert s["bytes_down"] > BIG
    assert abs(s["bytes_down"] - c["bytes_down"]) <= 0.01 * c["bytes_down"], (s, c)
    assert abs(s["bytes_up"] - c["bytes_up"]) <= 0.01 * c["bytes_up"] + 2000, (s, c)
    acct = d.ctl_json("account", "show", str(s["account"]))
    assert acct["buckets"][0]["data_left"] <= 100_000_000 - BIG, acct["buckets"]
    # logout bills the last bytes and closes the session
    token = g.csrf()
    assert g.post("/logout", {"csrf": token}).status == 200
    s = session(d, g.mac)
    assert s["stopped_at"] is not None and s["stop_cause"] == "logout"
    assert s["bytes_down"] >= c["bytes_down"]


def test_quota_stop_in_the_kernel_bills_the_whole_quota(lab, gateway):
    d = gateway(login="voucher")
    code = plan_and_code(d, data="1MB", name="Small")[0]
    g = Guest(lab, 1)
    login(lab, d, g, code)
    r = download(lab, g, timeout=4)
    assert int(r.stdout or 0) < BIG, "the download must be cut"
    s = wait_until(lambda: (lambda s: s if s and s["stopped_at"] else None)(session(d, g.mac)))
    assert s, session(d, g.mac)
    used = s["bytes_up"] + s["bytes_down"]
    # billed up to the last byte: the whole megabyte, at most one superpacket over
    assert 1_000_000 <= used < 1_000_000 + 65536, s
    assert s["stop_cause"] == "depleted", s
    # the client is gone from the maps and the guest is captive again
    assert wait_until(lambda: d.ctl("client", "show", g.mac, check=False).returncode == 1)
    assert not g.online()
    assert d.ctl_json("voucher", "show", code)["state"] in ("used", "depleted", "expired"), \
        d.ctl_json("voucher", "show", code)


def test_topup_while_online_reaches_the_kernel(lab, gateway):
    d = gateway(login="voucher")
    code = plan_and_code(d, data="1MB", name="Small")[0]
    g = Guest(lab, 1)
    login(lab, d, g, code)
    budget = d.ctl_json("client", "show", g.mac)["quota"]
    assert 900_000 <= budget <= 1_100_000, budget
    d.ctl("account", "topup", str(session(d, g.mac)["account"]), "--data", "10MB")
    assert d.ctl_json("client", "show", g.mac)["quota"] > 10_000_000
    # more than the first megabyte now passes without a new login
    assert download(lab, g).stdout == str(BIG)
    s = settled(d, g.mac)
    assert s["stopped_at"] is None and s["bytes_down"] > BIG


@pytest.fixture
def pinned_gateway(lab, tmp_path):
    """A gateway whose maps are pinned on a bpf filesystem of the test's own, so they
    outlive the daemon (under ip netns exec, /sys/fs/bpf is a fresh mount per process)."""
    bpffs = "/run/spotgate-test/sgdb-bpf"
    subprocess.run(["umount", "-l", bpffs], capture_output=True)     # an interrupted run's
    os.makedirs(bpffs, exist_ok=True)
    subprocess.run(["mount", "-t", "bpf", "bpf", bpffs], check=True)
    conf = tmp_path / "gw.ini"
    conf.write_text(f"[portal]\nlogin = voucher\n[gateway]\nbpf_root = {bpffs}/spotgate\n")
    lab.reset_gateway()
    d = GatewayDaemon(lab, tmp_path / "gw", str(conf))
    os.makedirs(d.state_dir, exist_ok=True)
    d.pins = f"{bpffs}/spotgate"
    try:
        yield d.start()
    finally:
        d.stop(signal.SIGTERM)
        lab.reset_gateway()
        subprocess.run(["umount", "-l", bpffs], capture_output=True)
        os.rmdir(bpffs)


def test_restart_bills_what_the_dead_daemon_missed(lab, pinned_gateway):
    d = pinned_gateway
    codes = plan_and_code(d)
    g1, g2 = Guest(lab, 1), Guest(lab, 2)
    login(lab, d, g1, codes[0])
    login(lab, d, g2, codes[1])
    d.proc.send_signal(signal.SIGKILL)
    d.proc.wait(timeout=10)
    # the kernel keeps forwarding and counting while no daemon runs
    assert download(lab, g1).stdout == str(BIG)
    # and guest 2's entry disappears meanwhile (deleted by hand; its counter slot in
    # the sg_client_cnt array is then nobody's)
    key = [f"{int(b, 16):02x}" for b in g2.mac.split(":")]
    subprocess.run(["bpftool", "map", "delete", "pinned", f"{d.pins}/sg_client_cfg", "key", "hex", *key],
                   capture_output=True, check=True)
    d.start()
    s1 = settled(d, g1.mac)
    c1 = d.ctl_json("client", "show", g1.mac)
    assert s1["stopped_at"] is None and s1["bytes_down"] > BIG, s1
    assert abs(s1["bytes_down"] - c1["bytes_down"]) <= 0.01 * c1["bytes_down"], (s1, c1)
    assert "usage from before the restart billed mac=" + g1.mac in d.read_log()
    s2 = session(d, g2.mac)
    assert s2["stopped_at"] is not None and s2["stop_cause"] == "nas", s2
    assert g1.online() and not g2.online()


@pytest.fixture
def small_gateway(lab, tmp_path):
    """A gateway whose client map holds one device."""
    conf = tmp_path / "gw.ini"
    conf.write_text("[portal]\nlogin = voucher\n[gateway]\nmax_clients = 1\n")
    lab.reset_gateway()
    d = GatewayDaemon(lab, tmp_path / "gw", str(conf))
    os.makedirs(d.state_dir, exist_ok=True)
    try:
        yield d.start()
    finally:
        d.stop(signal.SIGTERM)
        lab.reset_gateway()


def test_a_full_data_plane_is_not_the_guests_fault(lab, small_gateway):
    """An accepted login the data plane cannot take: the guest is told so (503),
    the session is stopped again, and it does not count toward the lockout."""
    d = small_gateway
    codes = plan_and_code(d)
    login(lab, d, Guest(lab, 1), codes[0])
    g = Guest(lab, 2)
    r = voucher_login(g, codes[1])
    assert r.status == 503, (r.status, r.body)
    assert "could not let your device through" in r.body
    s = session(d, g.mac)
    assert s["stopped_at"] is not None, s
    assert "failed login mac=" + g.mac not in d.read_log()
    assert not g.online()


def test_a_quota_stop_while_no_daemon_runs_is_billed_at_restart(lab, pinned_gateway):
    d = pinned_gateway
    code = plan_and_code(d, data="1MB", name="Small")[0]
    g = Guest(lab, 1)
    login(lab, d, g, code)
    d.proc.send_signal(signal.SIGKILL)
    d.proc.wait(timeout=10)
    # the kernel enforces the quota on its own meanwhile
    assert int(download(lab, g, timeout=4).stdout or 0) < BIG
    d.start()
    s = wait_until(lambda: (lambda s: s if s and s["stopped_at"] else None)(session(d, g.mac)))
    assert s and s["stop_cause"] == "depleted", session(d, g.mac)
    assert 1_000_000 <= s["bytes_up"] + s["bytes_down"] < 1_000_000 + 65536, s
    assert wait_until(lambda: d.ctl("client", "show", g.mac, check=False).returncode == 1)
