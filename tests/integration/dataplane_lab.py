"""The lab (scripts/lab.sh) for data-plane tests, and spotgated running inside it.

Each test module builds its own lab under a prefix "sgt<tag><pid>-" (so parallel runs
and the demo's lab never meet), removes leftovers of interrupted runs of the same
module first (prefixes whose pid is gone), and tears everything down afterwards, also
when a test fails: namespaces, the processes in them, and the pins.

Pins live on a bpf filesystem mounted for the run at /run/spotgate-test/<prefix>/bpf,
not under /sys/fs/bpf: `ip netns exec` gives the daemon a fresh /sys, so a bpffs the
daemon mounted there would vanish with it, and the restart test would lose its maps.
Unmounting the private bpffs removes every pin the run made.
"""
import json
import os
import re
import signal
import subprocess
import time

from conftest import Daemon, ROOT

LAB = os.path.join(ROOT, "scripts", "lab.sh")
RUN_DIR = "/run/spotgate-test"

GUEST_MAC = "02:00:00:00:01:%02x"
GUEST_IP = "192.0.2.%d"          # 10 + k
INTERNET_PAGE = "Welcome to the internet"


def sh(*cmd, check=True, timeout=60, **kw):
    return subprocess.run(list(map(str, cmd)), capture_output=True, text=True, check=check,
                          timeout=timeout, **kw)


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def _unmount_tree(path):
    if os.path.ismount(path):
        sh("umount", "-l", path, check=False)
    sh("rm", "-rf", path, check=False)


class Lab:
    def __init__(self, tag, guests=3):
        self.tag = tag
        self.guests = guests
        self.prefix = f"sgt{tag}{os.getpid()}-"
        self.dir = os.path.join(RUN_DIR, self.prefix.rstrip("-"))
        self.bpffs = os.path.join(self.dir, "bpf")
        self.pin_root = os.path.join(self.bpffs, "spotgate")
        self.env = dict(os.environ, LAB_PREFIX=self.prefix,
                        LAB_DIR=os.path.join(self.dir, "lab"))
        self.gw = self.prefix + "gw"

    def clear_leftovers(self):
        """Labs of earlier runs of this module whose process is gone."""
        pat = re.compile(rf"^sgt{self.tag}(\d+)-")
        prefixes = set()
        for line in sh("ip", "netns", "list").stdout.splitlines():
            m = pat.match(line.split()[0]) if line.strip() else None
            if m and not _alive(int(m.group(1))):
                prefixes.add(m.group(0))
        if os.path.isdir(RUN_DIR):
            for name in os.listdir(RUN_DIR):
                m = pat.match(name + "-")
                if m and not _alive(int(m.group(1))):
                    prefixes.add(m.group(0))
        for p in prefixes:
            d = os.path.join(RUN_DIR, p.rstrip("-"))
            sh(LAB, "down", check=False, env=dict(os.environ, LAB_PREFIX=p, LAB_DIR=os.path.join(d, "lab")))
            _unmount_tree(os.path.join(d, "bpf"))
            sh("rm", "-rf", d, check=False)

    def up(self):
        self.clear_leftovers()
        os.makedirs(self.bpffs, exist_ok=True)
        sh("mount", "-t", "bpf", "bpf", self.bpffs)
        # lab.sh leaves servers running with our pipes open: let them write to a file
        with open(os.path.join(self.dir, "lab-up.log"), "w") as log:
            subprocess.run([LAB, "up", str(self.guests)], env=self.env, stdout=log,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=True,
                           timeout=60)
        self.config = os.path.join(self.dir, "spotgate.conf")
        with open(self.config, "w") as f:
            f.write(f"[gateway]\nbpf_root = {self.pin_root}\n")
        return self

    def down(self):
        sh(LAB, "down", check=False, env=self.env)
        _unmount_tree(self.bpffs)
        sh("rm", "-rf", self.dir, check=False)

    # --- running things in the lab ---------------------------------------------------
    def guest(self, k):
        return f"{self.prefix}guest{k}"

    def ns(self, name, *cmd, check=False, timeout=60):
        return sh("ip", "netns", "exec", name, *cmd, check=check, timeout=timeout)

    def curl(self, k, url, timeout=3):
        """(curl exit status, body) from guest k."""
        r = self.ns(self.guest(k), "curl", "-s", "-m", timeout, url, timeout=timeout + 5)
        return r.returncode, r.stdout

    def reaches_portal(self, k, url, timeout=3):
        """Did guest k's HTTP request land on spotgated's portal listener (h2o; the
        lab's web server is Python's) rather than where it was going?"""
        r = self.ns(self.guest(k), "curl", "-s", "-i", "-m", timeout, url, timeout=timeout + 5)
        head = r.stdout.split("\r\n\r\n", 1)[0].lower()
        return r.returncode == 0 and "server: h2o" in head and INTERNET_PAGE not in r.stdout

    def ping(self, k, addr, count=1, wait=1):
        return self.ns(self.guest(k), "ping", "-c", count, "-W", wait, "-i", "0.2", addr).returncode == 0

    def link_stats(self, k):
        """(tx_bytes, tx_packets, rx_bytes, rx_packets) of guest k's eth0."""
        out = sh("ip", "-n", self.guest(k), "-j", "-s", "link", "show", "eth0").stdout
        s = json.loads(out)[0]["stats64"]
        return s["tx"]["bytes"], s["tx"]["packets"], s["rx"]["bytes"], s["rx"]["packets"]

    def quiet_link_stats(self, k):
        """link_stats() once guest k's link has carried nothing for 0.3 s: iperf3 may
        return with data still in flight."""
        after, prev = self.link_stats(k), None
        while after != prev:
            time.sleep(0.3)
            prev, after = after, self.link_stats(k)
        return after

    @staticmethod
    def ip_bytes(before, after):
        """IP bytes a guest sent and received between two link_stats() (frames minus
        their 14-byte Ethernet header, as the data plane counts)."""
        tx = (after[0] - before[0]) - 14 * (after[1] - before[1])
        rx = (after[2] - before[2]) - 14 * (after[3] - before[3])
        return tx, rx

    def iperf(self, k, *args, timeout=30):
        r = self.ns(self.guest(k), "iperf3", "-c", "203.0.113.10", "-J", *args, timeout=timeout)
        assert r.returncode == 0, r.stdout + r.stderr
        return json.loads(r.stdout)


class GatewayDaemon(Daemon):
    """spotgated in the lab's gateway namespace, in gateway mode on lan0."""

    def __init__(self, lab, state_dir, args=()):
        super().__init__(state_dir, ["--lan", "lan0", *args], lab.config)
        self.lab = lab

    def command(self):
        return ["ip", "netns", "exec", self.lab.gw] + super().command()

    def wait_ready(self, timeout=10):
        # the admin socket accepts before start-up has finished (the data plane is
        # attached after it): an API answer means the loop runs, so all is in place
        super().wait_ready(timeout)
        deadline = time.time() + timeout
        while self.ctl("status", check=False).returncode != 0:
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError("spotgated did not come up:\n" + self.read_log())
            time.sleep(0.05)

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(5)
        if getattr(self, "log", None):
            self.log.close()

    def client(self, mac):
        return self.ctl_json("client", "show", mac)


def wait_until(fn, timeout=5.0, step=0.05):
    deadline = time.time() + timeout
    while True:
        v = fn()
        if v or time.time() > deadline:
            return v
        time.sleep(step)
