"""Fleet state: one reduced State per host, and the merged view of a scope of hosts.

Rows are keyed by (host, id): ``row_key(host, id)``. The same container id on two hosts
(cloned machines, copied data-roots) is two rows. With one host in scope, ``merged``
returns that host's State untouched: one-host Dockyard looks and behaves exactly as before.

A host that goes away keeps its rows: ``stale_since`` records when (the reducer keeps
objects on a ConnectionChanged), and the next Resynced replaces them exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Iterable, Mapping

from . import changes as ch
from .state import State, apply

_EMPTY: Mapping = MappingProxyType({})
SEP = "\x1f"  # between host and id in a row key: never in a host name (sanitised) or an id
AWAY = ("lost", "reconnecting", "not-responding")


def row_key(host: str, ident: str) -> str:
    return f"{host}{SEP}{ident}"


def obj_key(obj: object, ident: str) -> str:
    """What a merged row's per-host lookups use: ``row_key(obj.host, ident)`` for a fleet's
    merged rows (stats, USED/CTRS counts, pending labels), ``ident`` for one host's rows."""
    host = getattr(obj, "host", "")
    return row_key(host, ident) if host else ident


def split_key(key: str) -> tuple[str, str]:
    """(host, id) of a merged row key; ("", key) for a one-host key."""
    host, sep, ident = key.partition(SEP)
    return (host, ident) if sep else ("", key)


@dataclass(frozen=True, slots=True)
class FleetState:
    hosts: Mapping[str, State] = field(default_factory=lambda: _EMPTY)
    order: tuple[str, ...] = ()  # hosts in the order they were given
    stale_since: Mapping[str, float] = field(default_factory=lambda: _EMPTY)


def add_host(fs: FleetState, host: str) -> FleetState:
    if host in fs.hosts:
        return fs
    hosts = dict(fs.hosts)
    hosts[host] = State()
    return replace(fs, hosts=MappingProxyType(hosts), order=(*fs.order, host))


def remove_host(fs: FleetState, host: str) -> FleetState:
    if host not in fs.hosts:
        return fs
    hosts = {k: v for k, v in fs.hosts.items() if k != host}
    stale = {k: v for k, v in fs.stale_since.items() if k != host}
    return FleetState(MappingProxyType(hosts), tuple(h for h in fs.order if h != host), MappingProxyType(stale))


def apply_fleet(fs: FleetState, host: str, change: object, now: float) -> FleetState:
    """The fleet after ``change`` from ``host`` (unknown hosts are ignored: removed ones)."""
    old = fs.hosts.get(host)
    if old is None:
        return fs
    new = apply(old, change)
    stale = fs.stale_since
    if isinstance(change, ch.ConnectionChanged):
        if change.state in AWAY and host not in stale:
            stale = MappingProxyType({**stale, host: now})
        elif change.state == "live" and host in stale:
            stale = MappingProxyType({k: v for k, v in stale.items() if k != host})
    elif isinstance(change, ch.Resynced) and host in stale:
        stale = MappingProxyType({k: v for k, v in stale.items() if k != host})
    if new is old and stale is fs.stale_since:
        return fs
    hosts = dict(fs.hosts)
    hosts[host] = new
    return replace(fs, hosts=MappingProxyType(hosts), stale_since=stale)


_KINDS = ("containers", "images", "networks", "volumes")


class MergeCache:
    """Keeps each host's merged rows between calls (UI thread only): a change on one host
    re-tags only that host's changed objects, and unchanged rows keep their identity, so
    the panes' diff finds them equal at once."""

    def __init__(self) -> None:
        self._parts: dict[tuple[str, str], tuple[Mapping, dict]] = {}
        # kind -> (the hosts' own mappings it was merged from, the merged mapping): when no
        # host in scope changed that kind, the same merged mapping object is handed out, so
        # the panes see "unchanged" by identity (a stats tick re-syncs only the figures)
        self._whole: dict[str, tuple[tuple, Mapping]] = {}

    def whole(self, kind: str, sources: tuple, build) -> Mapping:
        hit = self._whole.get(kind)
        if hit is not None and hit[0][0] == sources[0] and len(hit[0]) == len(sources) and all(a is b for a, b in zip(hit[0][1:], sources[1:])):
            return hit[1]
        out = MappingProxyType(build())
        self._whole[kind] = (sources, out)
        return out

    def part(self, host: str, kind: str, mapping: Mapping) -> dict:
        hit = self._parts.get((host, kind))
        if hit is not None and hit[0] is mapping:
            return hit[1]
        src, old = hit if hit is not None else (_EMPTY, {})
        out = {}
        for ident, obj in mapping.items():
            key = row_key(host, ident)
            prev = old.get(key)
            out[key] = prev if prev is not None and src.get(ident) is obj else replace(obj, host=host)
        self._parts[(host, kind)] = (mapping, out)
        return out

    def forget(self, host: str) -> None:
        for kind in _KINDS:
            self._parts.pop((host, kind), None)


def merged(fs: FleetState, scope: Iterable[str], cache: MergeCache | None = None) -> State:
    """One State for the panes: the hosts in ``scope``, rows keyed by (host, id), each
    object's ``host`` set. One host: that host's State, as it is."""
    hosts = [h for h in scope if h in fs.hosts]
    if len(hosts) == 1:
        return fs.hosts[hosts[0]]
    if not hosts:
        return State()
    cache = cache if cache is not None else MergeCache()
    states = [fs.hosts[h] for h in hosts]
    out: dict[str, Mapping] = {}
    for kind in _KINDS:
        def build(kind=kind) -> dict:
            merged_kind: dict = {}
            for h, st in zip(hosts, states):
                merged_kind.update(cache.part(h, kind, getattr(st, kind)))
            return merged_kind

        out[kind] = cache.whole(kind, (tuple(hosts), *(getattr(st, kind) for st in states)), build)

    def stats() -> dict:
        # per (host, id): twins (one container id on two hosts) keep their own CPU/MEM cell
        return {row_key(h, cid): sample for h, st in zip(hosts, states) for cid, sample in st.stats.items()}

    live = [s for s in states if s.connection == "live"]
    connection = "live" if live else states[0].connection
    return State(
        containers=out["containers"],
        images=out["images"],
        networks=out["networks"],
        volumes=out["volumes"],
        stats=cache.whole("stats", (tuple(hosts), *(st.stats for st in states)), stats),
        info=states[0].info,
        connection=connection,
        synced=any(s.synced for s in states),
    )


def hosts_of(objects: Iterable[object]) -> dict[str, list[object]]:
    """Objects grouped by their host, in first-seen order (bulk actions route by host)."""
    out: dict[str, list[object]] = {}
    for obj in objects:
        out.setdefault(getattr(obj, "host", ""), []).append(obj)
    return out


def bulk_summary(verb: str, noun: str, objects: list[object]) -> str:
    """"Stop 3 containers on 2 hosts: prod-1 (web, api), prod-2 (worker)"."""
    groups = hosts_of(objects)
    n = len(objects)
    plural = noun if n == 1 else noun + "s"
    if len(groups) <= 1:
        return f"{verb} {n} {plural}"
    parts = ", ".join(f"{h} ({', '.join(getattr(o, 'name', '') or o.id[:12] for o in objs)})" for h, objs in groups.items())
    return f"{verb} {n} {plural} on {len(groups)} hosts: {parts}"
