"""`V`: a live, filterable timeline of daemon events grouped into the commands people typed
(tui/domain/event_story.py): "docker run (5 steps)", "docker stop (SIGTERM, then SIGKILL
after 10 s)"; every die has its cause; automatic steps (network connect on start) are not
shown as commands; health-check runs are hidden until `h`. `enter` unfolds a story into its
events. The buffer is bounded (tui/domain/history.py) and records from launch on."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from ...domain.changes import DaemonEvent
from ...domain.event_story import Story, group, removed_tags
from ...domain.history import MAX_EVENTS
from ...domain.lifecycle import explain
from ...domain.state import State
from ...i18n import explain as render, story as render_story
from .base import LearnScreen


def matches(event: DaemonEvent, sentence: str, query: str) -> bool:
    if not query:
        return True
    hay = f"{event.type} {event.action} {event.attr('name')} {event.actor_id[:12]} {sentence}".lower()
    return all(word in hay for word in query.lower().split())


def story_matches(s: Story, sentence: str, query: str) -> bool:
    if not query:
        return True
    hay = " ".join([sentence, s.command, s.kind, s.name] + [f"{e.type} {e.action}" for e in s.events]).lower()
    return all(word in hay for word in query.lower().split())


class EventsScreen(LearnScreen):
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="events.filter", tooltip="Filter by type, action, name or words"),
        Binding("c", "clear_filter", "Clear", id="events.clear", tooltip="Clear the filter"),
        Binding("p", "pause", "Pause", id="events.pause", tooltip="Stop scrolling; new events are kept"),
        Binding("h", "toggle_health", "Health checks", id="events.health", tooltip="Show or hide health-check runs"),
        Binding("enter", "unfold", "Steps", id="events.unfold", tooltip="Show the events of the command under the cursor"),
    ]
    TITLE_KEY = "title.events"
    KEYS_KEY = "keys.events"

    def __init__(self) -> None:
        super().__init__(classes="learn events")
        self.query_text = ""
        self.paused = False
        self.show_health = False
        self.unfolded: set[str] = set()
        self.stories: list[Story] = []
        self.hidden_health = 0
        self._tags: dict[str, tuple[str, ...]] = {}
        self._untag_before: dict[str, tuple[str, tuple[str, ...]]] = {}  # story key -> (image id, tags before)
        self.untagged: dict[str, tuple[str, ...]] = {}  # story key -> removed tags
        # container id -> its Healthcheck.Test as exec events show it (None: no check), read from inspect
        self.checks: dict[str, str | None] = {}
        self._checks_asked: set[str] = set()

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder=self.t("events.filter"), id="events-filter", classes="-hidden")
        yield DataTable(id="events-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="events-count")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(self.t("events.col.time"), key="time", width=8)
        table.add_column(self.t("events.col.what"), key="what", width=60)
        table.add_column(self.t("events.col.command"), key="command", width=30)
        self._size_columns()
        table.focus()
        store = self.app.control.store
        self.buffer = store.events
        self.buffer.listeners.append(self._on_event)
        self._tags = {i.id: i.tags for i in store.state.images.values()}
        store.state_signal.subscribe(self, self._on_state)
        self._rebuild()

    def on_unmount(self) -> None:
        if self._on_event in self.buffer.listeners:
            self.buffer.listeners.remove(self._on_event)

    def on_resize(self) -> None:
        self._size_columns()

    def _size_columns(self) -> None:
        """Time is fixed; the sentence gets ~62 % of the rest, the command the remainder."""
        table = self.query_one(DataTable)
        width = max(40, self.size.width - 8 - 6)
        what = int(width * 0.62)
        cols = list(table.columns.values())
        if len(cols) == 3:
            cols[1].width, cols[2].width = what, width - what
            for col in cols:
                col.auto_width = False
            table.refresh()

    # Tags: an untag event names only the image id; the tag is the one the image loses.

    def _on_state(self, state: State) -> None:
        changed = False
        for key, (iid, before) in list(self._untag_before.items()):
            img = state.images.get(iid)
            after = img.tags if img is not None else None
            gone = removed_tags(before, after)
            if gone:
                self.untagged[key] = gone
                del self._untag_before[key]
                changed = True
        self._tags = {i.id: i.tags for i in state.images.values()}
        if changed and not self.paused:
            self._rebuild()

    # Rows

    def _names(self) -> dict[str, str]:
        return {c.id: c.name for c in self.app.control.store.state.containers.values()}

    def _group(self) -> list[Story]:
        state = self.app.control.store.state
        self._read_checks([c.id for c in state.containers.values() if c.health])
        # A check not read yet counts every exec as a check (""), until inspect says what the check runs:
        # then a user's own `docker exec` on that container is a command again.
        checks = {cid: cmd for cid, cmd in self.checks.items() if cmd is not None}
        checks.update({c.id: "" for c in state.containers.values() if c.health and c.id not in self.checks})
        return group(self.buffer.events, healthchecks=checks, names=self._names())

    def _read_checks(self, ids: list[str]) -> None:
        """Inspect containers with a health status once each, for Config.Healthcheck.Test."""
        new = [cid for cid in ids if cid not in self._checks_asked]
        if not new:
            return
        self._checks_asked.update(new)
        self.read(lambda session: session.healthchecks(new), self._checks_read, lambda message: None)

    def _checks_read(self, found: dict) -> None:
        if not self.is_attached:
            return
        self.checks.update(found)
        if not self.paused:
            self._rebuild()

    def story_row(self, s: Story) -> tuple[Text, Text, Text]:
        sentence = render_story(s, self.lang, self.untagged.get(s.key, ()))
        stamp = time.strftime("%H:%M:%S", time.localtime(s.time)) if s.time else ""
        if s.command:
            command = Text(s.command, style="bold")
            if s.steps > 1:
                command.append("  (" + self.t("story.steps", n=s.steps) + ")", style="dim")
        else:
            command = Text(self.t("story.automatic"), style="dim italic")
        return Text(stamp, style="dim"), Text(sentence), command

    def step_row(self, event: DaemonEvent) -> tuple[Text, Text, Text]:
        ex = explain(event, self._names() if event.type in ("network", "volume") else None)
        stamp = time.strftime("%H:%M:%S", time.localtime(event.time)) if event.time else ""
        return Text(stamp, style="dim"), Text("   ↳ " + render(ex, self.lang), style="dim"), Text(self.t("step.auto"), style="dim italic")

    def sentences(self) -> list[str]:
        """Plain sentences of the rows shown (tests)."""
        table = self.query_one(DataTable)
        return [table.get_row_at(i)[1].plain for i in range(table.row_count)]

    def commands(self) -> list[str]:
        table = self.query_one(DataTable)
        return [table.get_row_at(i)[2].plain for i in range(table.row_count)]

    def _shown(self, s: Story, row) -> bool:
        if s.kind == "health" and not self.show_health:
            return False
        return story_matches(s, row[1].plain, self.query_text)

    def _on_event(self, event: DaemonEvent) -> None:
        if event.type == "image" and event.action == "untag":
            before = self._tags.get(event.actor_id, ())
            key = f"{event.time:.6f}|{event.type}|{event.action}|{event.actor_id}"
            self._untag_before[key] = (event.actor_id, before)
        if not self.query(DataTable):
            return  # closing: the history's listener fires until on_unmount, after the table has gone
        if self.paused:
            self._count()
            return
        self._patch()

    def _patch(self) -> None:
        """Re-group; rows of unchanged stories stay, the changed tail is redrawn."""
        stories = [s for s in self._group()]
        table = self.query_one(DataTable)
        old = {s.key: s for s in self.stories}
        at_end = table.cursor_row >= table.row_count - 2
        if any(s.key not in {n.key for n in stories} for s in self.stories[:-5]):
            self._rebuild(stories)
            return
        for s in stories:
            if s.key in old and old[s.key] == s:
                continue
            row = self.story_row(s)
            if s.key in table.rows:
                table.remove_row(s.key)
            for child in [k for k in table.rows if str(k.value).startswith(s.key + "#")]:
                table.remove_row(child)
            if self._shown(s, row):
                table.add_row(*row, key=s.key)
                if s.key in self.unfolded:
                    for i, e in enumerate(s.events):
                        table.add_row(*self.step_row(e), key=f"{s.key}#{i}")
        self.stories = stories
        self.hidden_health = sum(1 for s in stories if s.kind == "health" and not self.show_health)
        while table.row_count > MAX_EVENTS:
            table.remove_row(next(iter(table.rows)))
        if at_end and table.row_count:
            table.move_cursor(row=table.row_count - 1)
        self._count()

    def _rebuild(self, stories: list[Story] | None = None) -> None:
        table = self.query_one(DataTable)
        table.clear()  # a new filter is a new list: resetting the cursor is expected here
        self.stories = stories if stories is not None else self._group()
        for s in self.stories:
            row = self.story_row(s)
            if self._shown(s, row):
                table.add_row(*row, key=s.key)
                if s.key in self.unfolded:
                    for i, e in enumerate(s.events):
                        table.add_row(*self.step_row(e), key=f"{s.key}#{i}")
        self.hidden_health = sum(1 for s in self.stories if s.kind == "health" and not self.show_health)
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)
        self._count()

    def _count(self) -> None:
        table = self.query_one(DataTable)
        text = Text(self.t("events.count", shown=table.row_count, total=len(self.buffer.events), max=MAX_EVENTS), style="dim")
        if self.hidden_health:
            text.append("   " + self.t("events.health_hidden", n=self.hidden_health), style="dim")
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

    def action_toggle_health(self) -> None:
        self.show_health = not self.show_health
        self._rebuild()

    def action_unfold(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value).split("#", 1)[0]
        self.unfolded ^= {key}
        row = table.cursor_row
        self._rebuild()
        table.move_cursor(row=min(row, table.row_count - 1))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_unfold()
