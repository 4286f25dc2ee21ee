"""The Logs tab: one or several containers' logs, followed, searchable, filterable.

| key       | action                                                   |
|-----------|----------------------------------------------------------|
| 0-5       | since: all, 1 min, 5 min, 15 min, 1 h, 24 h              |
| t w x     | timestamps, wrap, colours (render SGR or strip it)       |
| / n N     | search, next, previous match                              |
| f         | filter to matching lines with context                    |
| G end     | newest line, follow again                                |
| ctrl+s    | save the buffer to a file (secrets masked)               |
| c         | copy the visible lines                                   |
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from ...domain.logbuffer import DEFAULT_MAX, LogBatch, LogBuffer, LogHistoryDone, LogStatus, compile_query, export, merge_history
from ...domain.sanitize import clean, clean_name, file_stem
from ...domain.secrets import MASK, redact_text, secret_spans
from ...from_thread import Inbox, call_from_thread
from ...widgets.log_view import LogView
from ...widgets.due import Due

SINCE_PRESETS = {"0": ("all", None), "1": ("1 min", 60), "2": ("5 min", 300), "3": ("15 min", 900), "4": ("1 h", 3600), "5": ("24 h", 86400)}
SOURCE_COLOURS = ("cyan", "magenta", "green", "yellow", "bright_blue", "bright_red", "bright_cyan", "bright_magenta")
FILTER_REFRESH = 0.25
RATE_SHOWN = 50  # lines/s from which the status line shows the rate
MAX_DEFERRALS = 8  # refreshes a log take waits at most for key presses on their way (input_waiting)
STATUS_REFRESH = 1.0  # the line counter: once a second is enough to read, and costs a repaint each time


def log_dir() -> Path:
    """Where ctrl+s writes: $DOCKYARD_LOG_DIR, else the directory Dockyard was started in."""
    return Path(os.environ.get("DOCKYARD_LOG_DIR") or Path.cwd())


class LogsTab(Vertical):
    BINDINGS = [
        *[Binding(k, f"since('{k}')", f"Since {label}", id=f"logs.since_{k}", show=False) for k, (label, _) in SINCE_PRESETS.items()],
        Binding("t", "toggle('timestamps')", "Timestamps", id="logs.timestamps", tooltip="Show or hide timestamps"),
        Binding("w", "toggle('wrap')", "Wrap", id="logs.wrap", tooltip="Wrap long lines"),
        Binding("x", "toggle('colours')", "Colours", id="logs.colours", show=False, tooltip="Render or strip the container's colours"),
        Binding("slash", "search", "Search", id="logs.search"),
        Binding("n", "next_match", "Next", id="logs.next", show=False),
        Binding("N", "previous_match", "Previous", id="logs.previous", show=False),
        Binding("f", "filter", "Filter", id="logs.filter", tooltip="Only matching lines, with context"),
        Binding("ctrl+s", "save", "Save", id="logs.save", tooltip="Save the buffer to a file (secrets masked)"),
        Binding("c", "copy", "Copy", id="logs.copy", show=False, tooltip="Copy the visible lines"),
        Binding("escape", "close_input", "Close", id="logs.close_input", show=False),
    ]

    def __init__(self, containers: list, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="logs-tab")
        self.containers = list(containers)
        # Merged logs of a fleet: each line says host/container.
        self.names = [(f"{clean_name(c.host)}/" if getattr(c, "host", "") else "") + clean_name(c.name or c.short_id) for c in self.containers]
        self._generation = 0
        # What the pumps' threads hand over: (generation, change) in arrival order; the UI
        # takes all of it in one call woken on its loop (pull, not one call per batch).
        # At most one wake is pending at a time, whatever the number of pumps or how fast
        # they read: a key press never queues behind a row of log wakes (issue 17 item 7).
        # No message: a message per batch woke the tab's task for a dispatch and an idle
        # round (and bubbling, five ancestors' too) only to call ``_take`` (issue 21).
        self._inbox = Inbox()  # (generation, change); bound to _take_after_input on mount
        self.deferred_takes = 0  # takes put off until a key press was handled and painted
        self._input_roads: tuple | None = None  # (focused widget, the queues a key passes through); see input_waiting
        self._take_token: object | None = None  # the pending deferred take (refresh or timer: first wins)
        self.tail: int | str = 1000
        self.context = 2
        self.maxlen = DEFAULT_MAX
        self.buffer = LogBuffer(self.maxlen)
        self.pumps: list = []  # the engine's log pumps (start, ack, kick, close), one per container
        self.since_label = "last lines"
        self.lost = 0  # lines the pumps dropped because the UI was behind
        self.statuses: dict[int, str] = {}
        self.secrets: list[str] = []
        self.search_query = ""
        self.filter_query = ""
        self._input_mode = ""
        self._filter_dirty = False
        self._filter_timer = None
        # The counter: brought up to date once a second, in a frame of new lines when one
        # comes in time (tui/widgets/due.py); a quiet log wakes nothing.
        self._status = Due(self, STATUS_REFRESH, self._show_status)
        self.saved_path: Path | None = None
        # Merged logs: each source's history is held until every source has sent all of
        # it, then interleaved by timestamp; live lines are appended as they arrive.
        self._held: dict[int, list] | None = None
        self._history_sources: set[int] = set()

        # Kept as attributes: pump messages may arrive while children mount or unmount.
        self.view = LogView(self.buffer, self.names, id="log-view")
        self._status_bar = Static(id="logs-status", classes="logs-status")
        self._input = Input(id="logs-input", classes="logs-input -hidden")
        self._marker = Static(id="logs-marker", classes="logs-marker -hidden")

    def compose(self) -> ComposeResult:
        yield self._status_bar
        yield self._input
        yield self.view
        yield self._marker

    def on_mount(self) -> None:
        self._inbox.bind(self, self._take_after_input)
        logs = dict(getattr(self.app.config, "logs", {}) or {})
        self.tail = _int(logs.get("tail"), 1000)
        self.context = _int(logs.get("context"), 2)
        self.maxlen = max(100, _int(logs.get("buffer", logs.get("max_lines")), DEFAULT_MAX))
        self.buffer.maxlen = self.maxlen
        self.since_label = f"last {self.tail:,} lines"
        self.view.source_styles = [Style(color=c, bold=True) for c in SOURCE_COLOURS]
        self.view.before_paint.append(self._ride)
        self.start_pumps()
        self._show_status()

    def on_unmount(self) -> None:
        self.stop_pumps()

    # Pumps

    def start_pumps(self, since: float | None = None, tail: int | str | None = None) -> None:
        generation = self._generation
        merged = len(self.containers) > 1
        self._held = {source: [] for source in range(len(self.containers))} if merged else None
        self._history_sources = set()

        def emit(change: object) -> None:  # the pumps' threads
            self._hand_over(change, generation)

        for source, container in enumerate(self.containers):
            pump = self.app.control.ops.follow_logs(
                container.id,
                emit,
                host=getattr(container, "host", ""),
                source=source,
                tail=self.tail if tail is None else tail,
                since=since,
                max_pending=self.maxlen,
                history_first=merged,
            )
            self.pumps.append(pump)

    def stop_pumps(self) -> None:
        self._generation += 1
        for pump in self.pumps:
            pump.close()
        self.pumps = []

    def container_started(self, cid: str) -> None:
        for pump in self.pumps:
            if pump.cid == cid:
                pump.kick()

    def _hand_over(self, change: object, generation: int) -> None:
        """A pump's batch or status (any thread): into the inbox; one wake for all of it."""
        self._inbox.put((generation, change))

    def _take_after_input(self, deferred: int = 0) -> None:
        if deferred < MAX_DEFERRALS and input_waiting(self):
            # A key press is on its way through the app's queues: it is handled and painted
            # first (its frame then holds no log repaint); the inbox is taken after that
            # refresh. Bounded, so a held key cannot starve the log.
            self.deferred_takes += deferred == 0
            # After the next refresh, or after 0.1 s if no refresh comes (nothing dirty): a take
            # that waited for a refresh that never came left the inbox announced and untaken,
            # and the log stopped (seen once in CI on a quiet machine).
            token = self._take_token = object()

            def again() -> None:
                if self._take_token is token:
                    self._take_token = None
                    self._take_after_input(deferred + 1)

            self.call_after_refresh(again)
            self.set_timer(0.1, again)
            return
        self._take()

    def _take(self) -> None:
        """Apply everything the pumps handed over since the last take, in order."""
        for generation, change in self._inbox.take():
            self._apply(change, generation)

    def _apply(self, change: object, generation: int) -> None:
        if generation != self._generation or not self.view.is_attached:
            return
        if isinstance(change, LogBatch):
            if change.source < len(self.pumps):
                pump = self.pumps[change.source]
            else:
                pump = None
            held = self._held
            if held is not None and change.source in held:
                held[change.source].extend(change.lines)  # history: merged when all have come
                self.lost += change.dropped
                if pump is not None:
                    pump.ack()
                return
            dropped = self.buffer.append(change.lines, change.source)
            self.lost += change.dropped
            self._status.mark()  # before the paint, which it may ride on (a flood posts ~13 batches/s)
            self.view.appended(len(change.lines), dropped)
            if self.filter_query:
                self._filter_stale()
            if pump is not None:
                pump.ack()
            return
        if isinstance(change, LogHistoryDone):
            self._history_done(change.source)
            return
        if isinstance(change, LogStatus):
            if change.state in ("gone", "error"):
                self._history_done(change.source)  # nothing more will come from it
            text = change.state + (f": {change.message}" if change.message and change.state != "stopped" else "")
            self.statuses[change.source] = text
        self._show_status()

    def _history_done(self, source: int) -> None:
        if self._held is None or source not in self._held:
            return
        self._history_sources.add(source)
        if self._history_sources >= set(self._held):
            self._release_history()

    def _release_history(self) -> None:
        held, self._held = self._held or {}, None
        per_source = held
        total = 0
        dropped = 0
        for source, lines in merge_history(per_source):
            dropped += self.buffer.append(lines, source)
            total += len(lines)
        self._status.mark()
        self.view.appended(total, dropped)
        if self.filter_query:
            self._filter_stale()

    # Status

    # A filter's rows are brought up to date by a one-shot timer, set when lines come; the
    # counter by self._status. A quiet log wakes nothing (two intervals ticked five times a second).

    def _ride(self, now: float) -> list:
        """The view is about to paint new lines: what is due goes in the same frame (the
        widgets refreshed are returned, for the view to paint with its lines)."""
        riders = [self._status_bar] if self._status.ride(now) else []
        screen_chores = getattr(self.screen, "ride_paint", None)
        if screen_chores is not None:
            riders.extend(screen_chores(now))
        return riders

    def _filter_stale(self) -> None:
        self._filter_dirty = True
        if self._filter_timer is None:
            self._filter_timer = self.set_timer(FILTER_REFRESH, self._refresh_filter)

    def _show_status(self) -> None:
        self._status.cancel()  # drawn now, whoever asked
        view = self.view
        text = Text()
        states = sorted(set(self.statuses.values())) or ["connecting"]
        if not view.follow:
            # a search jump or a scroll paused the view: the pumps still read, the view waits
            states = ["paused (reading)" if s == "following" else s for s in states]
        text.append(" · ".join(states), style="bold")
        text.append(f"  {len(self.buffer):,} lines  since {self.since_label}")
        rate = view.arriving_rate
        if rate >= RATE_SHOWN and view.rate_settled:  # the view paints a few times a second: say how fast lines come
            text.append(f"  {rate:,.0f} lines/s", style="bold")
        dropped = self.buffer.dropped + self.lost
        if dropped:
            text.append(f"  {dropped:,} dropped", style="bold")
        flags = [name for name, on_ in (("timestamps", view.timestamps), ("wrap", view.wrap), ("colours", view.colours)) if on_]
        text.append(f"  [{' '.join(flags) or 'plain'}]", style="dim")
        if self.search_query:
            text.append("  search ")
            text.append(self.search_query, style="reverse")
        if self.filter_query:
            text.append(f"  filter ±{self.context} ")
            text.append(self.filter_query, style="reverse")
        if self.saved_path is not None:
            text.append(clean(f"  saved {self.saved_path}"), style="italic")
        # One row of fixed size (styles: .logs-status): no layout pass, which cost more
        # than the repaint, several times a second under a flood.
        self._status_bar.update(text, layout=False)
        marker = self._marker
        show = not view.follow
        marker.set_class(not show, "-hidden")
        if show:
            new = view.new_lines
            marker.update(Text(f"▼ {new:,} new lines — G or end to follow" if new else "paused — G or end to follow"))

    @on(LogView.FollowChanged)
    def _follow_changed(self) -> None:
        self._show_status()

    # Actions

    def action_since(self, key: str) -> None:
        label, seconds = SINCE_PRESETS[key]
        self.stop_pumps()
        self.buffer.clear()
        self.buffer.dropped = 0
        self.lost = 0
        self.statuses.clear()
        self.view.reset()
        self.view.action_follow()
        self.since_label = label
        if seconds is None:
            self.start_pumps(tail="all")
        else:
            self.start_pumps(since=time.time() - seconds, tail="all")
        self._show_status()

    def action_toggle(self, what: str) -> None:
        view = self.view
        setattr(view, what, not getattr(view, what))
        view.restyle()
        self._show_status()

    def _open_input(self, mode: str) -> None:
        self._input_mode = mode
        box = self._input
        box.placeholder = "search (smart case) — enter to jump, esc to close" if mode == "search" else f"filter: matching lines with {self.context} lines of context"
        box.value = self.search_query if mode == "search" else self.filter_query
        self._show_input(True)
        # focus now, not on the next idle (Widget.focus): keys typed right after `/` are
        # already queued and belong to the input, not to the log view's bindings (t, c)
        self.screen.set_focus(box)

    def _show_input(self, show: bool) -> None:
        # The input takes the status bar's row: the log view keeps its size, so opening
        # search neither re-lays out nor re-renders every visible line.
        self._input.set_class(not show, "-hidden")
        self._status_bar.set_class(show, "-hidden")

    def _close_input(self) -> None:
        self._show_input(False)
        self.screen.set_focus(self.view)  # not view.focus(): that repaints the whole view first

    def action_search(self) -> None:
        self._open_input("search")

    def action_filter(self) -> None:
        self._open_input("filter")

    def action_close_input(self) -> None:
        box = self._input
        if not box.has_class("-hidden"):
            self._close_input()
            return
        if self.search_query or self.filter_query:
            self.set_search("")
            self.set_filter("")
            return
        self.screen.action_back()

    @on(Input.Changed, "#logs-input")
    def _input_changed(self, event: Input.Changed) -> None:
        if self._input_mode == "search":
            self.set_search(event.value, jump=False)

    @on(Input.Submitted, "#logs-input")
    def _input_submitted(self, event: Input.Submitted) -> None:
        self._close_input()
        if self._input_mode == "search":
            self.set_search(event.value, jump=True)
        else:
            self.set_filter(event.value)

    def set_search(self, query: str, *, jump: bool = True) -> None:
        self.search_query = query
        view = self.view
        view.pattern = compile_query(query) or compile_query(self.filter_query)
        view.current = None
        if jump and query:
            hit = self.buffer.next_match(compile_query(query), self.buffer.end_seq, backwards=True)
            if hit is not None:
                view.current = hit
                view.restyle()
                view.scroll_to_seq(hit)
            else:
                self.app.notify(f"No line matches {query!r}", markup=False, timeout=2)
        view.restyle()
        self._show_status()

    def _jump(self, backwards: bool) -> None:
        pattern = compile_query(self.search_query or self.filter_query)
        if pattern is None:
            self.action_search()
            return
        view = self.view
        start = view.current if view.current is not None else (self.buffer.end_seq if backwards else self.buffer.first_seq - 1)
        hit = self.buffer.next_match(pattern, start, backwards=backwards)
        if hit is None:
            return
        view.current = hit
        view.restyle()
        view.scroll_to_seq(hit)
        self._show_status()

    def action_next_match(self) -> None:
        self._jump(backwards=False)

    def action_previous_match(self) -> None:
        self._jump(backwards=True)

    def set_filter(self, query: str) -> None:
        self.filter_query = query
        pattern = compile_query(query)
        view = self.view
        view.pattern = compile_query(self.search_query) or pattern
        view.set_rows(self.buffer.filtered(pattern, self.context) if pattern else None)
        view.restyle()
        self._show_status()

    def _refresh_filter(self) -> None:
        self._filter_timer = None
        if self._filter_dirty and self.filter_query:
            self._filter_dirty = False
            self.view.set_rows(self.buffer.filtered(compile_query(self.filter_query), self.context))

    def set_secrets(self, values: list[str]) -> None:
        self.secrets = values
        self._apply_mask()

    def set_reveal(self, reveal: bool) -> None:
        """``v`` on the detail: show the container's secret values in the lines, or mask them."""
        self.revealed = reveal
        self._apply_mask()

    def _apply_mask(self) -> None:
        secrets = list(self.secrets)
        self.view.mask = None if getattr(self, "revealed", False) else (lambda text: _masked(text, secrets))
        self.view.restyle()

    def action_save(self) -> None:
        if self.app.is_web:  # dockyard serve: never write to the server's disk for a viewer
            self.app.notify("Saving logs is off in a served session", severity="warning", markup=False)
            return
        stem = file_stem("-".join(self.names), default="logs")
        path = log_dir() / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}.log"
        self._save(path, export(self.buffer, names=self.names, secrets=self.secrets))

    @work(thread=True, group="logs-save")
    def _save(self, path: Path, text: str) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            call_from_thread(self.app, self.app.notify, clean(f"Could not save {path}: {exc}"), severity="error", markup=False)
            return
        call_from_thread(self.app, self._saved, path)

    def _saved(self, path: Path) -> None:
        self.saved_path = path
        self.app.notify(clean(f"Saved {len(self.buffer):,} lines to {path}"), markup=False, timeout=6)
        self._show_status()

    def action_copy(self) -> None:
        from ...clipboard import copy

        lines = []
        for seq in self.view.visible_seqs():
            entry = self.buffer.get(seq)
            if entry is not None:
                lines.append(entry.plain if getattr(self, "revealed", False) else redact_text(entry.plain, self.secrets))
        copy(self.app, "\n".join(lines), f"{len(lines)} visible lines")


def _masked(text: Text, secrets: list[str]) -> Text:
    """``text`` with every secret value (and URL password) replaced by the mask, styles kept."""
    spans = secret_spans(text.plain, secrets)
    if not spans:
        return text
    out = Text()
    last = 0
    for start, end in spans:
        out.append_text(text[last:start])
        out.append(MASK, style="dim")
        last = end
    out.append_text(text[last:])
    return out


def _int(value, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def input_waiting(tab: LogsTab) -> bool:
    """A key or mouse event waits in a queue it passes through to reach a binding (the app's,
    the focused widget's or one of its ancestors', ``tab``'s or one of its ancestors': keys
    bubble up), or a key is inside a handler between two of those queues (the app's
    ``keys_on_way``). Textual 8.2 keeps each message pump's queue in ``_message_queue`` (its
    own ``Queue``, items in the deque ``values``); tests/test_framework_internals.py checks
    that this holds."""
    app = tab.app
    on_way = getattr(app, "keys_on_way", None)
    if on_way is not None and on_way.any():
        return True
    focused = app.focused
    roads = getattr(tab, "_input_roads", None)  # (kept on the tab; any widget may ask)
    if roads is None or roads[0] is not focused:
        # the two roads meet at the screen and the app: each queue is looked at once. Kept
        # while the focus stays (a followed line asked for them ten times a second)
        pumps = dict.fromkeys([*(focused.ancestors_with_self if focused is not None else ()), *tab.ancestors_with_self, app])
        queues = [queue for queue in (getattr(pump, "_message_queue", None) for pump in pumps) if queue is not None]
        tab._input_roads = roads = (focused, queues)
    for queue in roads[1]:
        items = getattr(queue, "values", None)
        if items and any(isinstance(m, events.InputEvent) for m in items):
            return True
    return False

