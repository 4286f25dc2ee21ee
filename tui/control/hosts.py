"""The Hosts view's road to the engine: list contexts and [[hosts]], probe each, switch.

Everything blocking runs through ``Operations.read`` (thread workers of the asking screen).
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text

from ..domain.errors import DockerError
from ..domain.host_entries import HostEntry
from ..domain.hosts import HostProbe, HostTarget
from .host_config import load_hosts


class Hosts:
    def __init__(self, app, control) -> None:
        self._app = app
        self._control = control
        self.entries: tuple[HostEntry, ...] | None = None  # read on first use
        self.problems: tuple[str, ...] = ()

    def configured(self) -> tuple[HostEntry, ...]:
        if self.entries is None:
            self.entries, self.problems = load_hosts()
        return self.entries

    def list(self, done: Callable[[tuple[HostTarget, ...]], None], owner) -> None:
        """Every context (read again now: one created meanwhile is there) and configured host."""
        from ..engine.hosts import host_targets

        entries = self.configured()
        self._control.ops.read(lambda s: host_targets(entries), done=done, owner=owner, title="Hosts", group="hosts-list")

    def probe(self, target: HostTarget, done: Callable[[HostProbe], None], owner) -> None:
        """Versions, ping, counts of one host; the current host's probe reuses its transport."""
        from ..engine.hosts import endpoint_for
        from ..engine.probe import probe

        current = self._control.endpoint

        def call(session) -> HostProbe:
            try:
                endpoint = endpoint_for(target)
            except DockerError as exc:
                return HostProbe(host=target.address, transport=target.transport, error=exc.message)
            same = endpoint.host == current.host and endpoint.tls == current.tls
            return probe(endpoint, transport=getattr(session, "transport", None) if same else None)

        self._control.ops.read(call, done=done, owner=owner, title=f"Probe {target.key}", group=f"probe-{target.key}")

    def is_current(self, target: HostTarget) -> bool:
        fleet = self._control.fleet
        if fleet is not None:
            return target.key in fleet.meta
        ep = self._control.endpoint
        if target.source == "config":
            return ep.name == target.key
        return not ep.name and (ep.context or "default") == target.context and (ep.source != "DOCKER_HOST" or target.context == "default")

    def switch(self, target: HostTarget) -> bool:
        """Switch the dashboard to ``target`` (a fleet: add it, or scope to it if it is in);
        False (and a notification) if it cannot be used."""
        from dataclasses import replace

        from ..engine.hosts import endpoint_for

        fleet = self._control.fleet
        if fleet is not None and target.key in fleet.meta:
            fleet.set_scope(target.key)
            return True
        try:
            endpoint = endpoint_for(target)
        except DockerError as exc:
            self._app.notify(exc.message, title="Cannot switch", severity="error", markup=False)
            return False
        if fleet is not None:
            fleet.add(target.key, replace(endpoint, name=target.key), group=target.group, colour=target.colour)
            self._control.store.status(Text(f"added {target.key} to the fleet"))
            return True
        self._control.switch(endpoint)
        return True

    def remove_from_fleet(self, target: HostTarget) -> bool:
        """Stop following a fleet host (never the last one)."""
        fleet = self._control.fleet
        if fleet is None or target.key not in fleet.meta or len(fleet.keys) < 2:
            return False
        if fleet.scope_name == target.key or fleet.focus == target.key:
            fleet.set_scope("all")
        fleet.remove(target.key)
        if fleet.focus == target.key:
            fleet.focus = fleet.keys[0]
        self._control.focus_object(None)
        self._control.store.status(Text(f"removed {target.key} from the fleet"))
        return True
