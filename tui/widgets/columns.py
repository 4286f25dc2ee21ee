"""What each pane shows: column specs that turn model objects into safe cells,
and how the columns share the pane's width.

Every cell built from daemon text is a Rich ``Text`` (never a markup string), so a
name like ``a[/]b`` or ``[@click=app.quit]`` is shown literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from rich.text import Text

from ..domain import format as fmt, uptime
from ..domain.models import Container, Image, Network, Volume
from ..domain.fleet_state import obj_key
from ..domain.state import State
from .colours import state_colour
from .stats_graphs import bars

GAP = 2  # DataTable's cell padding: one cell each side


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    cell: Callable[[Any, "Ctx"], Text]
    sort: Callable[[Any, "Ctx"], Any]
    min: int = 8  # narrowest useful width
    max: int = 20  # never wider than this
    priority: float = 0  # lower survives longer when the pane is narrow
    grow: int = 1  # share of the spare width, relative to the other columns
    want: int = 0  # reserved (when the content needs it) before less important columns are admitted
    ticks: bool = False  # depends on the clock: re-rendered by the pane's slow timer
    right: bool = False
    optional: bool = False  # shown only once a row has something to put in it (the CPU trend)


@dataclass(frozen=True)
class Ctx:
    """What a cell may look at besides its object."""

    state: State
    colours: dict[str, str]
    pending: dict[str, str]  # id -> "stopping…"
    usage: dict[str, int]
    now: float
    anchor: Callable[[Container], uptime.StatusAnchor] = lambda c: uptime.anchor(c.status, 0.0)
    times: Callable[[str], uptime.ContainerTimes | None] = lambda cid: None  # exact, once read
    recent: Callable[[str, int], list] = lambda cid, n: []  # the last n stats samples kept by the store


def fit(columns: Sequence[Column], available: int, content: dict[str, int] | None = None) -> dict[str, int]:
    """Widths for the columns that fit in ``available`` cells, by priority.

    ``content``: the widest value each column holds now (with its label). Without it the
    static ``min``/``max`` apply. With it, a column never takes more than its content needs
    (SCOPE holding ``local`` gets 5, not 6; an empty PROJECT its label), and columns whose
    content is wider than ``max`` may grow to it once the others have what they need.

    Columns are admitted most important first while their minimum widths fit; the space
    left goes first to the columns with ``grow`` > 1 (names, tags, ports), by weight, up to
    their content; then to the others. Columns that do not fit are left out.
    """
    lo: dict[str, int] = {}
    hi: dict[str, int] = {}
    extras = [c for c in columns if c.optional and (content or {}).get(c.key)]
    columns = [c for c in columns if not c.optional]
    for c in columns:
        if content is None or c.key not in content:
            lo[c.key], hi[c.key] = c.min, c.max
        else:
            need = max(1, content[c.key])
            # fixed columns (state, uptime, figures) reserve their whole content; the growing
            # ones (names, tags, ports) their minimum, or ``want`` when the content needs it
            lo[c.key] = min(max(c.min, c.want), need) if c.grow > 1 else min(c.max, need)
            hi[c.key] = max(lo[c.key], need if c.grow > 1 else min(c.max, need))
    chosen: set[str] = set()
    used = 0
    top = min((c.priority for c in columns), default=0)
    for col in sorted(columns, key=lambda c: c.priority):
        if used + lo[col.key] + GAP > available:
            room = available - used - GAP
            if col.priority == top and (not chosen or room >= min(col.min, 6)):
                # the most important columns (a name; HOST beside it in a fleet) always
                # show, the last one clipped, however narrow the pane
                lo[col.key] = min(lo[col.key], room)
                chosen.add(col.key)
                used += lo[col.key] + GAP
            break  # a less important column never displaces a more important one
        chosen.add(col.key)
        used += lo[col.key] + GAP
    widths = {c.key: lo[c.key] for c in columns if c.key in chosen}
    spare = available - used
    for first in (True, False):
        growable = [c for c in columns if c.key in chosen and hi[c.key] > widths[c.key] and (c.grow > 1) == first]
        while spare > 0 and growable:
            for col in list(growable):
                add = min(col.grow, hi[col.key] - widths[col.key], spare)
                widths[col.key] += add
                spare -= add
                if widths[col.key] >= hi[col.key]:
                    growable.remove(col)
                if spare <= 0:
                    break
    # optional columns (the CPU trend) only take what is left once names, tags and ports
    # have their content: never a cell of theirs
    for col in sorted(extras, key=lambda c: c.priority):
        if len(chosen) == len(columns) and spare >= col.min + GAP:  # after every other column
            widths[col.key] = col.min
            spare -= col.min + GAP
    return widths


def _t(value: str, style: str = "") -> Text:
    return Text(value, style=style, no_wrap=True, overflow="ellipsis")


def _r(value: str, style: str = "") -> Text:
    return Text(value, style=style, no_wrap=True, overflow="ellipsis", justify="right")


def _state_cell(c: Container, ctx: Ctx) -> Text:
    pending = ctx.pending.get(obj_key(c, c.id))
    if pending:
        return _t(pending, f"italic {ctx.colours['state-pending']}")
    return _t(state_label(c), state_colour(ctx.colours, c.state, c.health))


def state_label(c: Container) -> str:
    """The state, or for a running container with a healthcheck its health (narrow column)."""
    if c.state == "running" and c.health:
        return {"starting": "checking"}.get(c.health, c.health)
    return c.state


def _cpu(c: Container, ctx: Ctx) -> float | None:
    s = ctx.state.stats.get(obj_key(c, c.id))
    return s.cpu_percent if (s and c.state == "running") else None


def _mem(c: Container, ctx: Ctx):
    s = ctx.state.stats.get(obj_key(c, c.id))
    return (s.mem_usage, s.mem_limit) if (s and c.state == "running") else (None, None)


def _known(value: float | None) -> float:
    # unknown ("—") sorts below every measured value, including 0
    return -1.0 if value is None else value


def _status(c: Container, ctx: Ctx) -> str:
    # The daemon's "Up 5 minutes" goes stale between events: age it from its anchor.
    return uptime.render(ctx.anchor(c), ctx.now)


def _status_sort(c: Container, ctx: Ctx) -> tuple:
    a = ctx.anchor(c)
    age = uptime.age_seconds(a, ctx.now)
    return (a.kind != "up", age if age is not None else float("inf"))


def compact_size(n: int) -> str:
    """Docker-stats style, short: 452KiB, 1.9MiB, 24GiB."""
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            break
        value /= 1024
    return f"{value:.1f}{unit}" if value < 10 and unit != "B" else f"{value:.0f}{unit}"


def memory_text(used: int | None, limit: int | None) -> str:
    if used is None:
        return fmt.DASH
    return f"{compact_size(used)} / {compact_size(limit)}" if limit else compact_size(used)


def _restarts(c: Container, ctx: Ctx) -> int | None:
    t = ctx.times(c.id)
    return None if t is None else t.restart_count


TREND = 9  # samples in the CPU trend cell (and its width: the label "CPU TREND")


def _trend(c: Container, ctx: Ctx) -> Text:
    """A sparkline of the container's last CPU samples, from the store's bounded history
    (what the sampler read anyway: no request of its own). Blank for rows not sampled.
    Scaled to the window's peak, at least 5 % of a core, so an idle row stays low."""
    if c.state != "running":
        return _t("")
    values = [s.cpu_percent for s in ctx.recent(c.id, TREND)]
    known = [v for v in values if v is not None]
    if not known:
        return _t("")
    return _t(bars(values, TREND, 1, top=max(5.0, max(known)))[0], "cyan")


def _trend_sort(c: Container, ctx: Ctx) -> float:
    values = [s.cpu_percent for s in ctx.recent(c.id, TREND) if s.cpu_percent is not None] if c.state == "running" else []
    return sum(values) / len(values) if values else -1.0


def _ports(c: Container) -> str:
    return ", ".join(dict.fromkeys(str(p) for p in c.ports if p.public))  # 0.0.0.0 and :: bindings read the same


CONTAINER_COLUMNS = (
    Column("name", "NAME", lambda c, x: _t(c.name, "bold"), lambda c, x: c.name.lower(), min=10, max=28, priority=0, grow=3, want=24),
    Column("image", "IMAGE", lambda c, x: _t(c.image), lambda c, x: c.image.lower(), min=10, max=30, priority=5, grow=2),
    Column("state", "STATE", _state_cell, lambda c, x: (c.state != "running", c.state, c.health or ""), min=9, max=12, priority=1),
    Column("status", "STATUS", lambda c, x: _t(_status(c, x)), _status_sort, min=14, max=22, priority=4, ticks=True),
    Column("cpu", "CPU %", lambda c, x: _r(fmt.percent(_cpu(c, x))), lambda c, x: _known(_cpu(c, x)), min=6, max=7, priority=2, right=True),
    Column("mem", "MEM", lambda c, x: _r(memory_text(*_mem(c, x))), lambda c, x: _known(_mem(c, x)[0]), min=14, max=16, priority=3, right=True),
    Column("trend", "CPU TREND", _trend, _trend_sort, min=TREND, max=TREND, priority=7.5, optional=True),
    Column("ports", "PORTS", lambda c, x: _t(_ports(c)), lambda c, x: _ports(c), min=11, max=22, priority=6, grow=2),
    Column("restarts", "RESTARTS", lambda c, x: _r(fmt.DASH if _restarts(c, x) is None else str(_restarts(c, x))), lambda c, x: _restarts(c, x) or 0, min=8, max=8, priority=7, right=True),
    Column("project", "PROJECT", lambda c, x: _t(c.compose_project), lambda c, x: c.compose_project, min=8, max=14, priority=8),
)


def _image_name(i: Image, ctx: Ctx) -> Text:
    if i.dangling:
        return _t("⌀ " + i.name, ctx.colours["state-exited"])
    extra = f" +{len(i.tags) - 1}" if len(i.tags) > 1 else ""
    return _t(i.name + extra, "bold")


IMAGE_COLUMNS = (
    Column("name", "REPOSITORY:TAG", _image_name, lambda i, x: (i.dangling, i.name.lower()), min=12, max=40, priority=0, grow=3, want=36),
    Column("id", "ID", lambda i, x: _t(i.short_id), lambda i, x: i.id, min=12, max=12, priority=4),
    Column("size", "SIZE", lambda i, x: _r(fmt.size(i.size)), lambda i, x: i.size, min=9, max=9, priority=2, right=True),
    Column("created", "CREATED", lambda i, x: _t(fmt.ago(i.created, x.now)), lambda i, x: -i.created, min=12, max=15, priority=3, ticks=True),
    Column("used", "USED", lambda i, x: _r(str(x.usage.get(obj_key(i, i.id), 0))), lambda i, x: x.usage.get(obj_key(i, i.id), 0), min=4, max=7, priority=1, right=True),
)

NETWORK_COLUMNS = (
    Column("name", "NAME", lambda n, x: _t(n.name, "bold"), lambda n, x: n.name.lower(), min=8, max=30, priority=0, grow=3, want=28),
    Column("driver", "DRIVER", lambda n, x: _t(n.driver), lambda n, x: n.driver, min=6, max=8, priority=3),
    Column("scope", "SCOPE", lambda n, x: _t(n.scope), lambda n, x: n.scope, min=5, max=6, priority=4),
    Column("subnet", "SUBNET", lambda n, x: _t(", ".join(n.subnets)), lambda n, x: n.subnets, min=13, max=20, priority=2, grow=2),
    Column("used", "CTRS", lambda n, x: _r(str(x.usage.get(obj_key(n, n.id), 0))), lambda n, x: x.usage.get(obj_key(n, n.id), 0), min=4, max=4, priority=1, right=True),
)

VOLUME_COLUMNS = (
    Column("name", "NAME", lambda v, x: _t(v.name, "bold"), lambda v, x: v.name.lower(), min=12, max=64, priority=0, grow=3),
    Column("driver", "DRIVER", lambda v, x: _t(v.driver), lambda v, x: v.driver, min=6, max=8, priority=2),
    Column("used", "CTRS", lambda v, x: _r(str(x.usage.get(obj_key(v, v.name), 0))), lambda v, x: x.usage.get(obj_key(v, v.name), 0), min=4, max=4, priority=1, right=True),
)


FILTER_KEYS = {
    "containers": ("status", "state", "name", "image", "health", "project", "port"),
    "images": ("dangling", "reference"),
    "networks": ("driver", "scope", "name"),
    "volumes": ("driver", "name"),
}


def _port_tokens(c: Container) -> str:
    """Every port a container has, public and private, for ``port=8080`` (``port=80/tcp``)."""
    out = []
    for p in c.ports:
        out += [str(p.private), f"{p.private}/{p.proto}"]
        if p.public:
            out.append(str(p.public))
    return " ".join(out)


def search_fields(kind: str, obj) -> tuple[tuple[str, ...], dict[str, str], tuple]:
    """(substring haystack, named fields, labels) for the filter."""
    if kind == "containers":
        c: Container = obj
        fields = {"status": c.state, "state": c.state, "name": c.name, "image": c.image, "health": c.health or "", "project": c.compose_project, "port": _port_tokens(c)}
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
