"""The way a packet takes to a published port, and what a container's bind mounts and tmpfs are.

Pure: from the container's inspect document plus, when the daemon runs on this machine, what
tui/engine/netpath.py read from /proc (the docker-proxy process and its arguments, dockerd's own
flags, the container's mountinfo) and /sys (the bridge and the veth pair).

client → host address:port → docker-proxy (a userland process dockerd starts per published
port) and/or a NAT rule (iptables DNAT in the DOCKER chain) → the network's bridge → the veth
pair → the container's address:port.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

from .sanitize import clean, clean_name


@dataclass(frozen=True, slots=True)
class PortPath:
    container_port: str  # "80/tcp"
    host_ip: str = ""  # "" or 0.0.0.0: every address of the host
    host_port: str = ""
    network: str = ""
    container_ip: str = ""
    bridge: str = ""  # the network's Linux bridge (br-…, docker0)
    veth: str = ""  # the host end of the container's veth pair
    proxy_pid: int = 0  # docker-proxy serving this port (0: none found)
    proxy_args: str = ""
    nat: str = "unknown"  # disabled (--iptables=false), rule, none, unknown, remote
    nat_rule: str = ""
    local: bool = False
    userland_proxy: bool | None = None  # dockerd --userland-proxy (None: not known)
    netns: str = ""  # dockerd's network namespace when it is not this process's (/proc/<pid>/ns/net)


@dataclass(frozen=True, slots=True)
class DaemonFlags:
    iptables: bool | None = None  # None: not known
    userland_proxy: bool | None = None


def paths_from_inspect(raw: Mapping[str, Any]) -> tuple[PortPath, ...]:
    """One PortPath per published (bound) host port, with the container's address on its first network."""
    settings = raw.get("NetworkSettings") or {}
    networks = settings.get("Networks") or {}
    net_name, ip = "", ""
    for name, net in networks.items():
        if (net or {}).get("IPAddress"):
            net_name, ip = clean_name(name), clean(str(net["IPAddress"]))
            break
    out = []
    for port, bindings in sorted((settings.get("Ports") or {}).items()):
        for b in bindings or ():
            out.append(PortPath(clean(str(port)), clean(str(b.get("HostIp") or "")), clean(str(b.get("HostPort") or "")), net_name, ip))
    return tuple(out)


def proxy_args(argv: Sequence[str]) -> dict[str, str]:
    """docker-proxy -proto tcp -host-ip 127.0.0.1 -host-port 8080 -container-ip 10.0.0.2 -container-port 80."""
    out = {}
    items = list(argv)
    for i, word in enumerate(items):
        if word.startswith("-") and i + 1 < len(items) and not items[i + 1].startswith("-"):
            out[word.lstrip("-")] = items[i + 1]
    return out


def daemon_flags(argv: Sequence[str], config: Mapping[str, Any] | None = None) -> DaemonFlags:
    """--iptables and --userland-proxy from dockerd's command line, else its daemon.json, else the default (true)."""
    values: dict[str, str] = {}
    items = list(argv)
    for i, word in enumerate(items):
        for flag in ("--iptables", "--userland-proxy"):
            if word == flag:
                nxt = items[i + 1] if i + 1 < len(items) else ""
                values[flag] = nxt if nxt in ("true", "false") else "true"
            elif word.startswith(flag + "="):
                values[flag] = word.split("=", 1)[1]

    def flag(name: str) -> bool:
        if name in values:
            return values[name].lower() != "false"
        key = name.lstrip("-")
        if config and key in config:
            return bool(config[key])
        return True

    return DaemonFlags(flag("--iptables"), flag("--userland-proxy"))


def with_proxies(paths: Sequence[PortPath], proxies: Sequence[tuple[int, Sequence[str]]]) -> tuple[PortPath, ...]:
    """Attach the docker-proxy process serving each path (same host port, container address and port)."""
    out = []
    for p in paths:
        number, _, proto = p.container_port.partition("/")
        found = None
        for pid, argv in proxies:
            a = proxy_args(argv)
            if a.get("host-port") == p.host_port and a.get("container-port") == number and a.get("proto", "tcp") == (proto or "tcp") \
                    and (not p.container_ip or a.get("container-ip") == p.container_ip):
                found = (pid, " ".join(clean(w) for w in argv))
                break
        out.append(replace(p, proxy_pid=found[0], proxy_args=found[1]) if found else p)
    return tuple(out)


def with_nat(paths: Sequence[PortPath], flags: DaemonFlags | None, rules: Sequence[str] | None) -> tuple[PortPath, ...]:
    """NAT: disabled when dockerd runs with --iptables=false; else the DNAT rule for the port, if the table was read."""
    out = []
    for p in paths:
        if flags is not None and flags.iptables is False:
            out.append(replace(p, nat="disabled"))
            continue
        if rules is None:
            out.append(replace(p, nat="unknown"))
            continue
        number = p.container_port.split("/")[0]
        rule = next((r for r in rules if "DNAT" in r and f"--dport {p.host_port}" in r and f"{p.container_ip}:{number}" in r), "")
        out.append(replace(p, nat="rule" if rule else "none", nat_rule=clean(rule)))
    return tuple(out)


# Bind mounts and tmpfs, with what the kernel says about them


@dataclass(frozen=True, slots=True)
class MountFact:
    kind: str  # bind, tmpfs, volume
    destination: str
    source: str = ""
    rw: bool = True
    name: str = ""
    options: str = ""  # from inspect (tmpfs size, mode)
    fstype: str = ""  # from /proc/<pid>/mountinfo
    mount_source: str = ""  # the mountinfo "root" (the host path that is mounted) or the device
    mount_options: str = ""  # the kernel's per-mount options (rw,nosuid,…,size=…)
    owner_uid: int | None = None  # who owns the host path (bind)
    seen: bool = False  # found in mountinfo
    pid: int = 0  # the process whose mountinfo was read


def parse_mountinfo(text: str) -> dict[str, tuple[str, str, str, str]]:
    """mount point -> (root, fstype, source, options: mount options + super options)."""
    out = {}
    for line in text.splitlines():
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) < 6 or len(tail) < 2:
            continue
        point = _unescape(fields[4])
        out[point] = (_unescape(fields[3]), tail[0], _unescape(tail[1]), fields[5] + ("," + tail[2] if len(tail) > 2 else ""))
    return out


def _unescape(text: str) -> str:
    return clean(text.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\"))


def mount_facts(mounts, mountinfo: Mapping[str, tuple[str, str, str, str]] | None, owners: Mapping[str, int] | None = None,
                pid: int = 0) -> tuple[MountFact, ...]:
    """``mounts``: unionfs.MountPoint (from inspect); ``mountinfo``: parse_mountinfo of /proc/<pid>/mountinfo."""
    out = []
    for m in mounts:
        fact = MountFact(m.kind, m.destination, m.source, m.rw, m.name, m.options, owner_uid=(owners or {}).get(m.source))
        info = (mountinfo or {}).get(m.destination)
        if info is not None:
            root, fstype, source, options = info
            fact = replace(fact, fstype=fstype, mount_source=root if fstype != "tmpfs" else source, mount_options=options, seen=True, pid=pid)
        out.append(fact)
    return tuple(out)
