"""The preview pane: what the row under the cursor is, without leaving the list.

For a container: identity (image, uptime to the second, restart count, exit code, health),
CPU / memory / network sparklines from the shared stats sampler, ports, and the tail of its
logs. For an image, network or volume: key facts and the containers that use it.

Cost rules (the bench's idle targets hold with the pane on):
- at most ONE log stream is open, for the container the cursor rests on; it is closed the
  moment the cursor moves, and a new one opens only after the cursor has rested for
  ``SETTLE`` seconds, so crossing 50 rows opens one stream, not 50;
- a stopped container's tail is read once (no follow, nothing polls for a restart);
- the inspect read for the identity runs once per rest, and again when the container's
  row changes (an event: die, start, health) — never on a timer;
- stats come from the sampler the dashboard already feeds (``want_stats('preview', …)``).

The daemon is reached only through ``app.control`` (``ops.follow_logs``, ``ops.read``).
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Static

from ..domain import ansi, format as fmt
from ..domain.logbuffer import ArrivalRate, LogBatch, LogStatus
from ..domain.models import Container, StatsSample
from ..domain.fleet_state import obj_key
from ..domain.preview import ContainerIdentity, container_facts, identity, object_facts
from ..domain.sanitize import clean_name
from ..domain.state import State
from ..from_thread import Inbox
from ..i18n import app_lang, tr
from .stats_graphs import bars, to_point
from .tail_log import TailLog

SETTLE = 0.35  # seconds the cursor must rest before a log stream opens
LOG_FLUSH = 1.0  # a fast log (FAST_RATE lines/s and more) is drawn at most once a second
FAST_RATE = 50.0  # below this, each batch of lines is drawn when it arrives
RATE_WINDOW = 1.0  # seconds of batches the rate is measured over
TAIL = 40
LOG_LINES = 200
SPARK_WIDTH = 24
SPARKS = (("cpu", "CPU"), ("mem", "Mem"), ("rx_rate", "Net rx"), ("tx_rate", "Net tx"))


class PreviewPane(Vertical, can_focus=False):
    """Follows the dashboard's cursor (``follow``); ``sync`` with each new state."""

    DEFAULT_CSS = """
    PreviewPane { width: 1fr; height: 1fr; }
    PreviewPane #preview-title { height: 1; text-style: bold; padding: 0 1; }
    PreviewPane #preview-facts { height: auto; padding: 0 1; }
    PreviewPane #preview-sparks { height: auto; padding: 0 1; }
    PreviewPane #preview-logs { height: 1fr; overflow-x: hidden; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="pane preview-pane")
        self.kind = ""
        self.key: str | None = None  # the object's id (stats, log pump)
        self._row: str | None = None  # its key in the state's maps (host + id in a merged fleet scope)
        self.pump: Any = None  # the one open log pump, if any
        self.opened = 0  # log streams opened (tests and the bench count them)
        self._generation = 0
        self._timer: Timer | None = None
        self._state = State()
        self._ident: ContainerIdentity | None = None
        self._container: Container | None = None
        self._samples: deque = deque(maxlen=SPARK_WIDTH + 1)
        self._points: deque = deque(maxlen=SPARK_WIDTH)
        self._log_status = ""
        self._pending: list[str] = []  # log lines waiting for the next flush
        self._flush_timer: Timer | None = None  # a fast log's next flush
        self._arrivals = ArrivalRate(RATE_WINDOW)  # lines/s of the log shown
        self._shown: dict[str, tuple[str, int]] = {}  # widget id -> (text, lines) last drawn
        # The log pump's batches and statuses, tagged with the stream they belong to: left by
        # the pump's thread, taken on the UI loop by one wake (no message per batch; see
        # LogsTab._hand_over and tui/from_thread.Waker).
        self._inbox = Inbox()

    def compose(self) -> ComposeResult:
        yield Static(Text("Preview"), id="preview-title")
        yield Static(id="preview-facts")
        yield Static(id="preview-sparks")
        yield TailLog(max_lines=LOG_LINES, id="preview-logs")

    @property
    def logs(self) -> TailLog:
        return self.query_one("#preview-logs", TailLog)

    def on_mount(self) -> None:
        self._inbox.bind(self, self._take_logs)

    def on_unmount(self) -> None:
        self._close()
        self.app.control.want_stats("preview", [])

    # The cursor

    def follow(self, kind: str, obj: Any, state: State) -> None:
        """The cursor is on ``obj`` (None: nothing selected). Closes the stream at once if
        the row changed; opens the next one after the cursor rests."""
        self._state = state
        key = getattr(obj, "id", None) if obj is not None else None
        if (kind, key) == (self.kind, self.key):
            return
        self._close()
        self.kind, self.key = kind, key
        self._row = obj_key(obj, obj.id) if obj is not None else None
        self._ident = None
        self._samples.clear()
        self._points.clear()
        self._container = obj if isinstance(obj, Container) else None
        if self._container is not None and self._container.is_running:
            # start from what the dashboard sampled already (the store's bounded history)
            for sample in self.app.control.store.stats_recent(key, SPARK_WIDTH + 1):
                previous = self._samples[-1] if self._samples else None
                if previous is None or sample.at > previous.at:
                    self._samples.append(sample)
                    self._points.append(to_point(sample, previous))
        self.logs.clear()
        self._pending.clear()
        self._arrivals.clear()
        self._log_status = ""
        self._render_all()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._container is not None:
            self.app.control.want_stats("preview", [self._row] if self._container.is_running else [])
            self._timer = self.set_timer(SETTLE, self._settled)
        else:
            self.app.control.want_stats("preview", [])

    def stop(self) -> None:
        """Hidden (toggled off or covered): nothing open, nothing sampled."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._close()
        self.kind, self.key = "", None
        self.app.control.want_stats("preview", [])

    def _settled(self) -> None:
        self._timer = None
        c = self._container
        if c is None or not self.is_attached:
            return
        self._read_identity(c.id)
        self._open_logs(c)

    def _open_logs(self, c: Container) -> None:
        generation = self._generation

        def emit(change: object) -> None:  # the pump's thread
            self._inbox.put((generation, change))

        self.pump = self.app.control.ops.follow_logs(c.id, emit, tail=TAIL, follow=c.is_running, max_pending=LOG_LINES)
        self.opened += 1
        self._log_status = "following" if c.is_running else "last lines"

    def _close(self) -> None:
        self._generation += 1
        if self.pump is not None:
            self.pump.close()
            self.pump = None

    def _read_identity(self, cid: str) -> None:
        def done(raw: dict) -> None:
            if self.key == cid:
                self._ident = identity(raw)
                self._render_facts()

        self.app.control.ops.read(lambda s: s.inspect("containers", cid), done=done, failed=lambda message: None, owner=self, group="preview")

    # State

    def sync(self, state: State) -> None:
        """A new state: refresh facts when our object changed, sparklines on new samples."""
        old, self._state = self._state, state
        if self.key is None:
            return
        if self.kind == "containers":
            c = state.containers.get(self._row)
            if c is None:
                return
            if c is not self._container:
                was = self._container
                self._container = c
                if was is not None and (was.state != c.state or was.health != c.health or was.status != c.status):
                    if self._timer is None:  # rested: the row changed by an event; read again
                        self._read_identity(c.id)
                    if was.state != c.state and self._timer is None:
                        self._close()
                        self._open_logs(c)
                        self.app.control.want_stats("preview", [self._row] if c.is_running else [])
                self._render_facts()
            sample = state.stats.get(self._row)
            if sample is not None and sample is not old.stats.get(self._row):
                self._add_sample(sample)
        else:
            objects = getattr(state, self.kind, {})
            if objects is not getattr(old, self.kind, None) or state.containers is not old.containers:
                self._render_facts()

    def tick(self) -> None:
        """Once a second while shown: the uptime, or the time since the exit, counts on
        without any request (an exited container read "Exited 0s ago" for ever)."""
        if self.kind == "containers" and self._ident is not None and self._container is not None:
            if self._container.is_up or self._ident.finished_at:
                self._render_facts()

    def _add_sample(self, sample: StatsSample) -> None:
        previous = self._samples[-1] if self._samples else None
        if previous is not None and sample.at <= previous.at:
            return
        self._samples.append(sample)
        self._points.append(to_point(sample, previous))
        self._render_sparks()

    # Drawing

    def _render_all(self) -> None:
        self._render_title()
        self._render_facts()
        self._render_sparks()

    def _draw(self, wid: str, text: Text) -> None:
        """Update a Static only when its text changed; no layout pass when its height stays
        (the uptime ticks every second: only the changed cells are sent)."""
        plain = text.plain
        before = self._shown.get(wid)
        if before is not None and before[0] == plain:
            return
        lines = plain.count("\n") + 1
        self._shown[wid] = (plain, lines)
        self.query_one(f"#{wid}", Static).update(text, layout=before is None or before[1] != lines)

    def _render_title(self) -> None:
        text = Text(tr("preview.title", app_lang(self.app)), style="bold")
        obj = self._object()
        if obj is not None:
            text.append("  ")
            text.append(clean_name(getattr(obj, "name", "") or obj.id[:12]))
        self._draw("preview-title", text)

    def _object(self):
        if self.key is None:
            return None
        return getattr(self._state, self.kind, {}).get(self._row) if self.kind else None

    def _render_facts(self) -> None:
        obj = self._object()
        if obj is None:
            self._draw("preview-facts", Text(tr("preview.none", app_lang(self.app)), style="italic"))
            return
        if self.kind == "containers":
            facts = container_facts(obj, self._ident, time.time())
        else:
            facts = object_facts(self._state, self.kind, obj)
        text = Text()
        lang = app_lang(self.app)
        for n, (label, value) in enumerate(facts):
            if n:
                text.append("\n")
            label = tr(f"preview.{label}", lang) if lang != "en" else label
            text.append(label + " " * max(1, 11 - cell_len(label)), style="bold")  # cells, not characters: Korean is wide
            text.append(clean_name(value))
        self._draw("preview-facts", text)
        self.logs.display = self.kind == "containers"

    def _render_sparks(self) -> None:
        widget = self.query_one("#preview-sparks", Static)
        if self.kind != "containers":
            widget.display = False
            return
        widget.display = self._object() is not None  # nothing selected: no samples to speak of
        if not widget.display:
            return
        if not self._points:
            self._draw("preview-sparks", Text("no samples yet" if self._container and self._container.is_running else "not running: no samples", style="dim italic"))
            return
        latest = self._points[-1]
        text = Text()
        for n, (field, title) in enumerate(SPARKS):
            values = [getattr(p, field) for p in self._points]
            if n:
                text.append("\n")
            text.append(f"{title:<7}", style="bold")
            known = [float(v) for v in values if v is not None]
            top = max(5.0, *known) if field == "cpu" and known else None  # idle CPU stays low
            text.append(bars([float(v) if v is not None else None for v in values], SPARK_WIDTH, 1, top=top)[0], style="cyan")
            current = getattr(latest, field)
            if field == "cpu":
                shown = fmt.percent(current)
            elif field == "mem":
                shown = fmt.memory(current, latest.mem_limit)
            else:
                shown = f"{fmt.size(current)}/s" if current is not None else fmt.DASH
            text.append(f" {shown}")
        self._draw("preview-sparks", text)

    # Logs

    def _take_logs(self) -> None:
        for generation, change in self._inbox.take():
            self._apply_log(change, generation)

    def _apply_log(self, change: object, generation: int) -> None:
        if generation != self._generation or not self.is_attached:
            return  # a batch from a stream the cursor already left
        if isinstance(change, LogBatch):
            self._pending.extend(ansi.plain(line.text) for line in change.lines)  # colours dropped, other controls shown
            del self._pending[:-LOG_LINES]
            self._arrivals.add(len(change.lines))
            if not self.logs.line_count or self._arrivals.per_second < FAST_RATE:
                self._flush_logs()  # the first tail, and each line of a log a reader can follow, at once
            elif self._flush_timer is None:
                self._flush_timer = self.set_timer(LOG_FLUSH, self._flush_logs)
            if self.pump is not None:
                self.pump.ack()
        elif isinstance(change, LogStatus):
            self._log_status = change.state

    def _flush_logs(self) -> None:
        if self._flush_timer is not None:
            self._flush_timer.stop()
            self._flush_timer = None
        if self._pending:
            lines, self._pending = self._pending, []
            self.logs.append(lines)

