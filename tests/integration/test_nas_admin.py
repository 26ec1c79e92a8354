"""spotctl nas: RADIUS clients are added, listed, shown and removed; bad input
is refused with the field named and nothing stored."""
import json


def test_add_list_show_rm(daemon):
    r = daemon.ctl_json("nas", "add", "192.0.2.0/24", "--secret", "testing123", "--vendor", "mikrotik",
                        "--name", "lobby")
    assert r["address"] == "192.0.2.0/24"
    assert r["require_message_authenticator"] is True, "BlastRADIUS defaults on for new entries"
    assert r["limit_proxy_state"] is True
    assert r["coa_port"] == 3799
    assert "secret" not in r

    daemon.ctl("nas", "add", "2001:db8:1::7", "--secret", "s2", "--vendor", "chilli", "--coa-port", "4799",
               "--require-message-authenticator", "no", "--limit-proxy-state", "no")
    items = daemon.ctl_json("nas", "list")["items"]
    assert [(i["address"], i["vendor"]) for i in items] == [("192.0.2.0/24", "mikrotik"), ("2001:db8:1::7", "chilli")]
    assert all("secret" not in i for i in items)
    assert items[1]["coa_port"] == 4799 and items[1]["require_message_authenticator"] is False

    shown = daemon.ctl_json("nas", "show", "192.0.2.0/24")
    assert shown["secret"] == "testing123"

    daemon.ctl("nas", "rm", "2001:db8:1::7")
    daemon.ctl("nas", "rm", str(items[0]["id"]))
    assert daemon.ctl_json("nas", "list")["items"] == []
    assert daemon.ctl_json("status")["counts"]["nas_clients"] == 0


def test_bad_input_changes_nothing(daemon):
    cases = [
        (["192.0.2.5/24", "--secret", "x"], 1, "host bits set: did you mean 192.0.2.0/24?"),
        (["not-an-address", "--secret", "x"], 1, "is not an IPv4 or IPv6 address"),
        (["192.0.2.9", "--secret", "x", "--vendor", "cisco"], 1, "vendor must be one of generic, mikrotik, chilli"),
        (["192.0.2.9", "--secret", "x", "--coa-port", "70000"], 1, "coa_port must be between 1 and 65535"),
        (["192.0.2.9", "--secret", "x", "--coa-port", "abc"], 2, "--coa-port must be a whole number"),
        (["192.0.2.9", "--secret", "x", "--limit-proxy-state", "maybe"], 2, "must be yes or no"),
        (["192.0.2.9", "--secret", "x" * 129], 1, "secret is too long"),
        (["192.0.2.9"], 2, "--secret is required"),
        (["192.0.2.9", "--secret", "x", "--bogus", "1"], 2, "unknown option --bogus"),
    ]
    for args, code, message in cases:
        r = daemon.ctl("nas", "add", *args, check=False)
        assert r.returncode == code, (args, r.returncode, r.stderr)
        assert message in r.stderr, (args, r.stderr)
    assert daemon.ctl_json("nas", "list")["total"] == 0


def test_duplicate_and_missing(daemon):
    daemon.ctl("nas", "add", "198.51.100.7", "--secret", "a")
    r = daemon.ctl("nas", "add", "198.51.100.7/32", "--secret", "b", check=False)
    assert r.returncode == 1 and "already a NAS client" in r.stderr
    r = daemon.ctl("--json", "nas", "rm", "198.51.100.8", check=False)
    assert r.returncode == 1
    assert "no NAS client with address 198.51.100.8" in json.loads(r.stdout)["error"]["message"]
    r = daemon.ctl("nas", "rm", "42", check=False)
    assert r.returncode == 1 and "no NAS client with id 42" in r.stderr


def test_nas_help(daemon):
    r = daemon.ctl("nas", "help")
    assert "nas add ADDR|CIDR --secret S" in r.stdout
    assert daemon.ctl("nas", check=False).returncode == 2
    assert daemon.ctl("nas", "frobnicate", check=False).returncode == 2
