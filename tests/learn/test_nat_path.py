"""Issue 18: the port card's NAT rule and userland-proxy state, proven against a real dockerd
that runs WITH iptables. The bed's own dockerds run --iptables=false (they must not touch the
host's tables), so `scripts/testbed up-nat` starts one inside a network namespace of its own:
its NAT rules live only there. The card is read by the real app run inside that namespace
(tests/learn/nat_card_probe.py), and the host's iptables must be the same before and after."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import docker
import pytest

from tests.remote.conftest import bed_var
from tests.support.daemon import TEST_IMAGE, new_prefix

pytestmark = pytest.mark.daemon

REPO = Path(__file__).resolve().parents[2]


def _testbed(*args: str) -> dict[str, str]:
    out = subprocess.run([str(REPO / "scripts" / "testbed"), *args], check=True, capture_output=True, text=True, timeout=120).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def _host_tables() -> list[str]:
    """The host's iptables rules (every table), without the timestamps and packet counters."""
    out = subprocess.run(["iptables-save"], check=True, capture_output=True, text=True, timeout=30).stdout
    return [re.sub(r"\[\d+:\d+\]", "", line) for line in out.splitlines() if not line.startswith("#")]


def _in_ns(ns: str, *argv: str, env: dict | None = None, timeout: float = 30) -> str:
    done = subprocess.run(["ip", "netns", "exec", ns, *argv], capture_output=True, text=True, timeout=timeout, env=env)
    assert done.returncode == 0, (argv, done.stdout[-2000:], done.stderr[-4000:])
    return done.stdout


@pytest.fixture(scope="module")
def nat_bed():
    before = _host_tables()
    if not os.environ.get("DOCKYARD_TEST_NAT_HOST"):
        os.environ.update(_testbed("up-nat", bed_var("DOCKYARD_TESTBED_DIR")))
    client = docker.APIClient(base_url=os.environ["DOCKYARD_TEST_NAT_HOST"], version="auto", timeout=30)
    yield client, os.environ["DOCKYARD_TEST_NAT_NETNS"], before
    client.close()


def _dockerd_argv(pidfile: str) -> list[str]:
    pid = open(pidfile).read().strip()
    return [w.decode() for w in open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0") if w]


def test_port_card_shows_the_real_dnat_rule_and_the_userland_proxy(nat_bed):
    client, ns, before = nat_bed
    argv = _dockerd_argv(os.environ["DOCKYARD_TEST_NAT_PIDFILE"])
    assert "--iptables=true" in argv and "--userland-proxy=true" in argv  # the daemon really runs with both
    name = new_prefix() + "natweb"
    hc = client.create_host_config(port_bindings={80: ("127.0.0.1",)})
    cid = client.create_container(TEST_IMAGE, ["httpd", "-f", "-vv", "-p", "80"], name=name, ports=[80], host_config=hc)["Id"]
    try:
        client.start(cid)
        raw = client.inspect_container(cid)
        hport = raw["NetworkSettings"]["Ports"]["80/tcp"][0]["HostPort"]
        ip = raw["NetworkSettings"]["IPAddress"]
        gateway = raw["NetworkSettings"]["Gateway"]
        # What the kernel of that namespace holds, read by the test itself.
        rules = _in_ns(ns, "iptables", "-w", "5", "-t", "nat", "-S", "DOCKER").splitlines()
        [rule] = [r for r in rules if "DNAT" in r and f"--dport {hport} " in r]
        assert rule.endswith(f"--to-destination {ip}:80"), rule
        env = {**os.environ, "DOCKER_HOST": os.environ["DOCKYARD_TEST_NAT_HOST"], "PYTHONPATH": str(REPO),
               "XDG_CONFIG_HOME": str(REPO / ".tmp" / "nat-probe-config")}
        seen = {}
        for lang in ("en", "ko"):
            out = _in_ns(ns, sys.executable, "-m", "tests.learn.nat_card_probe", cid, lang, env=env, timeout=180)
            seen[lang] = json.loads(out.strip().splitlines()[-1])
        [port] = seen["en"]["ports"]
        assert port["nat"] == "rule" and port["nat_rule"] == rule, port
        assert port["userland_proxy"] is True
        # docker-proxy: the process the card names serves this port (found in /proc by the test too)
        proxy = [w.decode() for w in open(f"/proc/{port['proxy_pid']}/cmdline", "rb").read().split(b"\0") if w]
        assert os.path.basename(proxy[0]) == "docker-proxy" and proxy[proxy.index("-host-port") + 1] == hport
        # bridge and veth: the namespace's own, read through its /sys
        assert port["bridge"].startswith("dynat") and port["veth"].startswith("veth"), port
        card = seen["en"]["card"]
        assert f"client → 127.0.0.1:{hport} (host port) → docker-proxy pid {port['proxy_pid']} → bridge {port['bridge']} → veth {port['veth']} → {ip}:80/tcp" in card
        assert f"NAT rule (iptables -t nat -S DOCKER): {rule}" in card
        assert "Userland proxy: on" in card and "--iptables=false" not in card
        ko = seen["ko"]["card"]
        assert f"NAT 규칙 (iptables -t nat -S DOCKER): {rule}" in ko and "userland proxy: 켜짐" in ko and f"(대상 127.0.0.1:{hport})" in ko
        # What the card says of loopback is what happens: a connection to 127.0.0.1 from inside the
        # namespace reaches httpd from the bridge's own address (docker-proxy), not from 127.0.0.1.
        subprocess.run(["ip", "netns", "exec", ns, "busybox", "wget", "-q", "-O", "/dev/null", f"http://127.0.0.1:{hport}/"],
                       capture_output=True, timeout=30)  # 404 is fine: the connection is what counts
        deadline = time.monotonic() + 20
        while f"{gateway}]" not in client.logs(cid).decode() and time.monotonic() < deadline:
            time.sleep(0.2)
        log = client.logs(cid).decode()
        assert f"{gateway}]" in log and "127.0.0.1]" not in log, log
    finally:
        client.remove_container(cid, force=True)
    assert _host_tables() == before, "the host's iptables changed"


async def test_from_another_namespace_the_card_reads_the_rule_in_dockerds_and_says_so(nat_bed, make_app, until, monkeypatch):
    """Dockyard in the host's namespace, the daemon in its own: the rule is read in dockerd's
    namespace (nsenter --net=/proc/<dockerd>/ns/net), the card says where, and shows no bridge or
    veth rather than a host link that happens to have the same ifindex."""
    from tui.screens.learn.concept import ConceptScreen

    client, ns, before = nat_bed
    name = new_prefix() + "natweb2"
    hc = client.create_host_config(port_bindings={80: ("127.0.0.1",)})
    cid = client.create_container(TEST_IMAGE, ["httpd", "-f", "-p", "80"], name=name, ports=[80], host_config=hc)["Id"]
    try:
        client.start(cid)
        hport = client.inspect_container(cid)["NetworkSettings"]["Ports"]["80/tcp"][0]["HostPort"]
        [rule] = [r for r in _in_ns(ns, "iptables", "-w", "5", "-t", "nat", "-S", "DOCKER").splitlines() if f"--dport {hport} " in r]
        pid = open(os.environ["DOCKYARD_TEST_NAT_PIDFILE"]).read().strip()
        monkeypatch.setenv("DOCKER_HOST", os.environ["DOCKYARD_TEST_NAT_HOST"])
        app = make_app()
        async with app.run_test(size=(160, 45)) as pilot:
            await until(pilot, lambda: app.state.synced and cid in app.state.containers, timeout=30, what="listed")
            app.control.nav.open_learn("concept", "containers", app.state.containers[cid], concept="port")
            await until(pilot, lambda: isinstance(app.screen, ConceptScreen) and app.screen.ports is not None, timeout=30, what="the port path")
            [port] = app.screen.ports
            text = app.screen.card()
        assert port.nat == "rule" and port.nat_rule == rule and port.netns == f"/proc/{pid}/ns/net", port
        assert port.bridge == "" and port.veth == "" and port.proxy_pid > 0
        assert f"network namespace of its own (/proc/{pid}/ns/net)" in text and f"NAT rule (iptables -t nat -S DOCKER): {rule}" in text
    finally:
        client.remove_container(cid, force=True)
    assert _host_tables() == before, "the host's iptables changed"


def test_port_card_says_when_the_userland_proxy_is_off_or_the_only_path():
    from tui.domain.port_path import PortPath, daemon_flags
    from tui.screens.learn.concept import port_lines

    base = PortPath("80/tcp", "127.0.0.1", "8080", "bridge", "10.0.0.2", local=True)
    assert daemon_flags(["dockerd", "--userland-proxy=false"]).userland_proxy is False
    off = port_lines("web", [PortPath(**{**_fields(base), "nat": "rule", "userland_proxy": False})], "en")[0]
    assert "Userland proxy: off" in off and "hairpin" in off
    only = port_lines("web", [PortPath(**{**_fields(base), "nat": "disabled", "userland_proxy": True})], "en")[0]
    assert "--iptables=false" in only and "Userland proxy" not in only  # with no NAT the proxy alone carries it: said once


def _fields(p):
    import dataclasses

    return {f.name: getattr(p, f.name) for f in dataclasses.fields(p)}
