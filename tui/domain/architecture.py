"""What the architecture view says about this daemon, from its own answers: live-restore,
registries (and that a bare name means Docker Hub), insecure ranges and mirrors kept apart,
built-in drivers apart from installed plugins, the /version components (Podman: conmon and
the OCI runtime), and the process chain of one running container (shim -> PID 1) when the
daemon runs on this machine. Pure: tui.engine.introspect collects the raw documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .sanitize import clean_name


@dataclass(frozen=True, slots=True)
class Process:
    pid: int
    name: str  # comm or argv[0]'s base name
    cmdline: str = ""


@dataclass(frozen=True, slots=True)
class ArchFacts:
    podman: bool = False
    live_restore: bool | None = None
    registries: tuple[tuple[str, bool], ...] = ()  # (name, secure)
    insecure_ranges: tuple[str, ...] = ()
    mirrors: tuple[str, ...] = ()
    drivers: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind, names): built into the daemon
    plugins: tuple[str, ...] = ()  # installed (managed) plugins
    components: tuple[tuple[str, str], ...] = ()  # /version Components: (name, version)
    runtime: str = ""  # OCI runtime name (runc, crun)
    container: str = ""  # the container whose chain is shown
    process: Process | None = None  # its PID 1 on the host
    parent: Process | None = None  # the shim (Docker) or conmon (Podman)
    local: bool = False

    def component(self, name: str) -> str:
        for n, v in self.components:
            if n.lower() == name.lower() or name.lower() in n.lower():
                return v
        return ""


def from_daemon(info: Mapping[str, Any], version: Mapping[str, Any], plugins: Sequence[Mapping[str, Any]] = ()) -> ArchFacts:
    reg = info.get("RegistryConfig") or {}
    registries = []
    for name, cfg in sorted((reg.get("IndexConfigs") or {}).items()):
        registries.append((clean_name(name), bool((cfg or {}).get("Secure"))))
    mirrors = [clean_name(m) for m in reg.get("Mirrors") or ()]
    for _, cfg in (reg.get("IndexConfigs") or {}).items():
        mirrors.extend(clean_name(m) for m in (cfg or {}).get("Mirrors") or () if clean_name(m) not in mirrors)
    drivers = tuple((clean_name(k), tuple(clean_name(n) for n in v or ())) for k, v in sorted((info.get("Plugins") or {}).items()))
    installed = tuple(clean_name(p.get("Name") or "") for p in plugins or () if p.get("Name"))
    components = tuple((clean_name(c.get("Name") or ""), clean_name(c.get("Version") or "")) for c in version.get("Components") or ())
    platform = str((version.get("Platform") or {}).get("Name") or "")
    podman = "podman" in platform.lower() or any("podman" in n.lower() for n, _ in components)
    runtime = ""
    for n, _ in components:
        for known in ("crun", "runc"):
            if known in n.lower():  # Docker: "runc"; Podman: "OCI Runtime (crun)"
                runtime = known
    if not runtime:
        runtime = clean_name(info.get("DefaultRuntime") or "")
    live = info.get("LiveRestoreEnabled")
    return ArchFacts(
        podman=podman,
        live_restore=bool(live) if live is not None else None,
        registries=tuple(registries),
        insecure_ranges=tuple(clean_name(c) for c in reg.get("InsecureRegistryCIDRs") or ()),
        mirrors=tuple(mirrors),
        drivers=drivers,
        plugins=installed,
        components=components,
        runtime=runtime,
    )


def process_from_proc(pid: int, status: str, cmdline: bytes) -> Process:
    name = ""
    for line in status.splitlines():
        if line.startswith("Name:"):
            name = line.split(":", 1)[1].strip()
    argv = [a for a in cmdline.split(b"\0") if a]
    text = clean_name(b" ".join(argv).decode(errors="replace"))[:120]
    if argv:
        base = argv[0].decode(errors="replace").rsplit("/", 1)[-1]
        if base.startswith(name) and len(base) > len(name):
            name = base  # comm is cut at 15 characters: containerd-shim-runc-v2 reads "containerd-shim"
    return Process(pid, clean_name(name), text)


def parent_pid(status: str) -> int:
    for line in status.splitlines():
        if line.startswith("PPid:"):
            try:
                return int(line.split(":", 1)[1].strip())
            except ValueError:
                return 0
    return 0


# Swarm: the nodes of the swarm and which one Dockyard talks to


@dataclass(frozen=True, slots=True)
class SwarmMember:
    name: str  # hostname (or short id)
    role: str  # manager | worker
    status: str  # Leader | Reachable | Unreachable for a manager; ready | down | … for a worker
    address: str
    here: bool = False  # the daemon Dockyard is talking to


@dataclass(frozen=True, slots=True)
class SwarmFacts:
    """``Info.Swarm`` of the daemon Dockyard talks to, and (from a manager in scope) the node list."""

    node_id: str = ""
    local_state: str = "inactive"  # inactive | pending | active | error | locked
    manager: bool = False  # ControlAvailable
    managers: tuple[SwarmMember, ...] = ()
    workers: tuple[SwarmMember, ...] = ()

    @property
    def active(self) -> bool:
        return self.local_state != "inactive" or bool(self.managers)


def swarm_facts(role, snapshot=None) -> SwarmFacts:
    """From a tui.domain.swarm.SwarmRole (this daemon's /info) and, when a manager is in scope,
    its SwarmSnapshot. Either may be None."""
    node_id = getattr(role, "node_id", "") or ""
    managers, workers = [], []
    for n in getattr(snapshot, "nodes", ()) or ():
        here = bool(node_id) and n.id == node_id
        if n.role == "manager":
            managers.append(SwarmMember(n.name, "manager", n.manager_status or n.status, n.address, here))
        else:
            workers.append(SwarmMember(n.name, n.role or "worker", n.status, n.address, here))
    return SwarmFacts(
        node_id=node_id,
        local_state=getattr(role, "local_state", "inactive") or "inactive",
        manager=bool(getattr(role, "manager", False)),
        managers=tuple(managers),
        workers=tuple(workers),
    )
