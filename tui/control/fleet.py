"""The fleet in the application layer: many hosts, one merged view of a scope.

``FleetControl`` owns the engine's Fleet and a FleetState (one State per host). Each
change arrives tagged with its host; the hosts in the current scope are merged into the
one State the store publishes, so the panes work as they always have, on rows keyed by
(host, id). Scopes: ``all``, ``group:NAME``, or one host's name. Every action and read
goes to the session of the object's host (``session_for``).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Iterable

from rich.text import Text

from ..domain import changes as ch
from ..domain import uptime
from ..domain.fleet_state import SEP, FleetState, MergeCache, add_host, apply_fleet, merged, remove_host, row_key, split_key
from ..engine.endpoint import Endpoint
from ..engine.fleet import Fleet


STATS_GATHER = 0.3  # seconds a host's stats wait for the other hosts' before one publish


@dataclass(frozen=True, slots=True)
class HostMeta:
    key: str
    endpoint: Endpoint
    group: str = ""
    colour: str = ""


class FleetControl:
    def __init__(self, app, control, hosts: list[tuple[str, Endpoint]], *, groups: dict[str, str] | None = None,
                 colours: dict[str, str] | None = None, readonly: bool = False, stats_interval: float = 2.0, session_factory=None) -> None:  # fmt: skip
        self._app = app
        self._control = control
        extra = {"session_factory": session_factory} if session_factory is not None else {}
        self.fleet = Fleet(self._emit, readonly=readonly, stats_interval=stats_interval, log=app.log.info, **extra)
        self.state = FleetState()
        self._cache = MergeCache()
        self._stale_view = None  # (merged containers, stale hosts, the view with "stale since")
        self._stale_stats = None  # (merged stats, stale hosts, the samples of the hosts not stale)
        self.meta: dict[str, HostMeta] = {}
        for key, endpoint in hosts:
            self.add(key, endpoint, group=(groups or {}).get(key, ""), colour=(colours or {}).get(key, ""), start=False)
        self.scope_name = "all"
        self.focus = hosts[0][0]
        self.last_host = ""  # the host the last action went to (the header shows it)
        self._started = False
        self._publish_queued = False
        self.publishes_queued = 0  # merged states published (tests: a burst is not one each)
        self.publishes = 0  # every publish, the stats' too
        self._inbox: list[tuple[str, ch.Change]] = []  # engine threads -> UI thread (_emit, take_inbox)
        self._inbox_lock = threading.Lock()
        self._inbox_posted = False
        self._taking = False
        self.wakes = 0  # FleetChanges messages posted (tests: a burst is one, not one per change)
        self._stats_waiting = False  # stats reduced but not published yet (_publish_stats_later)
        self._stats_timer = None
        control.store.label_view = self._labels

    # Hosts

    def add(self, key: str, endpoint: Endpoint, *, group: str = "", colour: str = "", start: bool = True) -> None:
        """A host joins (at start, or at run time from the Hosts view); it connects on its own."""
        self.meta[key] = HostMeta(key, endpoint, group, colour)
        self.state = add_host(self.state, key)
        self.fleet.add(key, endpoint, start=start)
        if start:
            self._hosts_changed()

    def _hosts_changed(self) -> None:
        """The scope's hosts changed at run time: the panes re-check their HOST column."""
        name = f"scope:{self.scope_name}"
        self._control.store.switch_signal.publish((name, name))
        self._publish_soon()

    def remove(self, key: str) -> None:
        self.fleet.remove(key)
        self.meta.pop(key, None)
        if self.focus == key and self.state.order:
            self.focus = next((k for k in self.state.order if k != key), key)
        self.state = remove_host(self.state, key)
        self._cache.forget(key)
        self._hosts_changed()

    @property
    def keys(self) -> tuple[str, ...]:
        return self.state.order

    def session_for(self, host: str):
        return self.fleet.session(host or self.focus)

    def endpoint_for(self, host: str) -> Endpoint:
        return self.meta[host or self.focus].endpoint

    def readonly(self, host: str) -> bool:
        return bool(getattr(self.session_for(host), "readonly", False))

    def connection(self, host: str) -> str:
        st = self.state.hosts.get(host)
        return st.connection if st is not None else "lost"

    # Scope

    def scopes(self) -> list[str]:
        groups = sorted({m.group for m in self.meta.values() if m.group})
        return ["all", *(f"group:{g}" for g in groups), *self.keys]

    @property
    def scope(self) -> tuple[str, ...]:
        return self.hosts_in(self.scope_name)

    def hosts_in(self, name: str) -> tuple[str, ...]:
        """The hosts of a scope: all, ``group:NAME`` or one host (an unknown name: all)."""
        if name == "all":
            return self.keys
        if name.startswith("group:"):
            group = name[len("group:"):]
            return tuple(k for k in self.keys if self.meta[k].group == group)
        return (name,) if name in self.meta else self.keys

    def host_status(self, host: str) -> tuple[str, str, float | None]:
        """(connection, the reason the engine gave when it is not live, away since)."""
        st = self.state.hosts.get(host)
        conn = self.connection(host)
        return conn, (st.connection_reason if st is not None and conn != "live" else ""), self.state.stale_since.get(host)

    def set_scope(self, name: str) -> None:
        if name not in self.scopes() or name == self.scope_name:
            return
        old = self.scope_name
        self.scope_name = name
        if len(self.scope) == 1:
            self.focus = self.scope[0]
        store = self._control.store
        store.switch_signal.publish((f"scope:{old}", f"scope:{name}"))
        self._publish()
        store.publish_pending()
        store.status(Text(f"scope: {name}"))

    # Engine -> store

    def _emit(self, host: str, change: ch.Change) -> None:
        """Engine threads: queue the change; one FleetChanges message wakes the UI thread
        for everything queued until it takes them (``take_inbox``)."""
        from ..messages import FleetChanges

        with self._inbox_lock:
            if isinstance(change, ch.StatsBatch):  # a busy UI only needs a host's newest batch
                ids = {s.id for s in change.samples}
                self._inbox = [(h, c) for h, c in self._inbox if not (h == host and isinstance(c, ch.StatsBatch) and {s.id for s in c.samples} <= ids)]
            self._inbox.append((host, change))
            if self._inbox_posted:
                return
            self._inbox_posted = True
            self.wakes += 1
        self._app.post_message(FleetChanges())

    def take_inbox(self) -> None:
        """UI thread: every queued change in order, then one merged state at once."""
        with self._inbox_lock:
            items, self._inbox = self._inbox, []
            self._inbox_posted = False
        self._taking = True
        try:
            for host, change in items:
                self._control.on_change(change, None, host)
        finally:
            self._taking = False
            if self._publish_queued:
                self._publish()

    def start(self) -> None:
        self._started = True
        self.fleet.start_all()

    def close(self) -> None:
        self.fleet.close()

    def on_change(self, host: str, change: ch.Change) -> None:
        store = self._control.store
        if host not in self.meta:
            return
        if isinstance(change, ch.DaemonEvent):
            if host in self.state.hosts and self.state.hosts[host].synced:
                self._control.alerts.on_event(change, host)  # per host, before labels settle
            store.apply(change, host=host)  # pending labels, event history, the events signal
            fs = apply_fleet(self.state, host, change, store.clock())  # a start shows before its re-read
            if fs is not self.state:
                self.state = fs
                if host in self.scope:
                    self._publish_soon()
            return
        if isinstance(change, ch.ConnectionChanged):
            old = self.connection(host)
            if change.state != old and change.state in ("not-responding", "lost", "reconnecting") and old == "live":
                self._app.notify(f"{host}: {change.state.replace('-', ' ')}" + (f": {change.reason}" if change.reason else ""), severity="warning", markup=False, timeout=4)
            elif change.state == "live" and old in ("reconnecting", "not-responding"):
                self._app.notify(f"{host}: connection back", markup=False, timeout=3)
        self.state = apply_fleet(self.state, host, change, self._control.store.clock())
        store.settle(change, host)  # a Resynced clears only this host's labels
        if host in self.scope or isinstance(change, ch.ConnectionChanged):
            if isinstance(change, ch.StatsBatch) and len(self.scope) > 1:
                self._publish_stats_later()
            else:
                self._publish_soon()

    def _labels(self, labels: dict[str, str]) -> dict[str, str]:
        """Labels are keyed (host, id); one host in scope shows plain-id rows: add those."""
        scope = self.scope
        if len(scope) != 1:
            return labels
        prefix = scope[0] + SEP
        return {**labels, **{k[len(prefix):]: v for k, v in labels.items() if k.startswith(prefix)}}

    def _publish_soon(self) -> None:
        """One merged state for a burst: the changes taken together from the inbox (every
        host's events at once) are all reduced first, then the panes patch once, right
        away. Outside ``take_inbox`` (a host added, removed) ``call_later`` publishes after
        the messages already waiting (``call_next`` would run before them)."""
        if not self._publish_queued:
            self._publish_queued = True
            self.publishes_queued += 1
            if not self._taking:  # else take_inbox publishes when the batch is reduced
                self._app.call_later(self._publish_if_queued)

    def _publish_if_queued(self) -> None:
        if self._publish_queued:
            self._publish()

    def _publish_stats_later(self) -> None:
        """Each host's stats sweep ends at its own moment; a publish syncs every pane. Stats
        wait up to ``STATS_GATHER`` seconds for the other hosts' batches (or go out with the
        next publish of anything else), so a fleet publishes about once per sampling
        interval for its stats, not once per host."""
        self._stats_waiting = True
        if self._stats_timer is None:
            self._stats_timer = self._app.set_timer(STATS_GATHER, self._stats_due)

    def _stats_due(self) -> None:
        self._stats_timer = None
        if self._stats_waiting:
            self._publish()

    def _publish(self) -> None:
        self._publish_queued = False
        self._stats_waiting = False
        self.publishes += 1
        self._control.store.set_state(self.view())

    def view(self):
        """The merged State of the scope, with a lost host's rows marked "stale since 12:03"."""
        from dataclasses import replace
        from types import MappingProxyType

        scope = self.scope
        state = merged(self.state, scope, self._cache)  # unchanged hosts' rows keep their identity
        stale = {h: t for h, t in self.state.stale_since.items() if h in scope}
        if not stale or len(scope) == 1:
            return state
        # A lost host's last samples are no measure of now: its CPU and MEM read "—".
        stats = self._stale_stats
        if stats is None or stats[0] is not state.stats or stats[1] != stale:
            kept = MappingProxyType({k: v for k, v in state.stats.items() if split_key(k)[0] not in stale})
            stats = self._stale_stats = (state.stats, stale, kept)
        hit = self._stale_view
        if hit is not None and hit[0] is state.containers and hit[1] == stale:
            return replace(state, containers=hit[2], stats=stats[2])  # the same mappings: panes see no change
        containers = dict(state.containers)
        for key, c in state.containers.items():
            if c.host in stale:
                containers[key] = replace(c, status=uptime.stale_status(stale[c.host]))
        view = MappingProxyType(containers)
        self._stale_view = (state.containers, stale, view)
        return replace(state, containers=view, stats=stats[2])

    def is_stale(self, host: str) -> bool:
        return host in self.state.stale_since

    def chips(self):
        from ..widgets.host_chips import Chip

        scope = set(self.scope)
        out = []
        for key in self.keys:
            since = self.state.stale_since.get(key)
            out.append(Chip(key, self.connection(key), self.meta[key].colour, self.readonly(key), key in scope,
                            time.strftime("%H:%M", time.localtime(since)) if since else ""))  # fmt: skip
        return out

    def want_stats(self, ids: Iterable[str]) -> None:
        """Ids are (host, id) row keys from merged rows, plain ids from one host's rows (a
        plain id is wanted on every host that has it)."""
        wanted = set(ids)
        for key in self.keys:
            st = self.state.hosts[key]
            self.fleet.want_stats(key, [i for i in st.containers if i in wanted or row_key(key, i) in wanted])

    # The host a row lives on

    def host_of(self, obj: Any) -> str:
        return getattr(obj, "host", "") or (self.scope[0] if len(self.scope) == 1 else self.focus)

    def listing(self) -> bool:
        """Several hosts in scope and one of them has not sent its first listing yet."""
        hosts = self.state.hosts
        return len(self.scope) > 1 and not all(k in hosts and hosts[k].synced for k in self.scope)

    def hosts_shown(self) -> int:
        return len(self.scope)
