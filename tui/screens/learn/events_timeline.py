"""`V`: a live, filterable timeline of every daemon event, each explained in one sentence
with the docker CLI command that would cause it. The buffer is bounded (tui/domain/history.py)
and records from the first listing on, whether or not the view is open."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from ...domain.changes import DaemonEvent
from ...domain.history import MAX_EVENTS
from ...domain.lifecycle import explain
from ...i18n import explain as render
from .base import LearnScreen

def matches(event: DaemonEvent, sentence: str, query: str) -> bool:
    if not query:
        return True
    hay = f"{event.type} {event.action} {event.attr('name')} {event.actor_id[:12]} {sentence}".lower()
    return all(word in hay for word in query.lower().split())


class EventsScreen(LearnScreen):
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="events.filter", tooltip="Filter by type, action, name or words"),
        Binding("c", "clear_filter", "Clear", id="events.clear", tooltip="Clear the filter"),
        Binding("p", "pause", "Pause", id="events.pause", tooltip="Stop scrolling; new events are kept"),
    ]
    TITLE_KEY = "title.events"
    KEYS_KEY = "keys.events"

    def __init__(self) -> None:
        super().__init__(classes="learn events")
        self.query_text = ""
        self.paused = False

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder=self.t("events.filter"), id="events-filter", classes="-hidden")
        yield DataTable(id="events-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="events-count")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("time", key="time", width=8)
        table.add_column("", key="what", width=66)
        table.add_column("docker", key="command", width=38)
        table.focus()
        self.buffer = self.app.control.store.events
        self.buffer.listeners.append(self._on_event)
        self._rebuild()

    def on_unmount(self) -> None:
        if self._on_event in self.buffer.listeners:
            self.buffer.listeners.remove(self._on_event)

    def row(self, event: DaemonEvent) -> tuple[Text, Text, Text]:
        ex = explain(event, {c.id: c.name for c in self.app.control.store.state.containers.values()} if event.type in ("network", "volume") else None)
        sentence = render(ex, self.lang)
        stamp = time.strftime("%H:%M:%S", time.localtime(event.time)) if event.time else ""
        return Text(stamp, style="dim"), Text(sentence), Text(ex.command, style="dim")

    def sentences(self) -> list[str]:
        """Plain sentences of the rows shown (tests)."""
        table = self.query_one(DataTable)
        return [table.get_row_at(i)[1].plain for i in range(table.row_count)]

    def _visible(self, event: DaemonEvent, row) -> bool:
        return matches(event, row[1].plain, self.query_text)

    def _on_event(self, event: DaemonEvent) -> None:
        if self.paused:
            self._count()
            return
        row = self.row(event)
        if self._visible(event, row):
            table = self.query_one(DataTable)
            table.add_row(*row)
            # Keep the table bounded like the buffer: drop the oldest rows.
            while table.row_count > MAX_EVENTS:
                table.remove_row(next(iter(table.rows)))
            if table.cursor_row >= table.row_count - 2:
                table.move_cursor(row=table.row_count - 1)
        self._count()

    def _rebuild(self) -> None:
        table = self.query_one(DataTable)
        table.clear()  # a new filter is a new list: resetting the cursor is expected here
        for event in self.buffer.events:
            row = self.row(event)
            if self._visible(event, row):
                table.add_row(*row)
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)
        self._count()

    def _count(self) -> None:
        table = self.query_one(DataTable)
        text = Text(self.t("events.count", shown=table.row_count, total=len(self.buffer.events), max=MAX_EVENTS), style="dim")
        if self.paused:
            text.append("   " + self.t("events.paused"), style="bold")
        if not self.buffer.events:
            text.append("   " + self.t("events.empty"), style="italic")
        self.query_one("#events-count", Static).update(text)

    def action_filter(self) -> None:
        box = self.query_one("#events-filter", Input)
        box.remove_class("-hidden")
        box.focus()

    @on(Input.Changed, "#events-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self._rebuild()

    @on(Input.Submitted, "#events-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#events-filter", Input)
        box.value = ""
        box.add_class("-hidden")
        self.query_text = ""
        self._rebuild()
        self.query_one(DataTable).focus()

    def action_pause(self) -> None:
        self.paused = not self.paused
        if not self.paused:
            self._rebuild()
        self._count()
