"""What makes a process a container: namespaces, cgroup limits, capabilities, security profiles.

Pure: built from a container's inspect document plus, when the daemon is local, the namespace
link targets (``/proc/<pid>/ns/*``) and cgroup readings that tui.engine.introspect collects.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

from .sanitize import clean_name

NAMESPACES = ("pid", "net", "mnt", "uts", "ipc", "user", "cgroup", "time")
# HostConfig field holding each namespace's mode ("host", "container:<id>", "private", …).
_MODE_FIELDS = {"pid": "PidMode", "net": "NetworkMode", "uts": "UTSMode", "ipc": "IpcMode", "user": "UsernsMode", "cgroup": "CgroupnsMode"}


@dataclass(frozen=True, slots=True)
class Namespace:
    name: str
    mode: str = ""  # as configured: "", host, private, shareable, container:<id>, bridge, …
    identity: str = ""  # e.g. "net:[4026532577]" from /proc/<pid>/ns/net, "" when not readable
    host_identity: str = ""  # the same for /proc/1/ns/<name>
    verdict: str = "private"  # private, host, shared; configured (not running: nothing exists to measure)
    shared_with: tuple[str, ...] = ()  # container names


@dataclass(frozen=True, slots=True)
class Limit:
    key: str  # memory, cpus, cpu_quota, cpu_shares, pids
    limit: float | None = None  # None: unlimited
    used: float | None = None  # current use (local daemon only), None if unknown
    period: int = 0  # cpu_quota: CpuPeriod (µs)
    path: str = ""  # the cgroup file the limit was read from ("" when only configured)


@dataclass(frozen=True, slots=True)
class CgroupFile:
    """One cgroup file as read, so students can `cat` the same path."""

    key: str  # cpu_max, memory_max, pids_max, cpu_stat, freeze, memory_current, memory_events
    path: str
    raw: str


@dataclass(frozen=True, slots=True)
class Isolation:
    container_id: str
    name: str
    state: str
    pid: int = 0
    namespaces: tuple[Namespace, ...] = ()
    limits: tuple[Limit, ...] = ()
    cap_add: tuple[str, ...] = ()
    cap_drop: tuple[str, ...] = ()
    privileged: bool = False
    seccomp: str = "default"
    apparmor: str = ""
    no_new_privileges: bool = False
    readonly_rootfs: bool = False
    restart_policy: str = "no"
    restart_max: int = 0
    local: bool = False  # namespace identities and cgroup use were read from this machine
    why_not: str = ""  # translation key when local readings are missing
    cgroup_version: str = ""
    cgroup_files: tuple[CgroupFile, ...] = ()
    throttled_periods: int | None = None  # cpu.stat nr_throttled
    throttled_usec: int | None = None
    frozen: bool | None = None  # the freezer state (paused containers are frozen)
    oom_kills: int | None = None  # memory.events oom_kill (v2) / memory.oom_control (v1)

    def namespace(self, name: str) -> Namespace | None:
        for ns in self.namespaces:
            if ns.name == name:
                return ns
        return None

    def limit(self, key: str) -> Limit | None:
        for lim in self.limits:
            if lim.key == key:
                return lim
        return None


def _mode(hc: Mapping[str, Any], ns: str) -> str:
    if ns == "mnt":
        return "private"
    if ns == "time":
        return ""  # Docker never creates a time namespace: the host's clock offsets
    return clean_name(hc.get(_MODE_FIELDS[ns]) or "")


def _security(opts) -> tuple[str, str, bool]:
    seccomp, apparmor, nnp = "default", "", False
    for opt in opts or ():
        text = clean_name(opt)
        key, _, value = text.replace("=", ":", 1).partition(":")
        if key == "seccomp":
            seccomp = value or "default"
        elif key == "apparmor":
            apparmor = value
        elif key == "no-new-privileges":
            nnp = value in ("", "true")
        elif key == "label" and value == "disable":
            pass
    return seccomp, apparmor, nnp


def from_inspect(raw: Mapping[str, Any]) -> Isolation:
    """Everything the inspect document says, with namespace verdicts from the configured modes."""
    hc = raw.get("HostConfig") or {}
    state = raw.get("State") or {}
    seccomp, apparmor, nnp = _security(hc.get("SecurityOpt"))
    if hc.get("Privileged"):
        seccomp = "unconfined"
    apparmor = clean_name(raw.get("AppArmorProfile") or apparmor)
    running = int(state.get("Pid") or 0) > 0
    namespaces = tuple(_configured(ns, _mode(hc, ns), running) for ns in NAMESPACES)
    nano = int(hc.get("NanoCpus") or 0)
    quota = int(hc.get("CpuQuota") or 0)
    memory = int(hc.get("Memory") or 0)
    pids = int(hc.get("PidsLimit") or 0)
    limits = (
        Limit("memory", float(memory) if memory > 0 else None),
        Limit("cpus", nano / 1e9 if nano > 0 else None),
        Limit("cpu_quota", float(quota) if quota > 0 else None, period=int(hc.get("CpuPeriod") or 0) or 100000),
        Limit("cpu_shares", float(hc.get("CpuShares")) if hc.get("CpuShares") else None),
        Limit("pids", float(pids) if pids > 0 else None),
    )
    policy = hc.get("RestartPolicy") or {}
    return Isolation(
        container_id=clean_name(raw.get("Id") or ""),
        name=clean_name(str(raw.get("Name") or "").lstrip("/")),
        state=clean_name(state.get("Status") or ""),
        pid=int(state.get("Pid") or 0),
        namespaces=namespaces,
        limits=limits,
        cap_add=tuple(clean_name(c) for c in hc.get("CapAdd") or ()),
        cap_drop=tuple(clean_name(c) for c in hc.get("CapDrop") or ()),
        privileged=bool(hc.get("Privileged")),
        seccomp=seccomp,
        apparmor=apparmor,
        no_new_privileges=nnp,
        readonly_rootfs=bool(hc.get("ReadonlyRootfs")),
        restart_policy=clean_name(policy.get("Name") or "no"),
        restart_max=int(policy.get("MaximumRetryCount") or 0),
    )


def _configured(name: str, mode: str, running: bool = True) -> Namespace:
    if not running:
        # No process: no namespace exists; only what `docker start` will ask for.
        return Namespace(name, mode, verdict="configured")
    if name == "time":
        return Namespace(name, mode, verdict="host")
    if mode == "host":
        return Namespace(name, mode, verdict="host")
    if mode.startswith("container:"):
        return Namespace(name, mode, verdict="shared", shared_with=(mode.split(":", 1)[1][:12],))
    if name == "user" and mode in ("", "private") :
        # Without userns-remap every container shares the host's user namespace.
        return Namespace(name, mode, verdict="host")
    return Namespace(name, mode, verdict="private")


def judge(
    iso: Isolation,
    own: Mapping[str, str],
    host: Mapping[str, str],
    others: Mapping[str, Mapping[str, str]],
) -> Isolation:
    """Replace configured verdicts by measured ones: equal link targets mean the same namespace.

    own/host: namespace name -> link target ("net:[4026532]"); others: container name -> the same.
    """
    out = []
    for ns in iso.namespaces:
        ident = own.get(ns.name, "")
        if not ident:
            out.append(ns)
            continue
        host_ident = host.get(ns.name, "")
        shared = tuple(sorted(name for name, ids in others.items() if ids.get(ns.name) == ident))
        if host_ident and ident == host_ident:
            verdict = "host"
        elif shared:
            verdict = "shared"
        else:
            verdict = "private"
        out.append(replace(ns, identity=ident, host_identity=host_ident, verdict=verdict, shared_with=shared))
    return replace(iso, namespaces=tuple(out), local=True)


def with_usage(iso: Isolation, usage: Mapping[str, float], cgroup_version: str) -> Isolation:
    limits = tuple(replace(lim, used=usage.get(lim.key)) for lim in iso.limits)
    return replace(iso, limits=limits, cgroup_version=cgroup_version)


def not_local(iso: Isolation, why: str) -> Isolation:
    return replace(iso, local=False, why_not=why)


# Reading the cgroup files themselves (tui.engine.introspect collects them)

_HUGE = 2**62  # cgroup v1 writes "no limit" as 9223372036854771712


def _num(raw: str) -> float | None:
    word = raw.strip().split()[0] if raw.strip() else ""
    if word in ("", "max", "-1"):
        return None
    try:
        value = float(word)
    except ValueError:
        return None
    return None if value >= _HUGE else value


def _stat(raw: str) -> dict[str, int]:
    out = {}
    for line in raw.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("-").isdigit():
            out[parts[0]] = int(parts[1])
    return out


def with_files(iso: Isolation, files: tuple[CgroupFile, ...], version: str) -> Isolation:
    """Limits as the kernel enforces them (cpu.max 50000 100000 = half a CPU), with their paths."""
    by = {f.key: f for f in files}
    limits = []
    for lim in iso.limits:
        f = None
        if lim.key == "memory":
            f = by.get("memory_max")
            if f is not None:
                lim = replace(lim, limit=_num(f.raw), path=f.path)
        elif lim.key == "pids":
            f = by.get("pids_max")
            if f is not None:
                lim = replace(lim, limit=_num(f.raw), path=f.path)
        elif lim.key == "cpu_quota":
            f = by.get("cpu_max")
            if f is not None:
                parts = f.raw.split()
                period = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else lim.period
                lim = replace(lim, limit=_num(f.raw), period=period, path=f.path)
        elif lim.key == "cpus":
            f = by.get("cpu_max")
            if f is not None:
                parts = f.raw.split()
                quota = _num(f.raw)
                period = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 100000
                lim = replace(lim, limit=(quota / period) if quota else None, path=f.path)
        limits.append(lim)
    stat = _stat(by["cpu_stat"].raw) if "cpu_stat" in by else {}
    throttled_usec = stat.get("throttled_usec")
    if throttled_usec is None and "throttled_time" in stat:  # v1: nanoseconds
        throttled_usec = stat["throttled_time"] // 1000
    frozen = None
    if "freeze" in by:
        raw = by["freeze"].raw.strip()
        frozen = raw in ("1", "FROZEN", "FREEZING")
    oom = None
    if "memory_events" in by:
        events = _stat(by["memory_events"].raw)
        oom = events.get("oom_kill")
    return replace(iso, limits=tuple(limits), cgroup_files=files, cgroup_version=version or iso.cgroup_version,
                   throttled_periods=stat.get("nr_throttled"), throttled_usec=throttled_usec, frozen=frozen, oom_kills=oom)
