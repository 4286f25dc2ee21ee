"""A volume: driver, mountpoint, options, its size (from system df, when the daemon
reports it) and the containers mounting it, with where.

| key | action |
|---|---|
| r | refresh the size |
| i | inspect |
| escape | back |
"""

from __future__ import annotations

from textual.binding import Binding

from ...domain.format import size as human_size  # binary units (KiB, MiB), as on the dashboard
from ...domain.state import State
from .object_detail import ObjectDetailScreen, cell, facts
from ..mounted import unless_closed


class VolumeDetailScreen(ObjectDetailScreen):
    KIND = "volumes"
    BINDINGS = [Binding("r", "refresh_size", "Size", id="volume_detail.size", tooltip="Measure the size again (system df)")]

    def __init__(self, obj) -> None:
        super().__init__(obj)
        self.size_text = "measuring…"

    def sections(self) -> list[tuple[str, str]]:
        return [("containers", "Mounted by")]

    def setup_tables(self) -> None:
        self.table("containers").add_columns("NAME", "STATE", "DESTINATION", "MODE")
        self.action_refresh_size()

    def action_refresh_size(self) -> None:
        self.size_text = "measuring…"
        self._measure(self.obj.name)

    def _measure(self, name: str) -> None:
        def measured(usage) -> None:
            v = next((v for v in usage.volumes if v.name == name), None)
            self._measured(human_size(v.size) if v is not None and v.size >= 0 else "not reported by the daemon")

        self.app.control.ops.read(
            lambda session: session.disk_usage(), done=measured, owner=self,
            failed=lambda message: self._measured(f"unknown ({message})"), group="volume-size",
        )

    @unless_closed
    def _measured(self, text: str) -> None:
        self.size_text = text
        self.show(self.app.control.store.state)

    def show(self, state: State) -> None:
        v = self.obj
        users = []
        for c in sorted(state.containers.values(), key=lambda c: c.name):
            for m in c.mounts:
                if m.type == "volume" and m.name == v.name:
                    users.append((f"{c.id}:{m.destination}", (cell(c.name, "bold"), cell(c.state), cell(m.destination), cell("rw" if m.rw else "ro"))))
        self.query_one("#detail-facts").update(
            facts(
                [
                    ("Name", v.name),
                    ("Driver", v.driver),
                    ("Scope", v.scope),
                    ("Mountpoint", v.mountpoint or "—"),
                    ("Created", v.created or "—"),
                    ("Size", self.size_text),
                    ("Used by", f"{len(users)} mount(s)"),
                    *((f"option {k}", val) for k, val in v.options),
                    *((f"label {k}", val) for k, val in v.labels),
                ]
            )
        )
        self.fill("containers", users)
