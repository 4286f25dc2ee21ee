"""Stats maths, as ``docker stats`` does it."""

from __future__ import annotations

from typing import Any, Mapping

from .models import StatsSample


def cpu_percent(prev: Mapping[str, Any] | None, cur: Mapping[str, Any]) -> float | None:
    """Share of one CPU (two busy cores = 200 %) between two ``cpu_stats`` blocks.

    None when there is no previous sample or the counters did not move forward.
    """
    if not prev:
        return None
    try:
        cpu_delta = cur["cpu_usage"]["total_usage"] - prev["cpu_usage"]["total_usage"]
        sys_delta = cur["system_cpu_usage"] - prev["system_cpu_usage"]
    except (KeyError, TypeError):
        return None
    if sys_delta <= 0 or cpu_delta < 0:
        return None
    ncpu = cur.get("online_cpus") or len(cur["cpu_usage"].get("percpu_usage") or ()) or 1
    return cpu_delta / sys_delta * ncpu * 100.0


def memory_used(memory_stats: Mapping[str, Any]) -> int | None:
    """Usage minus page cache, like the docker CLI (cgroup v1 and v2)."""
    usage = memory_stats.get("usage")
    if usage is None:
        return None
    inner = memory_stats.get("stats") or {}
    # cgroup v1 reports total_inactive_file (hierarchical, what the CLI prefers), v2 inactive_file.
    for key in ("total_inactive_file", "inactive_file"):
        if key in inner and inner[key] < usage:
            return usage - inner[key]
    if "cache" in inner and inner["cache"] < usage:
        return usage - inner["cache"]
    return usage


def sample_from_api(cid: str, raw: Mapping[str, Any], prev_cpu: Mapping[str, Any] | None, at: float) -> StatsSample:
    """One StatsSample from a one-shot stats document and the previous cpu_stats we kept."""
    mem = raw.get("memory_stats") or {}
    nets = raw.get("networks") or {}
    rx = sum(n.get("rx_bytes", 0) for n in nets.values()) if nets else None
    tx = sum(n.get("tx_bytes", 0) for n in nets.values()) if nets else None
    read = write = None
    blk = (raw.get("blkio_stats") or {}).get("io_service_bytes_recursive")
    if blk:
        read = sum(e.get("value", 0) for e in blk if str(e.get("op", "")).lower() == "read")
        write = sum(e.get("value", 0) for e in blk if str(e.get("op", "")).lower() == "write")
    return StatsSample(
        id=cid,
        cpu_percent=cpu_percent(prev_cpu, raw.get("cpu_stats") or {}),
        mem_usage=memory_used(mem),
        mem_limit=mem.get("limit"),
        net_rx=rx,
        net_tx=tx,
        blk_read=read,
        blk_write=write,
        pids=(raw.get("pids_stats") or {}).get("current"),
        at=at,
    )
