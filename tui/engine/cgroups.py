"""CPU and memory of local containers read straight from their cgroup files.

When the daemon runs on this machine, a container's counters are a few small files
away: reading them costs microseconds and nothing in the daemon, where a one-shot
stats request costs the daemon a few milliseconds of CPU per container per tick.

Finding the files: the container's cgroup is named after its full id. Try the
common layouts first (cgroupfs ``docker/<id>``, systemd ``docker-<id>.scope``); if
none exists, read ``/proc/<pid>/cgroup`` of the container's main process (the pid
comes from one inspect, made by the caller when the container starts) and accept a
path only if it names the container's id, so a pid from another pid namespace
(a daemon in a VM or in another container) can never point at someone else's
cgroup. Supports cgroup v1 (cpuacct + memory controllers) and v2 (unified).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from ..domain.models import StatsSample


@dataclass(frozen=True, slots=True)
class CgroupFiles:
    """Where one container's counters live."""

    version: int  # 1 or 2
    cpu: str  # v1: cpuacct.usage (ns); v2: cpu.stat (usage_usec)
    memory: str  # directory of the memory controller (v1) or the unified cgroup (v2)
    pids: str | None


@dataclass(frozen=True, slots=True)
class _Mounts:
    v1: dict[str, tuple[str, str]]  # controller -> (mount point, mount root)
    v2: tuple[str, str] | None


def _read_mounts(mountinfo: str = "/proc/self/mountinfo") -> _Mounts:
    v1: dict[str, tuple[str, str]] = {}
    v2 = None
    try:
        with open(mountinfo) as f:
            lines = f.readlines()
    except OSError:
        return _Mounts({}, None)
    for line in lines:
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) < 5 or len(tail) < 3:
            continue
        root, point, fstype, options = fields[3], fields[4], tail[0], tail[2]
        if fstype == "cgroup2" and v2 is None:
            v2 = (point, root)
        elif fstype == "cgroup":
            for opt in options.split(","):
                if opt in ("cpuacct", "memory", "pids"):
                    v1.setdefault(opt, (point, root))
    return _Mounts(v1, v2)


def _join(mount: tuple[str, str], cgroup_path: str) -> str:
    point, root = mount
    if root != "/" and cgroup_path.startswith(root):
        cgroup_path = cgroup_path[len(root):]
    return os.path.join(point, cgroup_path.lstrip("/"))


_CANDIDATES = ("docker/{id}", "system.slice/docker-{id}.scope", "docker.slice/docker-{id}.scope")


class CgroupReader:
    """Locates and reads containers' cgroups. Not thread-safe: owned by the stats sampler thread."""

    def __init__(self, mountinfo: str = "/proc/self/mountinfo", proc: str = "/proc") -> None:
        self._mounts = _read_mounts(mountinfo)
        self._proc = proc
        self._mem_total = _mem_total(os.path.join(proc, "meminfo"))

    @property
    def available(self) -> bool:
        m = self._mounts
        return ("cpuacct" in m.v1 and "memory" in m.v1) or m.v2 is not None

    def guess(self, cid: str) -> CgroupFiles | None:
        """The common layouts, without asking the daemon anything."""
        for pattern in _CANDIDATES:
            found = self._files_for("/" + pattern.format(id=cid), "/" + pattern.format(id=cid))
            if found is not None:
                return found
        return None

    def from_pid(self, cid: str, pid: int) -> CgroupFiles | None:
        """The cgroup of the container's main process, if it names this container."""
        if pid <= 0:
            return None
        try:
            with open(os.path.join(self._proc, str(pid), "cgroup")) as f:
                lines = f.read().splitlines()
        except OSError:
            return None
        v1_path = v2_path = None
        for line in lines:
            num, _, rest = line.partition(":")
            controllers, _, path = rest.partition(":")
            if cid not in path:
                continue
            if num == "0" and controllers == "":
                v2_path = path
            elif "cpuacct" in controllers.split(",") or "memory" in controllers.split(","):
                v1_path = v1_path or path
        return self._files_for(v1_path, v2_path)

    def _files_for(self, v1_path: str | None, v2_path: str | None) -> CgroupFiles | None:
        m = self._mounts
        if v1_path and "cpuacct" in m.v1 and "memory" in m.v1:
            cpu = os.path.join(_join(m.v1["cpuacct"], v1_path), "cpuacct.usage")
            mem = _join(m.v1["memory"], v1_path)
            if os.path.exists(cpu) and os.path.exists(os.path.join(mem, "memory.usage_in_bytes")):
                pids = os.path.join(_join(m.v1["pids"], v1_path), "pids.current") if "pids" in m.v1 else None
                return CgroupFiles(1, cpu, mem, pids)
        if v2_path and m.v2 is not None:
            base = _join(m.v2, v2_path)
            if os.path.exists(os.path.join(base, "cpu.stat")) and os.path.exists(os.path.join(base, "memory.current")):
                return CgroupFiles(2, os.path.join(base, "cpu.stat"), base, os.path.join(base, "pids.current"))
        return None

    def read(self, cid: str, files: CgroupFiles, prev: tuple[int, float] | None) -> tuple[StatsSample, tuple[int, float]]:
        """One sample, and the (cpu ns, monotonic time) pair to pass back next time. Raises OSError when gone."""
        now = time.monotonic()
        cpu_ns = _cpu_ns(files)
        cpu_pct = None
        if prev is not None and now > prev[1] and cpu_ns >= prev[0]:
            cpu_pct = (cpu_ns - prev[0]) / ((now - prev[1]) * 1e9) * 100.0
        usage, limit = _memory(files, self._mem_total)
        pids = None
        if files.pids:
            try:
                pids = int(_read(files.pids))
            except (OSError, ValueError):
                pids = None
        sample = StatsSample(id=cid, cpu_percent=cpu_pct, mem_usage=usage, mem_limit=limit,
                             net_rx=None, net_tx=None, blk_read=None, blk_write=None, pids=pids, at=time.time())
        return sample, (cpu_ns, now)


def _read(path: str) -> str:
    with open(path) as f:
        return f.read()


def _cpu_ns(files: CgroupFiles) -> int:
    text = _read(files.cpu)
    if files.version == 1:
        return int(text)
    for line in text.splitlines():
        if line.startswith("usage_usec "):
            return int(line.split()[1]) * 1000
    raise OSError("no usage_usec in cpu.stat")


def _stat_value(text: str, *keys: str) -> int | None:
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in keys:
            return int(value)
    return None


def _memory(files: CgroupFiles, mem_total: int | None) -> tuple[int, int | None]:
    """Usage minus inactive page cache (as ``docker stats`` shows it) and the limit."""
    if files.version == 1:
        usage = int(_read(os.path.join(files.memory, "memory.usage_in_bytes")))
        inactive = _stat_value(_read(os.path.join(files.memory, "memory.stat")), "total_inactive_file")
        raw_limit = _read(os.path.join(files.memory, "memory.limit_in_bytes")).strip()
    else:
        usage = int(_read(os.path.join(files.memory, "memory.current")))
        inactive = _stat_value(_read(os.path.join(files.memory, "memory.stat")), "inactive_file")
        raw_limit = _read(os.path.join(files.memory, "memory.max")).strip()
    if inactive is not None and inactive < usage:
        usage -= inactive
    limit = None if raw_limit == "max" else int(raw_limit)
    if mem_total is not None and (limit is None or limit > mem_total):
        limit = mem_total  # "no limit" is shown as the host's memory, as docker does
    return usage, limit


def _mem_total(meminfo: str) -> int | None:
    try:
        with open(meminfo) as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None
