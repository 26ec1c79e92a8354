"""Shared fixtures: a real spotgated started in a temporary directory, stopped by PID."""
import json
import os
import random
import signal
import socket
import subprocess
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# SPOTGATE_BUILD: binaries built elsewhere (a directory named build in a tree with sql/ and portal/)
BUILD = os.environ.get("SPOTGATE_BUILD") or os.path.join(ROOT, "build")
SPOTGATED = os.path.join(BUILD, "spotgated")
SPOTCTL = os.path.join(BUILD, "spotctl")


_ports_given = set()


def free_port():
    """A loopback port free for both TCP and UDP (RADIUS listens on UDP), never the
    same twice in one run, and below the kernel's ephemeral range, so that no client
    socket's automatic source port (radclient's, pyrad's, an HTTP client's) can take
    it between this check and the daemon's bind."""
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        ephemeral_low = int(f.read().split()[0])
    while True:
        port = random.randrange(10000, max(ephemeral_low, 20000))
        if port in _ports_given:
            continue
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t, \
                    socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                t.bind(("127.0.0.1", port))
                u.bind(("127.0.0.1", port))
        except OSError:
            continue
        _ports_given.add(port)
        return port


class Daemon:
    """One spotgated process with its own state directory."""

    def __init__(self, state_dir, args=(), config=None, env=None):
        self.state_dir = str(state_dir)
        self.env = env  # the whole environment, or None for the tests' own
        self.socket = os.path.join(self.state_dir, "spotgate.sock")
        self.log_path = os.path.join(self.state_dir, "spotgated.log")
        self.args = list(args)
        self.config = config
        self.proc = None
        # every daemon gets its own RADIUS ports so tests never meet on 1812/1813
        self.radius_auth_port = free_port()
        self.radius_acct_port = free_port()
        # and its own admin API TCP port (the default 127.0.0.1:8081 would collide)
        self.admin_port = free_port()

    def command(self):
        cmd = [SPOTGATED, "--foreground", "--state-dir", self.state_dir]
        if self.config:
            cmd += ["--config", self.config]
        cmd += ["--radius-auth", f"127.0.0.1:{self.radius_auth_port}",
                "--radius-acct", f"127.0.0.1:{self.radius_acct_port}",
                "--admin-listen", f"127.0.0.1:{self.admin_port}"]
        return cmd + self.args

    def start(self, wait=True):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command(), stdout=self.log, stderr=subprocess.STDOUT, env=self.env)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"spotgated exited with {self.proc.returncode}:\n{self.read_log()}")
            if os.path.exists(self.socket):
                # the socket accepts before start-up is over; an answer to
                # status means the loop runs with everything attached
                r = subprocess.run([SPOTCTL, "--socket", self.socket, "status"], capture_output=True, timeout=10)
                if r.returncode == 0:
                    return
            time.sleep(0.02)
        raise RuntimeError("spotgated did not open its admin socket:\n" + self.read_log())

    def read_log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def ctl(self, *args, check=True):
        """Runs spotctl against this daemon; returns (exit status, stdout, stderr)."""
        r = subprocess.run([SPOTCTL, "--socket", self.socket, *map(str, args)],
                           capture_output=True, text=True, timeout=60)
        if check and r.returncode != 0:
            raise AssertionError(f"spotctl {' '.join(map(str, args))} -> {r.returncode}\n{r.stdout}\n{r.stderr}")
        return r

    def ctl_json(self, *args):
        r = self.ctl("--json", *args)
        return json.loads(r.stdout)

    def stop(self, sig=signal.SIGTERM, timeout=5):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "log", None):
            self.log.close()
        return self.proc.returncode if self.proc else None


@pytest.fixture
def make_daemon(tmp_path):
    """Factory: make_daemon(args=[...], config=path, env=dict) -> started Daemon; all stopped afterwards."""
    daemons = []

    def factory(args=(), config=None, start=True, state_dir=None, env=None):
        d = Daemon(state_dir or tmp_path / f"state{len(daemons)}", args, config, env)
        os.makedirs(d.state_dir, exist_ok=True)
        daemons.append(d)
        return d.start() if start else d

    yield factory
    for d in daemons:
        d.stop(signal.SIGKILL if d.proc and d.proc.poll() is None else signal.SIGTERM)


@pytest.fixture
def daemon(make_daemon):
    return make_daemon()
