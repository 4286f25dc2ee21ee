"""Reads for the learning views: layer stacks, `docker diff`, container details for the map,
and isolation (inspect + /proc/<pid>/ns + cgroup files when the daemon runs on this machine).

Blocking: call from worker threads. Every daemon failure becomes a DockerError; local file
reads that fail only leave the measured parts out (with the reason as a translation key).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # docker-py loads on the first connection, in the pump's thread: not on the UI's import path
    import docker

from ..domain import architecture as arch_model, isolation as iso_model, layers as layer_model
from ..domain.relations import ContainerDetail, detail_from_inspect
from ..domain.sanitize import clean, clean_name
from .endpoint import Endpoint
from .errors import DockerError, translate


def _guard(endpoint: Endpoint, func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except DockerError:
        raise
    except Exception as exc:
        raise translate(exc, endpoint.host) from None


def _image_name(raw: dict) -> str:
    tags = [t for t in raw.get("RepoTags") or () if t and t != "<none>:<none>"]
    return clean_name(tags[0]) if tags else clean_name(str(raw.get("Id") or "").split(":", 1)[-1][:12])


# Layers


def chains(client: docker.APIClient, endpoint: Endpoint) -> dict[str, tuple[tuple[str, ...], str]]:
    """Every local image's RootFS.Layers and name: one inspect per image (cheap, local metadata)."""

    import docker.errors

    def read():
        out = {}
        for summary in client.images():
            iid = summary.get("Id") or ""
            try:
                raw = client.inspect_image(iid)
            except docker.errors.NotFound:
                continue  # removed meanwhile
            out[clean_name(iid)] = (layer_model.rootfs_layers(raw), _image_name(raw))
        return out

    return _guard(endpoint, read)


def image_stack(client: docker.APIClient, endpoint: Endpoint, image_id: str) -> tuple[layer_model.LayerStack, dict]:
    """The image's layer stack with shared layers marked, and all local chains (for counts)."""

    def read():
        raw = client.inspect_image(image_id)
        history = client.history(image_id) or []
        return raw, history

    raw, history = _guard(endpoint, read)
    all_chains = chains(client, endpoint)
    stack = layer_model.stack(clean_name(raw.get("Id") or image_id), _image_name(raw), raw, history)
    return layer_model.mark_shared([stack], all_chains)[0], all_chains


def writable_layer(client: docker.APIClient, endpoint: Endpoint, container_id: str) -> layer_model.WritableLayer:
    def read():
        # docker-py's inspect_container has no size flag; the API does (?size=1: SizeRw, SizeRootFs).
        raw = client._result(client._get(client._url("/containers/{0}/json", container_id), params={"size": 1}), True)
        diff = client.diff(container_id) or []
        return raw, diff

    raw, diff = _guard(endpoint, read)
    return layer_model.WritableLayer(
        container_id=clean_name(raw.get("Id") or container_id),
        name=clean_name(str(raw.get("Name") or "").lstrip("/")),
        image_id=clean_name(raw.get("Image") or ""),
        size_rw=int(raw["SizeRw"]) if raw.get("SizeRw") is not None else -1,
        size_rootfs=int(raw["SizeRootFs"]) if raw.get("SizeRootFs") is not None else -1,
        changes=layer_model.changes_from_diff(diff),
    )


# Map details


def container_details(client: docker.APIClient, endpoint: Endpoint, ids: Iterable[str]) -> dict[str, ContainerDetail]:
    """Aliases and configured port bindings, which the list API leaves out."""
    out = {}
    for cid in ids:
        try:
            out[cid] = detail_from_inspect(_guard(endpoint, client.inspect_container, cid))
        except DockerError:
            continue  # gone meanwhile: the map shows what the listing knows
    return out


def healthchecks(client: docker.APIClient, endpoint: Endpoint, ids: Iterable[str]) -> dict[str, str | None]:
    """Container id -> its health check command as exec events show it (None: no check)."""
    from ..domain.event_story import health_command

    out: dict[str, str | None] = {}
    for cid in ids:
        try:
            raw = _guard(endpoint, client.inspect_container, cid)
        except DockerError:
            continue  # gone meanwhile
        test = ((raw.get("Config") or {}).get("Healthcheck") or {}).get("Test")
        command = health_command(test)
        out[cid] = clean(command) if command is not None else None
    return out


# Isolation


def namespace_ids(pid: int | str, proc: Path = Path("/proc")) -> dict[str, str]:
    """Namespace name -> link target ("net:[4026531840]"); empty when not readable."""
    out = {}
    for ns in iso_model.NAMESPACES:
        try:
            out[ns] = os.readlink(proc / str(pid) / "ns" / ns)
        except OSError:
            continue
    return out


def _read_number(path: Path) -> float | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    if text == "max":
        return None
    try:
        return float(text.split()[0])
    except (ValueError, IndexError):
        return None


def cgroup_paths(pid: int, proc: Path = Path("/proc")) -> dict[str, str]:
    """Controller -> cgroup path of the process ("" key for the v2 unified hierarchy)."""
    out = {}
    try:
        lines = (proc / str(pid) / "cgroup").read_text().splitlines()
    except OSError:
        return out
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        if not controllers:
            out[""] = path
        for c in controllers.split(","):
            if c:
                out[c.replace("name=", "")] = path
    return out


def cgroup_usage(pid: int, proc: Path = Path("/proc"), root: Path = Path("/sys/fs/cgroup")) -> tuple[dict[str, float], str]:
    """Current memory and pids use from the container's own cgroup files; v1 or v2."""
    paths = cgroup_paths(pid, proc)
    usage: dict[str, float] = {}
    if "memory" in paths or "pids" in paths:
        version = "1"
        mem = paths.get("memory")
        if mem is not None:
            value = _read_number(root / "memory" / mem.lstrip("/") / "memory.usage_in_bytes")
            if value is not None:
                usage["memory"] = value
        pids = paths.get("pids")
        if pids is not None:
            value = _read_number(root / "pids" / pids.lstrip("/") / "pids.current")
            if value is not None:
                usage["pids"] = value
    elif "" in paths:
        version = "2"
        base = root / paths[""].lstrip("/")
        for key, name in (("memory", "memory.current"), ("pids", "pids.current")):
            value = _read_number(base / name)
            if value is not None:
                usage[key] = value
    else:
        version = ""
    return usage, version


# v2 file names (unified hierarchy) and v1 (controller, file) for each key
_V2_FILES = {"cpu_max": "cpu.max", "memory_max": "memory.max", "pids_max": "pids.max", "cpu_stat": "cpu.stat",
             "freeze": "cgroup.freeze", "memory_current": "memory.current", "memory_events": "memory.events"}
_V1_FILES = {"cpu_max": ("cpu", "cpu.cfs_quota_us"), "memory_max": ("memory", "memory.limit_in_bytes"), "pids_max": ("pids", "pids.max"),
             "cpu_stat": ("cpu", "cpu.stat"), "freeze": ("freezer", "freezer.state"), "memory_current": ("memory", "memory.usage_in_bytes"),
             "memory_events": ("memory", "memory.oom_control")}


def cgroup_files(pid: int, proc: Path = Path("/proc"), root: Path = Path("/sys/fs/cgroup")) -> tuple[tuple[iso_model.CgroupFile, ...], str]:
    """The container's own cgroup files (limits, cpu.stat, freezer), v1 or v2, with their paths."""
    paths = cgroup_paths(pid, proc)
    out = []

    def read(key: str, path: Path, extra: Path | None = None) -> None:
        try:
            raw = path.read_text()
        except OSError:
            return
        if extra is not None:  # v1 cpu: quota and period are two files; show them as v2's "quota period"
            try:
                raw = f"{raw.strip()} {extra.read_text().strip()}"
            except OSError:
                pass
        out.append(iso_model.CgroupFile(key, str(path), clean(raw.strip(), keep_newlines=True)))

    if "memory" in paths or "pids" in paths or "cpu" in paths:
        for key, (controller, name) in _V1_FILES.items():
            sub = paths.get(controller) if controller != "cpu" else (paths.get("cpu") or paths.get("cpu,cpuacct"))
            if sub is None:
                continue
            directory = root / (controller if controller != "cpu" else "cpu") / sub.lstrip("/")
            if not directory.exists() and controller == "cpu":
                directory = root / "cpu,cpuacct" / sub.lstrip("/")
            extra = directory / "cpu.cfs_period_us" if key == "cpu_max" else None
            read(key, directory / name, extra)
        return tuple(out), "1"
    if "" in paths:
        base = root / paths[""].lstrip("/")
        for key, name in _V2_FILES.items():
            read(key, base / name)
        return tuple(out), "2"
    return (), ""


def isolation(
    client: docker.APIClient,
    endpoint: Endpoint,
    container_id: str,
    proc: Path = Path("/proc"),
    cgroup_root: Path = Path("/sys/fs/cgroup"),
) -> iso_model.Isolation:
    raw = _guard(endpoint, client.inspect_container, container_id)
    report = iso_model.from_inspect(raw)
    if not endpoint.is_local:
        return iso_model.not_local(report, "iso.why.remote")
    if report.pid <= 0:
        return iso_model.not_local(report, "iso.why.not_running")
    own = namespace_ids(report.pid, proc)
    if not own:
        return iso_model.not_local(report, "iso.why.no_proc")
    paths = cgroup_paths(report.pid, proc)
    if paths and not any(report.container_id in p for p in paths.values()) and not all(p == "/" for p in paths.values()):
        # Docker Desktop, rootless or a daemon in another PID namespace: that PID is someone else here.
        return iso_model.not_local(report, "iso.why.pid_mismatch")
    # PID 1 is the host's init; in a sandbox where it is unreadable, our own process stands
    # for the host (the daemon is local, so we run beside it).
    host = namespace_ids(1, proc) or namespace_ids("self", proc)
    others = {}
    for summary in _guard(endpoint, client.containers):
        cid = summary.get("Id") or ""
        if cid == report.container_id:
            continue
        try:
            other_pid = int(((client.inspect_container(cid).get("State")) or {}).get("Pid") or 0)
        except Exception:
            continue
        if other_pid > 0:
            names = summary.get("Names") or [cid[:12]]
            others[clean_name(names[0].lstrip("/"))] = namespace_ids(other_pid, proc)
    report = iso_model.judge(report, own, host, others)
    usage, version = cgroup_usage(report.pid, proc, cgroup_root)
    report = iso_model.with_usage(report, usage, version)
    files, version = cgroup_files(report.pid, proc, cgroup_root)
    return iso_model.with_files(report, files, version) if files else report


# Architecture


def _proc_process(pid: int, proc: Path):
    try:
        status = (proc / str(pid) / "status").read_text()
        cmdline = (proc / str(pid) / "cmdline").read_bytes()
    except OSError:
        return None, ""
    return arch_model.process_from_proc(pid, status, cmdline), status


def architecture(client: docker.APIClient, endpoint: Endpoint, container_id: str = "", proc: Path = Path("/proc")):
    """The daemon's own answers (info, version, plugins) and, locally, the shim -> PID 1 chain."""

    def read():
        info = client.info()
        version = client.version()
        try:
            plugins = client.plugins() or []
        except docker.errors.APIError:
            plugins = []  # Podman has no plugins endpoint
        return info, version, plugins

    info, version, plugins = _guard(endpoint, read)
    facts = arch_model.from_daemon(info, version, plugins)
    if not container_id:
        return facts
    raw = _guard(endpoint, client.inspect_container, container_id)
    pid = int((raw.get("State") or {}).get("Pid") or 0)
    name = clean_name(str(raw.get("Name") or "").lstrip("/"))
    facts = replace(facts, container=name)
    if pid <= 0 or not endpoint.is_local:
        return facts
    process, status = _proc_process(pid, proc)
    if process is None:
        return facts
    parent, _ = _proc_process(arch_model.parent_pid(status), proc)
    return replace(facts, process=process, parent=parent, local=True)
