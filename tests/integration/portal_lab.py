"""The portal's lab: scripts/lab.sh namespaces under a prefix of our own, a
spotgated with the data plane on the gateway's lan0, and curl from the guests.

Every fixture clears leftovers of an earlier run with the same prefix first and
removes what it made afterwards, also when a test fails."""
import hashlib
import hmac
import json
import os
import re
import signal
import subprocess
import time
import urllib.parse

import pytest

from conftest import ROOT, SPOTCTL, Daemon

LAB = os.path.join(ROOT, "scripts", "lab.sh")
PORTAL = "http://192.0.2.1"
WEB = "http://203.0.113.10/"


def sh(*cmd, check=True, **kw):
    return subprocess.run(list(map(str, cmd)), capture_output=True, text=True, check=check, timeout=60, **kw)


class Lab:
    def __init__(self, prefix, guests=2):
        self.prefix = prefix
        self.guests = guests
        self.env = dict(os.environ, LAB_PREFIX=prefix, LAB_DIR=f"/run/spotgate-lab/{prefix.rstrip('-')}")

    def up(self):
        # output to a file, not a pipe: the lab's servers keep their stdout open
        with open(os.devnull, "w") as null:
            subprocess.run([LAB, "up", str(self.guests)], env=self.env, stdout=null, stderr=null, check=True,
                           timeout=120)

    def down(self):
        with open(os.devnull, "w") as null:
            subprocess.run([LAB, "down"], env=self.env, stdout=null, stderr=null, timeout=60)

    def ns(self, name):
        return f"{self.prefix}{name}"

    def in_ns(self, name, *cmd, check=True, timeout=30):
        return subprocess.run(["ip", "netns", "exec", self.ns(name), *map(str, cmd)], capture_output=True,
                              text=True, check=check, timeout=timeout)

    def reset_gateway(self):
        """Takes an earlier daemon's programs off lan0 (its maps die with it)."""
        self.in_ns("gw", "tc", "qdisc", "del", "dev", "lan0", "clsact", check=False)
        self.in_ns("gw", "ip", "link", "set", "dev", "lan0", "xdpgeneric", "off", check=False)
        self.in_ns("gw", "ip", "neigh", "flush", "dev", "lan0", check=False)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name.lower())

    def form_value(self, name, form_id=None):
        text = self.body
        if form_id:
            m = re.search(r'<form[^>]*id="%s".*?</form>' % re.escape(form_id), text, re.S)
            assert m, f"no form {form_id} in:\n{text}"
            text = m.group(0)
        m = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), text)
        return m.group(1).replace("&amp;", "&") if m else None


class Guest:
    """curl from one guest namespace."""

    def __init__(self, lab, n):
        self.lab = lab
        self.n = n
        self.mac = "02:00:00:00:01:%02x" % n
        self.ip = f"192.0.2.{10 + n}"

    def curl(self, url, data=None, headers=(), timeout=10):
        cmd = ["curl", "-s", "-i", "--max-time", str(timeout), "--noproxy", "*"]
        for h in headers:
            cmd += ["-H", h]
        if data is not None:
            cmd += ["--data-raw", data if isinstance(data, str) else urllib.parse.urlencode(data)]
        cmd.append(url)
        r = self.lab.in_ns(f"guest{self.n}", *cmd, check=False, timeout=timeout + 5)
        if r.returncode != 0:
            return Response(0, {}, r.stderr)
        return parse(r.stdout)

    def get(self, path="/", **kw):
        return self.curl(PORTAL + path, **kw)

    def post(self, path, fields, **kw):
        return self.curl(PORTAL + path, data=fields, **kw)

    def csrf(self):
        r = self.get("/")
        token = r.form_value("csrf")
        assert token, r.body
        return token

    def online(self):
        """Whether the web server on the internet answers (not the portal)."""
        r = self.curl(WEB, timeout=5)
        return r.status == 200 and "Welcome to the internet" in r.body


def parse(raw):
    # text mode turned CRLF into LF
    raw = raw.replace("\r\n", "\n")
    head, _, body = raw.partition("\n\n")
    lines = head.split("\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return Response(status, headers, body)


class GatewayDaemon(Daemon):
    """spotgated in the lab's gateway namespace with the data plane on lan0."""

    def __init__(self, lab, state_dir, config):
        super().__init__(state_dir, args=["--lan", "lan0", "--wan", "wan0"], config=config)
        self.lab = lab

    def command(self):
        return ["ip", "netns", "exec", self.lab.ns("gw")] + super().command()

    def wait_ready(self, timeout=15):
        super().wait_ready(timeout)
        # the admin socket opens before the data plane and the portal listener
        deadline = time.time() + timeout
        while "daemon: started" not in self.read_log():
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("spotgated did not start:\n" + self.read_log())
            time.sleep(0.05)

    def sms_codes(self):
        """Codes the log driver wrote: [(number, code)]."""
        return re.findall(r'sms: message to=(\+\d+) text="[^"]*?(\d{6})', self.read_log())


def write_config(path, **portal):
    lines = ["[portal]"] + [f"{k} = {v}" for k, v in portal.items()]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return str(path)


def webhook_sign(secret, body, ts=None):
    ts = str(int(time.time()) if ts is None else ts)
    sig = hmac.new(secret.encode(), f"{ts}.".encode() + body.encode(), hashlib.sha256).hexdigest()
    return ts, sig


def lab_fixture(prefix):
    """A module-scoped lab under prefix, torn down afterwards."""

    @pytest.fixture(scope="module")
    def lab():
        if os.geteuid() != 0:
            pytest.fail("the portal lab tests need root (network namespaces, BPF)")
        lab = Lab(prefix)
        lab.down()          # leftovers of an interrupted run
        lab.up()
        try:
            yield lab
        finally:
            lab.down()

    return lab


@pytest.fixture
def gateway(lab, tmp_path):
    """Factory: gateway(**portal_settings) -> a started GatewayDaemon; stopped afterwards."""
    daemons = []

    def start(**portal):
        lab.reset_gateway()
        d = GatewayDaemon(lab, tmp_path / f"gw{len(daemons)}", write_config(tmp_path / f"gw{len(daemons)}.ini",
                                                                            **portal))
        os.makedirs(d.state_dir, exist_ok=True)
        daemons.append(d)
        d.start()
        return d

    yield start
    for d in daemons:
        d.stop(signal.SIGTERM)
    lab.reset_gateway()


def add_plans(d):
    d.ctl("plan", "add", "--name", "Hour", "--measure", "time", "--time", "1h", "--price", "3.00",
          "--down", "10M", "--up", "2M", "--validity", "first-use:1d", "--portal", "yes")
    d.ctl("plan", "add", "--name", "Free", "--measure", "time", "--time", "30min", "--price", "0",
          "--down", "2M", "--up", "1M")


def vouchers(d, n=3, plan="Hour"):
    batch = d.ctl_json("voucher", "generate", "--plan", plan, "--count", n, "--length", "8", "--charset", "digits")
    items = d.ctl_json("voucher", "list", "--batch", batch["id"])["items"]
    return [v["code"] for v in items]


def voucher_login(guest, code, url=None, sig=None):
    token = guest.csrf()
    fields = {"csrf": token, "method": "voucher", "code": code}
    if url:
        fields.update(url=url, sig=sig)
    return guest.post("/login", fields)
