"""Reads for the port path and the mount cards: inspect, and on this machine /proc (docker-proxy
processes, dockerd's flags, the container's mountinfo), /sys (bridge, veth) and, when iptables
is on, the NAT table (`iptables -t nat -S DOCKER`, read-only).

Blocking: call from worker threads. Anything local that cannot be read is left out and the card
says so; nothing here changes the host.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace
from typing import TYPE_CHECKING

from ..domain import port_path as model, unionfs
from .endpoint import Endpoint
from .introspect import _guard

if TYPE_CHECKING:
    import docker


def _argv(pid: int | str, proc: str) -> list[str]:
    try:
        with open(os.path.join(proc, str(pid), "cmdline"), "rb") as f:
            return [w.decode("utf-8", "replace") for w in f.read().split(b"\0") if w]
    except OSError:
        return []


def _ppid(pid: int, proc: str) -> int:
    try:
        with open(os.path.join(proc, str(pid), "status")) as f:
            for line in f:
                if line.startswith("PPid:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _processes(proc: str):
    for name in os.listdir(proc):
        if name.isdigit():
            argv = _argv(name, proc)
            if argv:
                yield int(name), argv


def _dockerd(endpoint: Endpoint, proxies, proc: str) -> tuple[int, list[str]]:
    """(pid, argv) of dockerd: the parent of a docker-proxy serving this container's ports, else
    the dockerd listening on our socket, else the only dockerd. Not any proxy's parent: with
    several daemons on the machine that was another daemon's flags (the NAT card then said
    "--iptables=false" of a daemon that runs with iptables)."""
    for pid, _ in proxies:
        ppid = _ppid(pid, proc)
        parent = _argv(ppid, proc)
        if parent and os.path.basename(parent[0]) == "dockerd":
            return ppid, parent
    socket = endpoint.host.replace("unix://", "") if endpoint.host.startswith("unix://") else ""
    candidates = [(pid, argv) for pid, argv in _processes(proc) if argv and os.path.basename(argv[0]) == "dockerd"]
    for pid, argv in candidates:
        if socket and any(socket in w for w in argv):
            return pid, argv
    return candidates[0] if len(candidates) == 1 else (0, [])


def _other_netns(pid: int, proc: str) -> str:
    """The path of dockerd's network namespace when it is not ours ("" when it is, or unknown)."""
    if pid <= 0:
        return ""
    try:
        theirs = os.readlink(os.path.join(proc, str(pid), "ns", "net"))
        ours = os.readlink(os.path.join(proc, "self", "ns", "net"))
    except OSError:
        return ""
    return os.path.join(proc, str(pid), "ns", "net") if theirs != ours else ""


def _daemon_json(argv: list[str]) -> dict:
    path = "/etc/docker/daemon.json"
    for i, word in enumerate(argv):
        if word == "--config-file" and i + 1 < len(argv):
            path = argv[i + 1]
        elif word.startswith("--config-file="):
            path = word.split("=", 1)[1]
    try:
        with open(path) as f:
            data = json.load(f)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _nat_rules(netns: str = "") -> list[str] | None:
    """`iptables -t nat -S DOCKER` (read-only); in dockerd's own network namespace when it runs in
    another one (nsenter --net: needs root, else None: "not read")."""
    exe = shutil.which("iptables")
    if not exe:
        return None
    argv = [exe, "-w", "2", "-t", "nat", "-S", "DOCKER"]
    if netns:
        nsenter = shutil.which("nsenter")
        if not nsenter:
            return None
        argv = [nsenter, f"--net={netns}", *argv]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.splitlines() if done.returncode == 0 else None


def _veth(pid: int, proc: str, sys_net: str = "/sys/class/net") -> tuple[str, str]:
    """(host veth, its bridge) for the container's eth0: its iflink is the peer's ifindex on the host."""
    try:
        with open(os.path.join(proc, str(pid), "root", "sys", "class", "net", "eth0", "iflink")) as f:
            peer = f.read().strip()
        for name in os.listdir(sys_net):
            try:
                with open(os.path.join(sys_net, name, "ifindex")) as f:
                    if f.read().strip() != peer:
                        continue
            except OSError:
                continue
            master = os.path.join(sys_net, name, "master")
            bridge = os.path.basename(os.readlink(master)) if os.path.islink(master) else ""
            return name, bridge
    except OSError:
        pass
    return "", ""


def port_paths(client: docker.APIClient, endpoint: Endpoint, cid: str, proc: str = "/proc") -> tuple[model.PortPath, ...]:
    raw = _guard(endpoint, client.inspect_container, cid)
    paths = model.paths_from_inspect(raw)
    if not endpoint.is_local:
        return tuple(replace(p, nat="remote") for p in paths)
    proxies = [(pid, argv) for pid, argv in _processes(proc) if os.path.basename(argv[0]) == "docker-proxy"]
    paths = model.with_proxies(paths, proxies)
    serving = {p.proxy_pid for p in paths if p.proxy_pid}
    dockerd_pid, dockerd = _dockerd(endpoint, [(pid, argv) for pid, argv in proxies if pid in serving], proc)
    flags = model.daemon_flags(dockerd, _daemon_json(dockerd)) if dockerd else None
    netns = _other_netns(dockerd_pid, proc)
    rules = None if (flags is not None and flags.iptables is False) else _nat_rules(netns)
    paths = model.with_nat(paths, flags, rules)
    if netns:
        paths = tuple(replace(p, netns=netns) for p in paths)
    pid = int(((raw.get("State") or {}).get("Pid")) or 0)
    # An ifindex means something only in its own namespace: from another one, a match would be a stranger's link.
    veth, bridge = _veth(pid, proc) if pid > 0 and not netns else ("", "")
    userland = flags.userland_proxy if flags is not None else None
    return tuple(replace(p, veth=veth, bridge=bridge, local=True, userland_proxy=userland) for p in paths)


def mount_facts(client: docker.APIClient, endpoint: Endpoint, cid: str, proc: str = "/proc") -> tuple[model.MountFact, ...]:
    raw = _guard(endpoint, client.inspect_container, cid)
    mounts = unionfs.mounts_from_inspect(raw)
    if not endpoint.is_local:
        return model.mount_facts(mounts, None)
    pid = int(((raw.get("State") or {}).get("Pid")) or 0)
    info = None
    if pid > 0:
        try:
            with open(os.path.join(proc, str(pid), "mountinfo")) as f:
                info = model.parse_mountinfo(f.read())
        except OSError:
            info = None
    owners = {}
    for m in mounts:
        if m.kind == "bind" and m.source:
            try:
                owners[m.source] = os.stat(m.source).st_uid
            except OSError:
                continue
    return model.mount_facts(mounts, info, owners, pid)
