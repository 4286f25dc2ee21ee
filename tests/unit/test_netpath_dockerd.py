"""tui/engine/netpath.py finds the dockerd behind a container's ports on a machine with several
daemons: the parent of the docker-proxy serving THIS container, not of any docker-proxy (CI
ran the NAT card beside other test beds' daemons, whose `--iptables=false` it then reported)."""

from __future__ import annotations

from pathlib import Path

from tui.engine.endpoint import resolve
from tui.engine import netpath


def _process(proc: Path, pid: int, argv: list[str], ppid: int = 1) -> None:
    d = proc / str(pid)
    d.mkdir(parents=True)
    (d / "cmdline").write_bytes(b"\0".join(w.encode() for w in argv) + b"\0")
    (d / "status").write_text(f"Name:\t{Path(argv[0]).name}\nPPid:\t{ppid}\n")


class _Client:
    def __init__(self, raw):
        self.raw = raw

    def inspect_container(self, cid):
        return self.raw


def test_port_paths_report_this_daemons_flags_not_the_first_proxys(tmp_path, monkeypatch):
    proc = tmp_path / "proc"
    _process(proc, 100, ["/usr/sbin/dockerd", "-H", "unix:///tmp/other.sock", "--iptables=false"])
    _process(proc, 200, ["/usr/sbin/dockerd", "-H", "unix:///tmp/ours.sock", "--iptables=true"])
    _process(proc, 101, ["/usr/bin/docker-proxy", "-proto", "tcp", "-host-ip", "127.0.0.1", "-host-port", "32770",
                         "-container-ip", "10.1.0.2", "-container-port", "80"], ppid=100)
    _process(proc, 201, ["/usr/bin/docker-proxy", "-proto", "tcp", "-host-ip", "127.0.0.1", "-host-port", "32769",
                         "-container-ip", "10.2.0.2", "-container-port", "80"], ppid=200)
    raw = {"NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "32769"}]}, "IPAddress": "10.2.0.2",
                               "Networks": {"bridge": {"IPAddress": "10.2.0.2"}}}, "State": {"Pid": 0}}
    order = [100, 101, 200, 201]  # the other daemon's proxy first, as /proc listed it in CI
    monkeypatch.setattr(netpath, "_processes", lambda p: [(pid, netpath._argv(pid, p)) for pid in order])
    monkeypatch.setattr(netpath, "_nat_rules", lambda netns="": ["-A DOCKER -d 127.0.0.1/32 -p tcp -m tcp --dport 32769 -j DNAT --to-destination 10.2.0.2:80"])
    endpoint = resolve(host="unix:///tmp/elsewhere.sock", env={})
    [path] = netpath.port_paths(_Client(raw), endpoint, "c1", proc=str(proc))
    assert path.nat == "rule", path
