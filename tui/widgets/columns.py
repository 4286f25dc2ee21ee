"""What each pane shows: column specs that turn model objects into safe cells.

Every cell built from daemon text is a Rich ``Text`` (never a markup string), so a
name like ``a[/]b`` or ``[@click=app.quit]`` is shown literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from rich.text import Text

from ..domain import format as fmt
from ..domain.models import Container, Image, Network, Volume
from ..domain.state import State
from .palette import state_colour


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    cell: Callable[[Any, "Ctx"], Text | str]
    sort: Callable[[Any, "Ctx"], Any]
    width: int | None = None


@dataclass(frozen=True)
class Ctx:
    """What a cell may look at besides its object."""

    state: State
    colours: dict[str, str]
    pending: dict[str, str]  # id -> "stopping…"
    usage: dict[str, int]
    now: float


def _t(value: str, style: str = "") -> Text:
    return Text(value, style=style, no_wrap=True, overflow="ellipsis")


def _state_cell(c: Container, ctx: Ctx) -> Text:
    pending = ctx.pending.get(c.id)
    if pending:
        return _t(pending, f"italic {ctx.colours['state-pending']}")
    label = c.state
    if c.health:
        label = f"{c.state} ({c.health})"
    return _t(label, state_colour(ctx.colours, c.state, c.health))


def _cpu(c: Container, ctx: Ctx) -> float | None:
    s = ctx.state.stats.get(c.id)
    return s.cpu_percent if (s and c.state == "running") else None


def _mem(c: Container, ctx: Ctx):
    s = ctx.state.stats.get(c.id)
    return (s.mem_usage, s.mem_limit) if (s and c.state == "running") else (None, None)


def _status(c: Container, ctx: Ctx) -> str:
    # The daemon's "Up 5 minutes" goes stale between events; it is refreshed on each change.
    return c.status


CONTAINER_COLUMNS = (
    Column("name", "NAME", lambda c, x: _t(c.name, "bold"), lambda c, x: c.name.lower()),
    Column("image", "IMAGE", lambda c, x: _t(c.image), lambda c, x: c.image.lower()),
    Column("state", "STATE", _state_cell, lambda c, x: (c.state != "running", c.state)),
    Column("status", "STATUS", lambda c, x: _t(_status(c, x)), lambda c, x: -c.created),
    Column("cpu", "CPU %", lambda c, x: Text(fmt.percent(_cpu(c, x)), justify="right"), lambda c, x: _cpu(c, x) or -1.0, 7),
    Column("mem", "MEM", lambda c, x: Text(fmt.memory(*_mem(c, x)), justify="right"), lambda c, x: _mem(c, x)[0] or -1, 19),
    Column("ports", "PORTS", lambda c, x: _t(", ".join(str(p) for p in c.ports if p.public) or ""), lambda c, x: str(c.ports)),
    Column("project", "PROJECT", lambda c, x: _t(c.compose_project), lambda c, x: c.compose_project),
)


def _image_name(i: Image, ctx: Ctx) -> Text:
    if i.dangling:
        return _t(i.name + "  (dangling)", ctx.colours["state-exited"])
    extra = f" +{len(i.tags) - 1}" if len(i.tags) > 1 else ""
    return _t(i.name + extra, "bold")


IMAGE_COLUMNS = (
    Column("name", "REPOSITORY:TAG", _image_name, lambda i, x: (i.dangling, i.name.lower())),
    Column("id", "ID", lambda i, x: _t(i.short_id), lambda i, x: i.id),
    Column("size", "SIZE", lambda i, x: Text(fmt.size(i.size), justify="right"), lambda i, x: i.size, 9),
    Column("created", "CREATED", lambda i, x: _t(fmt.ago(i.created, x.now)), lambda i, x: -i.created),
    Column("used", "USED BY", lambda i, x: Text(str(x.usage.get(i.id, 0)), justify="right"), lambda i, x: x.usage.get(i.id, 0), 7),
)

NETWORK_COLUMNS = (
    Column("name", "NAME", lambda n, x: _t(n.name, "bold"), lambda n, x: n.name.lower()),
    Column("driver", "DRIVER", lambda n, x: _t(n.driver), lambda n, x: n.driver),
    Column("scope", "SCOPE", lambda n, x: _t(n.scope), lambda n, x: n.scope),
    Column("subnet", "SUBNET", lambda n, x: _t(", ".join(n.subnets)), lambda n, x: n.subnets),
    Column("used", "CONTAINERS", lambda n, x: Text(str(x.usage.get(n.id, 0)), justify="right"), lambda n, x: x.usage.get(n.id, 0), 10),
)

VOLUME_COLUMNS = (
    Column("name", "NAME", lambda v, x: _t(v.name, "bold"), lambda v, x: v.name.lower()),
    Column("driver", "DRIVER", lambda v, x: _t(v.driver), lambda v, x: v.driver),
    Column("used", "CONTAINERS", lambda v, x: Text(str(x.usage.get(v.name, 0)), justify="right"), lambda v, x: x.usage.get(v.name, 0), 10),
)


def search_fields(kind: str, obj) -> tuple[tuple[str, ...], dict[str, str], tuple]:
    """(substring haystack, named fields, labels) for the filter."""
    if kind == "containers":
        c: Container = obj
        fields = {"status": c.state, "state": c.state, "name": c.name, "image": c.image, "health": c.health or "", "project": c.compose_project}
        return (c.name, c.image, c.id), fields, c.labels
    if kind == "images":
        i: Image = obj
        fields = {"dangling": "true" if i.dangling else "false", "reference": " ".join(i.tags)}
        return (*i.tags, i.id), fields, i.labels
    if kind == "networks":
        n: Network = obj
        return (n.name, n.id, n.driver), {"driver": n.driver, "scope": n.scope, "name": n.name}, n.labels
    v: Volume = obj
    return (v.name, v.driver), {"driver": v.driver, "name": v.name}, v.labels
