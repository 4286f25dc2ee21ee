"""/proc readings: CPU time, RSS and process trees (Linux only)."""

from __future__ import annotations

import os
from typing import Iterable

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def stat(pid: int) -> tuple[int, int, int, str] | None:
    """(ppid, own cpu ticks, reaped children's cpu ticks, comm), or None when gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read().decode("utf-8", "replace")
    except OSError:
        return None
    comm = data[data.index("(") + 1 : data.rindex(")")]
    rest = data[data.rindex(")") + 2 :].split()
    return int(rest[1]), int(rest[11]) + int(rest[12]), int(rest[13]) + int(rest[14]), comm


def pids() -> list[int]:
    return [int(d) for d in os.listdir("/proc") if d.isdigit()]


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def tree(root: int) -> list[int]:
    """root and its live descendants."""
    children: dict[int, list[int]] = {}
    for pid in pids():
        st = stat(pid)
        if st is not None:
            children.setdefault(st[0], []).append(pid)
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        if p not in out:
            out.append(p)
            todo.extend(children.get(p, []))
    return out


def cpu_seconds(pid_list: Iterable[int], reaped: bool = True) -> float:
    ticks = 0
    for pid in pid_list:
        st = stat(pid)
        if st is not None:
            ticks += st[1] + (st[2] if reaped else 0)
    return ticks / CLK_TCK


def rss_bytes(pid_list: Iterable[int]) -> int:
    total = 0
    for pid in pid_list:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except OSError:
            pass
    return total


def hwm_bytes(pid_list: Iterable[int]) -> int:
    """Sum of each process's peak RSS (VmHWM)."""
    total = 0
    for pid in pid_list:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def daemon_pids(dockerd_pid: int, exec_root: str) -> list[int]:
    """dockerd, its containerd and the shims of its containers (not the containers' own processes).

    Shims re-parent to init, so they are found by the containerd socket under the bed's exec root.
    """
    found = [p for p in tree(dockerd_pid) if (stat(p) or (0, 0, 0, ""))[3].startswith(("dockerd", "containerd"))]
    for pid in pids():
        if pid in found:
            continue
        st = stat(pid)
        if st and st[3].startswith("containerd-shim") and exec_root in cmdline(pid):
            found.append(pid)
    return found


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    total = sum(v[:8])
    return total - idle, total


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])
