"""The application state and the pure reducer that applies engine changes to it.

Only the UI thread calls ``apply``; each call returns a new State and leaves the old
one untouched, so panes can diff old against new.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Mapping

from . import changes as ch
from .models import Container, DaemonInfo, Image, Network, StatsSample, Volume

_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class State:
    containers: Mapping[str, Container] = field(default_factory=lambda: _EMPTY)
    images: Mapping[str, Image] = field(default_factory=lambda: _EMPTY)
    networks: Mapping[str, Network] = field(default_factory=lambda: _EMPTY)
    volumes: Mapping[str, Volume] = field(default_factory=lambda: _EMPTY)
    stats: Mapping[str, StatsSample] = field(default_factory=lambda: _EMPTY)
    info: DaemonInfo = field(default_factory=DaemonInfo)
    connection: str = "connecting"
    connection_reason: str = ""
    synced: bool = False  # at least one full listing has arrived


def _with(mapping: Mapping, key, value) -> Mapping:
    new = dict(mapping)
    new[key] = value
    return MappingProxyType(new)


def _without(mapping: Mapping, key) -> Mapping:
    if key not in mapping:
        return mapping
    new = dict(mapping)
    del new[key]
    return MappingProxyType(new)


def _index(items, key) -> Mapping:
    return MappingProxyType({key(i): i for i in items})


def apply(state: State, change) -> State:
    """Return the state after ``change``. Unknown changes leave it as it is."""
    match change:
        case ch.Resynced(snapshot=snap):
            live = {c.id for c in snap.containers if c.state == "running"}
            return replace(
                state,
                containers=_index(snap.containers, lambda c: c.id),
                images=_index(snap.images, lambda i: i.id),
                networks=_index(snap.networks, lambda n: n.id),
                volumes=_index(snap.volumes, lambda v: v.name),
                stats=MappingProxyType({k: v for k, v in state.stats.items() if k in live}),
                info=snap.info,
                connection="live",
                connection_reason="",
                synced=True,
            )
        case ch.ContainerChanged(container=c):
            stats = state.stats
            if c.state != "running":
                stats = _without(stats, c.id)
            return replace(state, containers=_with(state.containers, c.id, c), stats=stats)
        case ch.ContainerRemoved(id=cid):
            return replace(state, containers=_without(state.containers, cid), stats=_without(state.stats, cid))
        case ch.ImagesRelisted(images=images):
            return replace(state, images=_index(images, lambda i: i.id))
        case ch.NetworkChanged(network=n):
            return replace(state, networks=_with(state.networks, n.id, n))
        case ch.NetworkRemoved(id=nid):
            return replace(state, networks=_without(state.networks, nid))
        case ch.VolumeChanged(volume=v):
            return replace(state, volumes=_with(state.volumes, v.name, v))
        case ch.VolumeRemoved(name=name):
            return replace(state, volumes=_without(state.volumes, name))
        case ch.VolumesRelisted(volumes=vols):
            return replace(state, volumes=_index(vols, lambda v: v.name))
        case ch.InfoChanged(info=info):
            return replace(state, info=info)
        case ch.ConnectionChanged(state=conn, reason=reason):
            if not reason and conn == "reconnecting" and state.connection in ("reconnecting", "not-responding", "lost"):
                reason = state.connection_reason  # a new attempt says nothing new: why it went away still holds
            return replace(state, connection=conn, connection_reason=reason)
        case ch.DaemonEvent(type="container", actor_id=cid) if cid in state.containers:
            c = state.containers[cid]
            now = said_by(c, change)
            if now is None or now == c:
                return state
            stats = state.stats if now.state == "running" else _without(state.stats, cid)
            return replace(state, containers=_with(state.containers, cid, now), stats=stats)
        case ch.StatsBatch(samples=samples):
            new = dict(state.stats)
            for s in samples:
                if s.id in state.containers:
                    new[s.id] = s
            return replace(state, stats=MappingProxyType(new))
    return state


def said_by(c: Container, event: ch.DaemonEvent) -> Container | None:
    """The container as a lifecycle event already says it is, before the re-read that event
    triggers comes back (tens to hundreds of ms on a busy daemon): the row shows "running"
    when the daemon says it started. The re-read then replaces the whole row with the
    daemon's listing (ports, status); None for events that say nothing certain."""
    action, _, detail = event.action.partition(":")
    action, detail = action.strip(), detail.strip()
    if action == "start":
        return replace(c, state="running", status="Up Less than a second", health="starting" if c.health else None)
    if action == "die":
        code = event.attr("exitCode", "0")
        code = code if code.lstrip("-").isdigit() else "0"
        return replace(c, state="exited", status=f"Exited ({code}) Less than a second ago", health=None)
    if action == "pause" and c.state == "running":
        return replace(c, state="paused")
    if action == "unpause" and c.state == "paused":
        return replace(c, state="running")
    if action == "health_status" and detail in ("healthy", "unhealthy", "starting"):
        return replace(c, health=detail)
    return None


# Derived views: computed from containers so no extra daemon request is needed.

# Counts are keyed by id (by name for volumes); a fleet's merged rows (``host`` set) count
# per (host, id) with ``_on``: the same image id on two hosts is two counts, never a sum.

def _on(obj: object, ident: str) -> str:
    host = getattr(obj, "host", "")
    return f"{host}\x1f{ident}" if host else ident  # fleet_state.row_key


def image_usage(state: State) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in state.containers.values():
        k = _on(c, c.image_id)
        counts[k] = counts.get(k, 0) + 1
    return counts


def network_usage(state: State) -> dict[str, int]:
    counts: dict[str, int] = {}
    by_name = {_on(n, n.name): n.id for n in state.networks.values()}
    for c in state.containers.values():
        for a in c.networks:
            nid = a.network_id or by_name.get(_on(c, a.network), "")
            if nid:
                k = _on(c, nid)
                counts[k] = counts.get(k, 0) + 1
    return counts


def volume_usage(state: State) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in state.containers.values():
        for m in c.mounts:
            if m.type == "volume" and m.name:
                k = _on(c, m.name)
                counts[k] = counts.get(k, 0) + 1
    return counts


@dataclass(frozen=True, slots=True)
class RowDiff:
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    added: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.removed or self.changed or self.added)


def diff(old: Mapping, new: Mapping) -> RowDiff:
    """Keys removed, changed (by value) and added between two mappings."""
    if old is new:
        return RowDiff((), (), ())
    removed = tuple(k for k in old if k not in new)
    added = tuple(k for k in new if k not in old)
    # identity first: a dataclass's == builds and compares a tuple of every field, and most
    # rows of a merged fleet state are the very same objects as before
    changed = tuple(k for k, v in new.items() if k in old and (w := old[k]) is not v and w != v)
    return RowDiff(removed, changed, added)
