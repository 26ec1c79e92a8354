"""Restarting spotgated drops no online guest: the maps stay pinned, the programs stay
attached, the new daemon re-attaches and finds the clients in the maps."""
import os
import re
import signal
import subprocess
import time

import pytest

from dataplane_lab import GUEST_MAC, GUEST_IP, GatewayDaemon, Lab


@pytest.fixture(scope="module")
def lab():
    lab = Lab("r", guests=1)
    try:
        yield lab.up()
    finally:
        lab.down()


def test_kill9_and_restart_while_a_guest_pings(lab, tmp_path):
    state = tmp_path / "state"
    os.makedirs(state)
    mac = GUEST_MAC % 1
    first = GatewayDaemon(lab, state).start()
    second = None
    ping = None
    try:
        first.ctl("client", "authorize", mac, "--ip", GUEST_IP % 11, "--quota", "1GB")
        first.ctl("acl", "deny", "02:00:00:00:09:99")
        first.ctl("garden", "add", "198.18.0.0/15")
        ping = subprocess.Popen(["ip", "netns", "exec", lab.guest(1), "ping", "-n", "-i", "0.02",
                                 "-c", "250", "-W", "1", "203.0.113.10"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(1)
        before = first.client(mac)
        assert before["bytes_up"] > 0
        first.kill9()
        time.sleep(0.5)     # the guest keeps pinging with no daemon at all
        second = GatewayDaemon(lab, state).start()
        out, _ = ping.communicate(timeout=20)
        ping = None
        m = re.search(r"(\d+) packets transmitted, (\d+) received", out)
        assert m and m.group(1) == m.group(2) == "250", out
        after = second.client(mac)
        assert after["status"] == "online"
        assert after["quota"] == before["quota"]
        # the same counters, still counting
        assert after["bytes_up"] > before["bytes_up"] + 100 * 84
        assert after["packets_down"] > before["packets_down"]
        assert "clients found in the maps online=1" in second.read_log()
        # the lists were rewritten from the database, not duplicated
        assert [e["value"] for e in second.ctl_json("acl", "list")["items"]] == ["02:00:00:00:09:99"]
        assert [e["value"] for e in second.ctl_json("garden", "list")["items"]] == ["198.18.0.0/15"]
        # a clean stop also leaves the guest online
        assert second.stop() == 0
        assert lab.ping(1, "203.0.113.10")
    finally:
        if ping:
            ping.kill()
            ping.wait()
        for d in (first, second):
            if d and d.proc and d.proc.poll() is None:
                d.stop(signal.SIGKILL)


def test_restart_onto_the_other_tc_hook_while_a_guest_pings(lab, tmp_path):
    """A restart with another [gateway] tc_hook moves the programs from tcx to clsact
    and back without losing a packet, and leaves them on one hook only."""
    state = tmp_path / "state"
    os.makedirs(state)
    mac = GUEST_MAC % 1
    base = open(lab.config).read()
    pins = [os.path.join(lab.pin_root, f"tcx_{d}_lan0") for d in ("ingress", "egress")]
    daemons = []
    ping = None

    def start(hook):
        with open(lab.config, "w") as f:
            f.write(base + f"tc_hook = {hook}\n")
        daemons.append(GatewayDaemon(lab, state).start())
        return daemons[-1]

    def hook(d):    # the log is appended to by every daemon of this state directory
        return re.findall(r"data plane on lan=lan0 wan=\S+ tc=(\w+)", d.read_log())[-1]

    def clsact_filters():
        return [lab.ns(lab.gw, "tc", "filter", "show", "dev", "lan0", d).stdout for d in ("ingress", "egress")]

    try:
        d = start("auto")
        assert hook(d) == "tcx"
        assert all(os.path.exists(p) for p in pins)
        d.ctl("client", "authorize", mac, "--ip", GUEST_IP % 11)
        ping = subprocess.Popen(["ip", "netns", "exec", lab.guest(1), "ping", "-n", "-i", "0.02",
                                 "-c", "400", "-W", "1", "203.0.113.10"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(0.5)
        assert d.stop() == 0

        d = start("clsact")
        assert hook(d) == "clsact"
        assert all("sg_tc_" in f for f in clsact_filters())
        assert not any(os.path.exists(p) for p in pins)
        assert d.stop() == 0

        d = start("auto")
        assert hook(d) == "tcx"
        assert all(os.path.exists(p) for p in pins)
        assert not any("sg_tc_" in f for f in clsact_filters())
        out, _ = ping.communicate(timeout=20)
        ping = None
        m = re.search(r"(\d+) packets transmitted, (\d+) received", out)
        assert m and m.group(1) == m.group(2) == "400", out
        assert d.client(mac)["status"] == "online"
    finally:
        with open(lab.config, "w") as f:
            f.write(base)
        if ping:
            ping.kill()
            ping.wait()
        for d in daemons:
            if d.proc and d.proc.poll() is None:
                d.stop(signal.SIGKILL)
