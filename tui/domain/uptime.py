"""Keep a container's STATUS text ("Up 17 seconds") true between events.

The daemon renders STATUS when it answers a listing, so it goes stale at once. We
read it back into an anchor (the moment the container came up or exited) when it
arrives, and render it again, compactly, from the anchor and a clock. No daemon request is
needed to age it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from .parse import parse_time

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400, "month": 30 * 86400, "year": 365 * 86400}
_DURATION = re.compile(r"(Less than a second|About a minute|About an hour|(\d+) (second|minute|hour|day|week|month|year)s?)")
_UP = re.compile(r"^Up (.+?)(?: \((?:Paused|healthy|unhealthy|health: starting)\))*$")
_SINCE = re.compile(r"^(Exited|Restarting) \((-?\d+)\) (.+) ago$")


@dataclass(frozen=True, slots=True)
class StatusAnchor:
    """``kind`` is up, exited, restarting or fixed (shown as ``text`` for ever)."""

    kind: str
    text: str
    since: float = 0.0
    code: str = ""


def duration_seconds(text: str) -> float | None:
    """Seconds meant by a docker duration phrase ("5 minutes", "About an hour")."""
    m = _DURATION.fullmatch(text.strip())
    if not m:
        return None
    if m.group(1) == "Less than a second":
        return 0.0
    if m.group(1) == "About a minute":
        return 60.0
    if m.group(1) == "About an hour":
        return 3600.0
    return float(int(m.group(2)) * _UNITS[m.group(3)])


MINUTE = 60.0  # below this age a STATUS counts seconds


def short_duration(seconds: float) -> str:
    """Compact for a table cell: "12 sec", "5 min", "3 hours", "2 days"."""
    s = int(max(0.0, seconds))
    if s < 60:
        return f"{s} sec"
    if s < 3600:
        return f"{s // 60} min"
    hours = s // 3600
    if hours < 48:
        return f"{hours} hour" + ("s" if hours > 1 else "")
    days = hours // 24
    if days < 14:
        return f"{days} days"
    if days < 60:
        return f"{days // 7} weeks"
    if days < 730:
        return f"{days // 30} months"
    return f"{days // 365} years"


def anchor(status: str, now: float) -> StatusAnchor:
    """Read a STATUS text seen at ``now`` back into when it started."""
    m = _UP.match(status)
    if m:
        secs = duration_seconds(m.group(1))
        if secs is not None:
            return StatusAnchor("up", status, now - secs)
    m = _SINCE.match(status)
    if m:
        secs = duration_seconds(m.group(3))
        if secs is not None:
            return StatusAnchor(m.group(1).lower(), status, now - secs, m.group(2))
    return StatusAnchor("fixed", status)


def render(a: StatusAnchor, now: float) -> str:
    """The STATUS text as it would read at ``now`` (health/paused are shown elsewhere)."""
    if a.kind == "up":
        return f"Up {short_duration(now - a.since)}"
    if a.kind in ("exited", "restarting"):
        return f"{a.kind.title()} ({a.code}) {short_duration(now - a.since)} ago"
    return a.text


def age_seconds(a: StatusAnchor, now: float) -> float | None:
    """How long the container has been in its state; None when unknown (for sorting)."""
    return None if a.kind == "fixed" else max(0.0, now - a.since)


# Exact anchors: the container's own State.StartedAt / FinishedAt (one inspect per container)


@dataclass(frozen=True, slots=True)
class ContainerTimes:
    """What ``docker inspect`` says about a container's run: to the second, unlike STATUS."""

    status: str  # State.Status when read (running, exited, ...)
    started_at: float = 0.0  # epoch seconds; 0 when never started
    finished_at: float = 0.0
    exit_code: int = 0
    restart_count: int = 0


def times_from_inspect(doc: dict) -> ContainerTimes:
    state = doc.get("State") or {}
    return ContainerTimes(
        status=str(state.get("Status") or ""),
        started_at=parse_time(state.get("StartedAt")),
        finished_at=parse_time(state.get("FinishedAt")),
        exit_code=int(state.get("ExitCode") or 0),
        restart_count=int(doc.get("RestartCount") or 0),
    )


# A lost fleet host's rows say when it was last heard of, in place of their status.
STALE = "stale since "


def stale_status(since: float) -> str:
    return STALE + time.strftime("%H:%M", time.localtime(since))


def exact_anchor(status: str, state: str, times: ContainerTimes) -> StatusAnchor | None:
    """An anchor from inspect times, or None when they do not fit the listed state (read
    before a start or stop the listing has seen since: the STATUS text is used meanwhile)
    or the row is a lost host's (its "stale since 12:03" is shown as it is)."""
    if times.status != state or status.startswith(STALE):
        return None
    if state in ("running", "paused") and times.started_at:
        return StatusAnchor("up", status, times.started_at)
    if state in ("exited", "dead") and times.finished_at:
        return StatusAnchor("exited", status, times.finished_at, str(times.exit_code))
    if state == "restarting" and times.finished_at:
        return StatusAnchor("restarting", status, times.finished_at, str(times.exit_code))
    return None
