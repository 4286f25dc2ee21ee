"""Disk usage like ``docker system df -v``: a summary (total, active, size, reclaimable)
and the images, containers, volumes and build cache behind it; prune-all from here.

| key | action |
|---|---|
| r | refresh (the daemon computes sizes: can take a moment) |
| x | prune everything unused (preview, then confirm) |
| escape | back |
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from ...widgets.footer import Footer
from ...domain import format as fmt
from ...domain.disk import DiskUsage
from ...domain.format import size as human_size  # binary units (KiB, MiB), as on the dashboard
from ..mounted import unless_closed


def _t(value: str, style: str = "", right: bool = False) -> Text:
    return Text(value, style=style, no_wrap=True, overflow="ellipsis", justify="right" if right else "left")


class DiskScreen(Screen):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="disk.back"),
        Binding("r", "refresh", "Refresh", id="disk.refresh", tooltip="Ask the daemon for fresh figures"),
        Binding("x", "prune_all", "Prune all", id="disk.prune_all", tooltip="Remove everything unused (preview first)"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="disk")
        self.usage: DiskUsage | None = None

    def compose(self) -> ComposeResult:
        yield Label(Text("Disk usage — docker system df -v", style="bold"), classes="screen-title")
        yield Static(Text("asking the daemon…", style="italic"), id="disk-status")
        with VerticalScroll(id="disk-body"):
            yield DataTable(id="disk-summary", cursor_type="none", show_cursor=False)
            for key, title in (("images", "Images"), ("containers", "Containers"), ("volumes", "Local volumes"), ("cache", "Build cache")):
                yield Label(Text(title, style="bold"), classes="disk-section")
                yield DataTable(id=f"disk-{key}", cursor_type="row", classes="disk-table")
        yield Footer()

    def on_mount(self) -> None:
        columns = {
            "summary": ("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"),
            "images": ("REPOSITORY:TAG", "ID", "CREATED", "SIZE", "SHARED", "UNIQUE", "CONTAINERS"),
            "containers": ("NAME", "IMAGE", "STATE", "SIZE", "VIRTUAL"),
            "volumes": ("NAME", "LINKS", "SIZE"),
            "cache": ("ID", "TYPE", "SIZE", "IN USE", "SHARED", "DESCRIPTION"),
        }
        for key, labels in columns.items():
            self.query_one(f"#disk-{key}", DataTable).add_columns(*labels)
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "prune_all" and self.app.control.readonly:
            return False
        return True

    def action_refresh(self) -> None:
        self.query_one("#disk-status", Static).update(Text("asking the daemon…", style="italic"))
        self._load()

    def _load(self) -> None:
        start = time.monotonic()
        self.app.control.ops.read(
            lambda session: session.disk_usage(), done=lambda usage: self.show_usage(usage, time.monotonic() - start),
            owner=self, failed=lambda message: self._status(Text(f"✕ {message}", style="bold red")), group="disk",
        )

    @unless_closed
    def _status(self, text: Text) -> None:
        self.query_one("#disk-status", Static).update(text)

    @unless_closed
    def show_usage(self, usage: DiskUsage, took: float = 0.0) -> None:
        self.usage = usage
        now = time.time()
        summary = self.query_one("#disk-summary", DataTable)
        summary.clear()
        for cat in usage.summary():
            row = cat.cli_row(human_size)
            summary.add_row(_t(row["Type"], "bold"), _t(row["TotalCount"], right=True), _t(row["Active"], right=True), _t(row["Size"], right=True), _t(row["Reclaimable"], right=True), key=cat.type)
        images = self.query_one("#disk-images", DataTable)
        images.clear()
        for i in sorted(usage.images, key=lambda i: -i.size):
            images.add_row(
                _t(", ".join(i.tags) or "<none>:<none>"), _t(i.id.split(":")[-1][:12]), _t(fmt.ago(i.created, now)),
                _t(human_size(i.size), right=True), _t(human_size(i.shared) if i.shared >= 0 else "—", right=True),
                _t(human_size(i.unique), right=True), _t(str(i.containers), right=True), key=i.id,
            )
        containers = self.query_one("#disk-containers", DataTable)
        containers.clear()
        for c in sorted(usage.containers, key=lambda c: -c.size_rw):
            containers.add_row(_t(c.name, "bold"), _t(c.image), _t(c.state), _t(human_size(c.size_rw), right=True), _t(human_size(c.size_root), right=True), key=c.id)
        vols = self.query_one("#disk-volumes", DataTable)
        vols.clear()
        for v in sorted(usage.volumes, key=lambda v: -v.size):
            vols.add_row(_t(v.name, "bold"), _t(str(v.links) if v.links >= 0 else "—", right=True), _t(human_size(v.size) if v.size >= 0 else "—", right=True), key=v.name)
        cache = self.query_one("#disk-cache", DataTable)
        cache.clear()
        for b in usage.build_cache:
            cache.add_row(_t(b.id[:12]), _t(b.kind), _t(human_size(b.size), right=True), _t("yes" if b.in_use else "no"), _t("yes" if b.shared else "no"), _t(b.description), key=b.id)
        self._status(Text(f"{human_size(usage.reclaimable)} reclaimable in total · binary units (1 MiB = 1024 KiB), as on the dashboard · measured in {took:.1f}s · r refreshes", style="dim"))

    def action_prune_all(self) -> None:
        self.app.control.flows.prune_all(on_done=self.action_refresh)
