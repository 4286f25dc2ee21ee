"""What the preview pane says about the object under the cursor. Pure.

A container's identity comes from its inspect document (start time to the second,
restart count, last exit code, health); images, networks and volumes are described from
State alone, with the containers that use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from . import format as fmt
from .models import Container, Image, Network, Volume
from .parse import parse_time
from .lookups import containers_of_image, containers_on_network, containers_with_volume
from .sanitize import clean_name
from .state import State

Facts = tuple[tuple[str, str], ...]

_ZERO_TIME = "0001-01-01T00:00:00Z"


@dataclass(frozen=True, slots=True)
class ContainerIdentity:
    """The inspect facts the list API leaves out."""

    id: str
    image: str = ""
    started_at: float | None = None
    finished_at: float | None = None
    restart_count: int = 0
    exit_code: int | None = None
    health: str = ""
    failing_streak: int = 0
    oom_killed: bool = False
    restart_policy: str = ""


def _moment(value: object) -> float | None:
    """An inspect document's RFC 3339 time as epoch seconds; None for the zero time or none."""
    return (parse_time(value) or None) if isinstance(value, str) else None


def identity(raw: Mapping[str, Any]) -> ContainerIdentity:
    state = raw.get("State") or {}
    health = state.get("Health") or {}
    config = raw.get("Config") or {}
    policy = ((raw.get("HostConfig") or {}).get("RestartPolicy") or {}).get("Name") or ""
    code = state.get("ExitCode")
    return ContainerIdentity(
        id=str(raw.get("Id") or ""),
        image=clean_name(config.get("Image") or raw.get("Image") or ""),
        started_at=_moment(state.get("StartedAt")),
        finished_at=_moment(state.get("FinishedAt")),
        restart_count=int(raw.get("RestartCount") or 0),
        exit_code=code if isinstance(code, int) else None,
        health=clean_name(health.get("Status") or ""),
        failing_streak=int(health.get("FailingStreak") or 0),
        oom_killed=bool(state.get("OOMKilled")),
        restart_policy=clean_name(policy),
    )


def exact_duration(seconds: float) -> str:
    """To the second: "3d 04h 05m 06s", "2m 07s", "42s"."""
    s = int(max(0.0, seconds))
    days, s = divmod(s, 86400)
    hours, s = divmod(s, 3600)
    minutes, s = divmod(s, 60)
    if days:
        return f"{days}d {hours:02d}h {minutes:02d}m {s:02d}s"
    if hours:
        return f"{hours}h {minutes:02d}m {s:02d}s"
    if minutes:
        return f"{minutes}m {s:02d}s"
    return f"{s}s"


def container_facts(c: Container, ident: ContainerIdentity | None, now: float) -> Facts:
    rows: list[tuple[str, str]] = [("Image", c.image), ("State", c.state)]
    if ident is not None and ident.id == c.id:
        if c.is_up and ident.started_at:
            rows.append(("Uptime", exact_duration(now - ident.started_at)))
        elif ident.finished_at:
            rows.append(("Exited", exact_duration(now - ident.finished_at) + " ago"))
        rows.append(("Restarts", str(ident.restart_count) + (f"  (policy {ident.restart_policy})" if ident.restart_policy and ident.restart_policy != "no" else "")))
        if ident.exit_code is not None and c.state not in ("running", "paused", "created"):
            rows.append(("Exit code", str(ident.exit_code) + ("  OOM-killed" if ident.oom_killed else "")))
        health = ident.health or c.health or ""
        if health:
            rows.append(("Health", health + (f"  ({ident.failing_streak} failing)" if ident.failing_streak else "")))
    else:
        rows.append(("Status", c.status or c.state))
        if c.health:
            rows.append(("Health", c.health))
    rows.append(("Ports", ", ".join(dict.fromkeys(str(p) for p in c.ports)) or fmt.DASH))  # IPv4 and IPv6 bindings read the same
    if c.compose_project:
        rows.append(("Compose", f"{c.compose_project} / {c.compose_service}"))
    return tuple(rows)


def _users(containers: list[Container]) -> str:
    if not containers:
        return "none"
    names = [f"{c.name} ({c.state})" for c in containers[:8]]
    more = len(containers) - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def object_facts(state: State, kind: str, obj: Image | Network | Volume) -> Facts:
    """Key facts of an image, network or volume, and who uses it."""
    if kind == "images":
        img = obj
        assert isinstance(img, Image)
        return (
            ("Tags", ", ".join(img.tags) or "<none>"),
            ("Id", img.short_id),
            ("Size", fmt.size(img.size)),
            ("Created", fmt.ago(img.created) if img.created else fmt.DASH),
            ("Used by", _users(containers_of_image(state, img.id))),
        )
    if kind == "networks":
        net = obj
        assert isinstance(net, Network)
        return (
            ("Name", net.name),
            ("Driver", net.driver or fmt.DASH),
            ("Scope", net.scope or fmt.DASH),
            ("Subnets", ", ".join(net.subnets) or fmt.DASH),
            ("Gateways", ", ".join(net.gateways) or fmt.DASH),
            ("Internal", "yes" if net.internal else "no"),
            ("Used by", _users(containers_on_network(state, net.id))),
        )
    vol = obj
    assert isinstance(vol, Volume)
    return (
        ("Name", vol.name),
        ("Driver", vol.driver),
        ("Mountpoint", vol.mountpoint or fmt.DASH),
        ("Created", vol.created or fmt.DASH),
        ("Used by", _users(containers_with_volume(state, vol.name))),
    )
