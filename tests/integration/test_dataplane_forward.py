"""forward = bpf: an authorized client's packets are routed by the tc programs past the
gateway's IP stack, uploads by the LAN's ingress program straight out of wan0, downloads
by the WAN's ingress program straight into lan0 (where the LAN's egress program still
counts them); what they cannot finish goes up the stack.

A counter rule in the gateway's netfilter forward hook shows which way each packet
went: the stack's way passes it, the programs' way does not."""
import json
import os
import subprocess

import pytest

from dataplane_lab import GUEST_MAC, GUEST_IP, INTERNET_PAGE, GatewayDaemon, Lab, wait_until

INET_V6 = "2001:db8:2::2"       # the test gives the WAN side IPv6 (the lab has it on the LAN)
GW_WAN_V6 = "2001:db8:2::1"
GUEST_V6 = "2001:db8:1::11"

NFT = """
table inet sgfwd {
    chain through {
        type filter hook forward priority 0; policy accept;
        iifname "lan0" counter comment "up"
        oifname "lan0" counter comment "down"
        oifname "lan0" udp dport 9999 counter comment "probe down"
    }
}
"""

# Waits up to 5 s for one datagram and prints its length and the TTL / hop limit it arrived with.
RECEIVER = """
import socket, sys
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
if fam == socket.AF_INET:
    s.setsockopt(socket.IPPROTO_IP, 12, 1)      # IP_RECVTTL
else:
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVHOPLIMIT, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.settimeout(5)
print("ready", flush=True)
try:
    data, anc, _, _ = s.recvmsg(65536, 64)
except socket.timeout:
    sys.exit(0)                                     # nothing came: prints nothing
print(len(data), int.from_bytes(anc[0][2][:4], sys.byteorder), flush=True)
"""

# Sends one datagram of N bytes, unfragmented by the sender (no DF: a router may split it).
SENDER = """
import socket, sys
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
if fam == socket.AF_INET:
    s.setsockopt(socket.IPPROTO_IP, 10, 0)      # IP_MTU_DISCOVER = IP_PMTUDISC_DONT
s.sendto(b"x" * int(sys.argv[3]), (sys.argv[1], int(sys.argv[2])))
"""


@pytest.fixture(scope="module")
def lab():
    lab = Lab("f", guests=2)
    try:
        lab.up()
        with open(lab.config, "a") as f:
            f.write("forward = bpf\nwan = wan0\n")
        inet = lab.prefix + "inet"
        lab.ns(lab.gw, "ip", "-6", "addr", "add", GW_WAN_V6 + "/64", "dev", "wan0", "nodad", check=True)
        lab.ns(inet, "ip", "-6", "addr", "add", INET_V6 + "/64", "dev", "eth0", "nodad", check=True)
        lab.ns(inet, "ip", "-6", "route", "add", "2001:db8:1::/64", "via", GW_WAN_V6, check=True)
        p = subprocess.run(["ip", "netns", "exec", lab.gw, "nft", "-f", "-"], input=NFT,
                           text=True, capture_output=True)
        assert p.returncode == 0, p.stderr
        yield lab
    finally:
        lab.down()


@pytest.fixture(scope="module")
def gw(lab, tmp_path_factory):
    d = GatewayDaemon(lab, tmp_path_factory.mktemp("state"))
    try:
        d.start()
        d.ctl("client", "authorize", GUEST_MAC % 1, "--ip", f"{GUEST_IP % 11},{GUEST_V6}")
        yield d
    finally:
        d.stop()


def nft_counters(lab):
    """{"up": packets, "down": packets, "probe down": packets} of the gateway's
    forward-hook counters; the probe counts only the tests' datagrams to guests (port
    9999), not what an earlier test's connections still send (a cut download's
    server retransmits for a while)."""
    out = lab.ns(lab.gw, "nft", "-j", "list", "table", "inet", "sgfwd", check=True).stdout
    counts = {}
    for item in json.loads(out)["nftables"]:
        rule = item.get("rule")
        if rule:
            counts[rule["comment"]] = next(e["counter"]["packets"] for e in rule["expr"] if "counter" in e)
    return counts


def udp_between(lab, sender, receiver, addr, size=100):
    """Namespace sender sends one datagram to addr:9999, on which namespace receiver
    listens; returns (bytes, TTL or hop limit) as it arrived, or None."""
    rx = subprocess.Popen(["ip", "netns", "exec", receiver, "/usr/bin/python3", "-c", RECEIVER, addr, "9999"],
                          stdout=subprocess.PIPE, text=True)
    try:
        assert rx.stdout.readline().strip() == "ready"
        lab.ns(sender, "/usr/bin/python3", "-c", SENDER, addr, "9999", size, check=True)
        line = rx.stdout.readline().split()
        rx.wait(10)
        return (int(line[0]), int(line[1])) if len(line) == 2 else None
    finally:
        if rx.poll() is None:
            rx.kill()
            rx.wait()


def udp_through(lab, k, addr, size=100):
    """Guest k to addr in the internet namespace."""
    return udp_between(lab, lab.guest(k), lab.prefix + "inet", addr, size)


def udp_to_guest(lab, k, addr, size=100):
    """The internet namespace to guest k's address addr."""
    return udp_between(lab, lab.prefix + "inet", lab.guest(k), addr, size)


def test_authorized_traffic_is_routed_past_the_stack(lab, gw):
    mac = GUEST_MAC % 1
    rc, body = lab.curl(1, "http://203.0.113.10/")     # resolves the neighbours
    assert rc == 0 and INTERNET_PAGE in body
    c0, n0, before = gw.client(mac), nft_counters(lab), lab.link_stats(1)
    lab.iperf(1, "-n", "2M")                            # 2 MB up
    lab.iperf(1, "-n", "2M", "-R")                      # 2 MB down
    rc, body = lab.curl(1, "http://203.0.113.10/")
    assert rc == 0 and INTERNET_PAGE in body
    sent, received = lab.ip_bytes(before, lab.quiet_link_stats(1))
    c1, n1 = gw.client(mac), nft_counters(lab)
    # both ways went past the stack: not one packet through the forward hook
    assert n1["up"] == n0["up"], (n0, n1)
    assert n1["down"] == n0["down"], (n0, n1)
    # and both were counted, to the byte the guest's link carried: the LAN's egress
    # program saw the routed downloads (iperf3 may end an upload before all of its
    # 2 MB crossed, so the link, not the 2 MB, is the measure)
    assert sent > 1_000_000 and received > 1_000_000
    assert abs(c1["bytes_up"] - c0["bytes_up"] - sent) <= 0.01 * sent, (c0, c1, sent)
    assert abs(c1["bytes_down"] - c0["bytes_down"] - received) <= 0.01 * received, (c0, c1, received)


def test_ttl_is_lowered_and_its_last_hop_answered(lab, gw):
    assert udp_through(lab, 1, "203.0.113.10") == (100, 63)      # sent with 64
    assert udp_to_guest(lab, 1, GUEST_IP % 11) == (100, 63)
    # TTL 1 cannot be forwarded: the stack answers with Time Exceeded
    r = lab.ns(lab.guest(1), "ping", "-c", "1", "-W", "2", "-t", "1", "203.0.113.10")
    assert "Time to live exceeded" in r.stdout, r.stdout
    assert lab.ping(1, "203.0.113.10")


def test_ipv6_is_routed_past_the_stack(lab, gw):
    assert lab.ns(lab.guest(1), "ping", "-6", "-c", "1", "-W", "2", INET_V6).returncode == 0
    n0 = nft_counters(lab)
    assert udp_through(lab, 1, INET_V6) == (100, 63)
    assert udp_to_guest(lab, 1, GUEST_V6) == (100, 63)
    assert nft_counters(lab) == n0


def test_packets_over_the_mtu_go_to_the_stack(lab, gw):
    # wan0's MTU below the datagram: the program leaves it to the stack, which
    # fragments it (the sender did not set DF); sent out whole, veth would drop it
    lab.ns(lab.gw, "ip", "link", "set", "wan0", "mtu", "1280", check=True)
    try:
        n0 = nft_counters(lab)
        assert udp_through(lab, 1, "203.0.113.10", size=1400) == (1400, 63)
        assert nft_counters(lab)["up"] > n0["up"]
    finally:
        lab.ns(lab.gw, "ip", "link", "set", "wan0", "mtu", "1500", check=True)


def test_the_gateway_itself_and_unauthorized_clients_as_before(lab, gw):
    assert lab.ping(1, "192.0.2.1")                     # the gateway's own address
    assert lab.reaches_portal(2, "http://203.0.113.10/")
    assert udp_through(lab, 2, "203.0.113.10") is None
    # a download to a guest who is not logged in is the stack's to route, and the
    # LAN's egress program drops it there, as before (the gateway knows its MAC now)
    assert GUEST_MAC % 2 in lab.ns(lab.gw, "ip", "neigh", "show", "dev", "lan0").stdout
    n0 = nft_counters(lab)
    assert udp_to_guest(lab, 2, GUEST_IP % 12) is None
    assert nft_counters(lab)["probe down"] == n0["probe down"] + 1
    assert "forward=bpf" in gw.read_log() and "wan=wan0" in gw.read_log()


def test_routed_downloads_keep_the_rate_limit(lab, gw):
    mac = GUEST_MAC % 1
    gw.ctl("client", "authorize", mac, "--ip", f"{GUEST_IP % 11},{GUEST_V6}", "--down", "2M")
    try:
        n0 = nft_counters(lab)
        res = lab.iperf(1, "-t", "10", "-O", "2", "-R", timeout=40)  # as in test_dataplane_limits
        rate = res["end"]["sum_received"]["bits_per_second"]
        assert 1.8e6 <= rate <= 2.2e6, f"{rate / 1e6:.3f} Mbit/s"
        assert nft_counters(lab)["down"] == n0["down"]      # all of it routed in BPF
    finally:
        gw.ctl("client", "authorize", mac, "--ip", f"{GUEST_IP % 11},{GUEST_V6}")


def test_routed_downloads_stop_at_the_quota(lab, gw):
    mac = GUEST_MAC % 1
    with open(os.path.join(lab.env["LAB_DIR"], "www", "big.bin"), "wb") as f:
        f.write(os.urandom(3_000_000))
    gw.ctl("client", "authorize", mac, "--ip", f"{GUEST_IP % 11},{GUEST_V6}", "--quota", "1MB")
    try:
        n0 = nft_counters(lab)
        r = lab.ns(lab.guest(1), "curl", "-s", "-m", "4", "-o", "/dev/null", "http://203.0.113.10/big.bin")
        assert r.returncode != 0, "the download must be cut"
        c = wait_until(lambda: (lambda c: c if c["status"] == "quota" else None)(gw.client(mac)))
        assert c, gw.client(mac)
        used = c["bytes_up"] + c["bytes_down"]
        assert 1_000_000 <= used < 1_000_000 + 65536, used     # one superpacket over at most
        # the download came past the stack until the stop; what the server sent after
        # it was still routed in BPF and dropped by the LAN's egress program
        assert nft_counters(lab)["down"] == n0["down"]
        assert gw.client(mac)["bytes_down"] == c["bytes_down"]
    finally:
        gw.ctl("client", "authorize", mac, "--ip", f"{GUEST_IP % 11},{GUEST_V6}")


def test_forward_stack_takes_the_wan_program_off(lab, gw):
    # the WAN program's tcx link is pinned beside the maps (bpftool 7.1 cannot list tcx)
    link = os.path.join(lab.pin_root, "tcx_ingress_wan0")
    assert os.path.exists(link)
    with open(lab.config) as f:
        text = f.read()
    with open(lab.config, "w") as f:
        f.write(text.replace("forward = bpf\n", "forward = stack\n"))
    try:
        gw.stop()
        gw.start()
        assert not os.path.exists(link)
        n0 = nft_counters(lab)
        assert udp_to_guest(lab, 1, GUEST_IP % 11) == (100, 63)
        assert nft_counters(lab)["probe down"] == n0["probe down"] + 1
    finally:
        with open(lab.config, "w") as f:
            f.write(text)
