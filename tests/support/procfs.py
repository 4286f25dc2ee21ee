"""Linux /proc readings shared by tests and bench (bench/flood_probe.py imports this)."""

from __future__ import annotations

from pathlib import Path


def children(pid: int) -> list[int]:
    """The pids of ``pid``'s direct children (every thread's ``children`` list; Linux only)."""
    out: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # the process is gone
        return out
    for task in tasks:
        try:
            out += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return out
