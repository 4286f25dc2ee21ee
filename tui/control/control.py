"""Control: wires one engine Session to the store, operations, navigation and flows."""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

from rich.text import Text

from ..domain import api_features, capabilities, changes as ch
from ..engine.endpoint import Endpoint
from ..engine.session import Session
from .flows import Flows
from .navigation import Navigation
from .operations import Operations
from .store import Store


class Control:
    def __init__(
        self,
        app,
        endpoint: Endpoint,
        *,
        readonly: bool = False,
        stats_interval: float = 2.0,
        clock: Callable[[], float] = time.time,
        session: Session | None = None,
        session_factory: Callable[..., Session] = Session,
        fleet: list[tuple[str, Endpoint]] | None = None,
        fleet_groups: dict[str, str] | None = None,
        fleet_colours: dict[str, str] | None = None,
    ) -> None:
        self._app = app
        self.endpoint = endpoint
        self._readonly = readonly
        self._stats_interval = stats_interval
        self._session_factory = session_factory
        self.store = Store(app, clock, stats_interval)
        self._generation = 0  # bumped by switch(): changes of a closed session are dropped
        self._direct: int | None = None  # the thread start() runs on, while it applies the backlog
        self.fleet = None
        if fleet and len(fleet) > 1:
            from .fleet import FleetControl

            self.fleet = FleetControl(app, self, fleet, groups=fleet_groups, colours=fleet_colours, readonly=readonly,
                                      stats_interval=stats_interval, session_factory=session_factory if session_factory is not Session else None)  # fmt: skip
            self.endpoint = self.fleet.endpoint_for(fleet[0][0])
            session = self.fleet.session_for(fleet[0][0])
        elif session is None:
            session = session_factory(endpoint, self._emitter(), readonly=readonly, stats_interval=stats_interval, log=app.log.info)
        else:
            session.wire(self._emitter(), app.log.info)  # prestarted by the entry point
        self.session = session
        from .hosts import Hosts

        self.hosts = Hosts(app, self)
        self.ops = Operations(app, self.store, lambda: self.session)
        self.store.compose_v1 = _compose_v1_only()
        self.nav = Navigation(app, self)
        self.flows = Flows(app, self)
        self._noted_api = ""
        from .alerts import Alerts, rules_from
        from .daily import Daily

        self.daily = Daily(app, self)
        from .swarm import SwarmControl

        self.swarm = SwarmControl(app, self)

        self.alerts = Alerts(
            app, app, rules_from(getattr(getattr(app, "config", None), "settings", None)), endpoint.describe(),
            requested=lambda cid: cid in self.store.pending.labels,
            name_of=self._name_of,
            rules_for=lambda host: rules_from(getattr(getattr(app, "config", None), "settings", None), host),
        )

    def _name_of(self, cid: str, host: str = "") -> str:
        """A container's name for an alert: from its host's state in a fleet."""
        if host and self.fleet is not None and host in self.fleet.state.hosts:
            return getattr(self.fleet.state.hosts[host].containers.get(cid), "name", "")
        return getattr(self.store.state.containers.get(cid), "name", "")

    # Engine -> UI

    def _emitter(self) -> Callable[[ch.Change], None]:
        """An emit for the session of this generation, called from engine threads:
        post_message is thread-safe and never blocks. Called by ``start`` on the UI thread
        (the backlog of a prestarted session), it applies the change at once."""
        from ..messages import EngineChange

        generation, post = self._generation, self._app.post_message

        def emit(change: ch.Change) -> None:
            if self._direct == threading.get_ident():
                self.on_change(change, generation)
            else:
                post(EngineChange(change, generation=generation))

        return emit

    def _emit(self, change: ch.Change) -> None:
        self._emitter()(change)

    def start(self) -> None:
        """Start the session (or the fleet). What a session found before the UI existed (the
        entry point prestarts it: its first listing is read while Textual loads) is applied
        here, on the UI thread, before the dashboard mounts: the first frame has the rows,
        where a posted message would reach the store only after an empty first paint (issue
        20). Changes from then on are posted, as always."""
        if self.fleet is not None:
            self.fleet.start()
            return
        self._direct = threading.get_ident()
        try:
            self.session.start()
        finally:
            self._direct = None

    def close(self) -> None:
        if self.fleet is not None:
            self.fleet.close()
        else:
            self.session.close()

    # The fleet: the object under the cursor says which host reads and actions go to

    def focus_object(self, obj: Any) -> None:
        """The dashboard's cursor moved to ``obj``: its host is the one acted on."""
        if self.fleet is None:
            return
        host = self.fleet.host_of(obj) if obj is not None else self.fleet.focus
        if host != self.fleet.focus or self.session is not self.fleet.session_for(host):
            self.fleet.focus = host
            self.session = self.fleet.session_for(host)
            self.endpoint = self.fleet.endpoint_for(host)
            self._app.endpoint = self.endpoint  # the learning views draw the daemon's machine

    def pending_key(self, obj: Any) -> str:
        """A pending label's key: the id, or (host, id) in a fleet (each host settles its own)."""
        if self.fleet is None:
            return obj.id
        from ..domain.fleet_state import row_key

        return row_key(self.fleet.host_of(obj), obj.id)

    def session_for(self, obj: Any) -> Session:
        if self.fleet is None:
            return self.session
        return self.fleet.session_for(self.fleet.host_of(obj))

    def daemon_args_for(self, obj: Any) -> tuple[str, ...]:
        if self.fleet is None:
            return self.daemon_args()
        return self.fleet.endpoint_for(self.fleet.host_of(obj)).cli_args()

    @property
    def host_key(self) -> str:
        return self.endpoint.key

    def daemon_args(self) -> tuple[str, ...]:
        """The docker CLI flags naming the daemon acted on (for the action log)."""
        return self.endpoint.cli_args()

    def switch(self, endpoint: Endpoint) -> None:
        """Point the dashboard at another daemon without restarting: close the old session
        (instant), forget its state, start a session on ``endpoint``. Screens keep each
        host's cursor and filter (``store.switch_signal``)."""
        old = self.session
        old_key = self.host_key
        self._generation += 1
        old.close()
        self.endpoint = endpoint
        self._app.endpoint = endpoint
        self._noted_api = ""
        self.session = self._session_factory(
            endpoint, self._emitter(), readonly=self._readonly, stats_interval=self._stats_interval, log=self._app.log.info
        )
        self.store.switch_signal.publish((old_key, endpoint.key))
        self.store.reset()
        self.swarm.reset()
        self.session.start()
        self.session.want_stats(self.store.want_stats("", ()))
        self.store.status(Text(f"switched to {endpoint.key}"))
        self.store.record(f"# switched to {endpoint.describe()}", "ok")

    def on_change(self, change: ch.Change, generation: int | None = None, host: str = "") -> None:
        """One engine change, on the UI thread: connection news, then the reducer."""
        if generation is not None and generation != self._generation:
            return  # from a session closed by switch(): its threads may still be finishing
        if self.swarm.on_change(change, host if self.fleet is not None else ""):
            return  # swarm news: the Swarm screen's own signal
        if self.fleet is not None:
            self.fleet.on_change(host, change)
            return
        if isinstance(change, ch.ConnectionChanged):
            self._connection_changed(change)
        elif isinstance(change, ch.Resynced):
            self.nav.connected()
            if not self.store.state.synced:  # the first listing: once painted, the engine may load docker-py
                self._app.call_after_refresh(getattr(self.session, "first_painted", _nothing))
            self._note_api_version()
        elif isinstance(change, ch.DaemonEvent) and self.store.resyncs:
            self.alerts.on_event(change)  # before the store settles pending labels
        self.store.apply(change)

    def _connection_changed(self, change: ch.ConnectionChanged) -> None:
        state = self.store.state
        if change.state == "lost" and not state.synced:
            self.nav.connection_lost(self.endpoint.describe(), change.reason)
        # One toast per transition: the pump retries every few seconds while the daemon is away.
        if change.state in ("reconnecting", "not-responding") and change.reason and state.connection != change.state:
            self._app.notify(f"{change.state.replace('-', ' ')}: {change.reason}", severity="warning", markup=False, timeout=4)
        if change.state == "live" and state.connection in ("reconnecting", "not-responding"):
            self._app.notify("Connection to the daemon is back", markup=False, timeout=3)

    def _note_api_version(self) -> None:
        """Once per daemon version: say which features an older API lacks."""
        version = self.api_version
        if version and version != self._noted_api:
            self._noted_api = version
            for note in api_features.notes(version, at_start=True):
                self._app.notify(note, title="Older Docker API", severity="warning", markup=False, timeout=8)

    @property
    def api_version(self) -> str:
        return self.session.api_version

    @property
    def readonly(self) -> bool:
        """--readonly, or the host's own read-only entry (the engine refuses both)."""
        return self._readonly or bool(getattr(self.session, "readonly", False))

    # What screens ask of the daemon

    def want_stats(self, owner: str, ids) -> None:
        """Each view says which containers it shows; the sampler samples the union."""
        wanted = self.store.want_stats(owner, ids)
        if self.fleet is not None:
            self.fleet.want_stats(wanted)
        else:
            self.session.want_stats(wanted)

    def want_times(self, containers) -> None:
        """Read the exact start/finish times of these containers if not known yet (one inspect
        each, in a worker); the store publishes times_signal when they arrive."""
        containers = [c for c in containers if c.state != "created"]
        asked = self.store.times_to_read(containers)
        if not asked:
            return
        # In a fleet each host's containers are read on that host's session.
        by_host: dict[str, tuple[Session, dict[str, int]]] = {}
        for c in containers:
            if c.id in asked:
                host = getattr(c, "host", "")
                by_host.setdefault(host, (self.session_for(c), {}))[1][c.id] = asked[c.id]
        for session, part in by_host.values():
            self._read_times(session, part)

    def _read_times(self, session: Session, asked: dict[str, int]) -> None:
        def failed(message: str) -> None:
            self.store.set_times({}, asked)  # asked again when next shown

        self.ops.read(lambda _s: session.container_times(list(asked)), done=lambda times: self.store.set_times(times, asked), owner=self._app, failed=failed, group=f"times-{next(iter(asked))}")

    def allowed(self, action: str) -> bool:
        """False for a mutating action in read-only mode (keys are dimmed and refused)."""
        return not (self.readonly and capabilities.is_mutating(action))

    def container_action(self, action: str, targets: list[Any], command: str | None = None) -> bool:
        """start/stop/restart/pause/unpause/kill on the containers it applies to."""
        targets = capabilities.applicable("containers", action, targets)
        self._note_hosts(targets)
        return self.ops.objects("containers", action, targets, command=command)

    def remove(self, kind: str, targets: list[Any], **options) -> bool:
        self._note_hosts(targets)
        return self.ops.objects(kind, "remove", targets, options=options)

    def _note_hosts(self, targets: list[Any]) -> None:
        """The fleet header shows the host(s) of the last action."""
        if self.fleet is not None and targets:
            self.fleet.last_host = ", ".join(dict.fromkeys(self.fleet.host_of(t) for t in targets))

    def project_action(self, action: str, project: str, members: list[Any]) -> bool:
        """``docker compose -p NAME start|stop|restart``: start in service order, the others side by side."""
        from ..domain import docker_cli

        if self.ops.refuse() or not members:
            return False
        targets = members if action == "restart" else capabilities.applicable("containers", action, members)
        self.store.set_pending("containers", action, [self.pending_key(c) for c in targets])

        def done(failures: list[tuple[str, str]]) -> None:
            if failures:
                self._app.notify("; ".join(f"{n}: {m}" for n, m in failures), title="Action failed", severity="error", markup=False, timeout=8)

        return self.ops.run(docker_cli.compose(project, action), lambda s: s.project_action(action, targets), done=done)

    def status(self, text: Text) -> None:
        self.store.status(text)

    def remember(self, table: str, key: str, value: object) -> str:
        """Write a choice to config.toml ("" when saved, else why not)."""
        from .prefs import remember

        return remember(table, key, value)


def _compose_v1_only() -> bool:
    import os
    import shutil

    from ..domain.docker_cli import compose_v1_only

    return compose_v1_only(shutil.which, lambda p: os.path.exists(os.path.expanduser(p)))


def _nothing() -> None:
    pass
