"""The Processes tab: ``top`` of the container, refreshed only while the tab is shown."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ...domain.sanitize import clean_name
from ..mounted import unless_closed

REFRESH = 3.0


class ProcessesTab(Vertical):
    def __init__(self, cid: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="processes-tab")
        self.cid = cid
        self.refreshes = 0
        self._timer = None
        self._busy = False

    def compose(self) -> ComposeResult:
        yield Static(Text(f"refreshed every {REFRESH:g} s while this tab is shown", style="dim"), id="processes-hint", classes="tab-hint")
        yield DataTable(id="processes-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self._timer = self.set_interval(REFRESH, self.poll, pause=True)

    def activate(self, visible: bool) -> None:
        """Called by the screen when the tab is shown or hidden."""
        if self._timer is None:
            return
        if visible:
            self.poll()
            self._timer.resume()
        else:
            self._timer.pause()

    def poll(self) -> None:
        if not self._busy:  # a slow daemon must not stack requests
            self._busy = True
            self._fetch()

    def _fetch(self) -> None:
        cid = self.cid
        self.app.control.ops.read(
            lambda session: session.top(cid), done=lambda result: self._show(result, ""), owner=self,
            failed=lambda message: self._show(None, message), group="top",
        )

    @unless_closed
    def _show(self, result: dict | None, error: str) -> None:
        self._busy = False
        self.refreshes += 1
        hint = self.query_one("#processes-hint", Static)
        table = self.query_one(DataTable)
        if result is None:
            hint.update(Text(f"top: {error}", style="italic"))
            table.clear()
            return
        titles = [clean_name(t) for t in result.get("Titles") or []]
        if [str(c.label) for c in table.columns.values()] != titles:
            table.clear(columns=True)
            table.add_columns(*(Text(t) for t in titles))
        rows = result.get("Processes") or []
        cursor = table.cursor_row
        table.clear()  # a few dozen rows every few seconds; the cursor row is put back
        for row in rows:
            table.add_row(*(Text(clean_name(str(v))) for v in row))
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        hint.update(Text(f"{len(rows)} processes · refreshed every {REFRESH:g} s while this tab is shown", style="dim"))
