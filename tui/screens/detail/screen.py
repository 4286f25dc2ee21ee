"""A container's detail: Logs, Stats, Inspect, Env, Ports & Mounts, Processes, Health.

Pushed over the dashboard and popped with ``esc``, so the dashboard comes back
exactly as it was. With several containers it shows only their merged logs.

| key     | action                                          |
|---------|-------------------------------------------------|
| [ ]     | previous / next tab                             |
| esc     | back to the dashboard                           |
| E       | shell inside the container                      |
| a       | attach to the main process's TTY (ctrl+p ctrl+q detaches) |
| v       | reveal / mask secret-looking values             |
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane, Tree

from ...domain.sanitize import clean_name
from ...domain.secrets import secret_values
from ...domain.fleet_state import obj_key
from ...domain.state import State
from ...widgets.due import Due
from ...widgets.footer import Footer
from ...widgets.log_view import LogView
from ...widgets.stats_graphs import StatsGraphs
from .info_tabs import EnvTab, HealthTab, InspectTab, PortsTab, env_pairs, masked_document
from .logs_tab import LogsTab
from .processes_tab import ProcessesTab
from ..mounted import unless_closed

TITLE_SLACK = 0.12  # a quiet log: the title's seconds still tick about once a second
TABS = ("logs", "stats", "inspect", "env", "ports", "processes", "health")
TITLES = {"logs": "Logs", "stats": "Stats", "inspect": "Inspect", "env": "Env", "ports": "Ports & Mounts", "processes": "Processes", "health": "Health"}


class ContainerDetailScreen(Screen):
    AUTO_FOCUS = None  # the active tab's main widget gets focus, not the tab bar
    BINDINGS = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("left_square_bracket", "switch_tab(-1)", "Prev tab", id="detail.previous_tab", tooltip="Previous tab"),
        Binding("right_square_bracket", "switch_tab(1)", "Next tab", id="detail.next_tab", tooltip="Next tab"),
        Binding("E", "exec", "Shell", id="detail.exec", tooltip="Open a shell inside the container"),
        Binding("a", "attach", "Attach", id="detail.attach", tooltip="Attach to the main process's TTY (ctrl+p ctrl+q detaches)"),
        Binding("v", "reveal", "Reveal", id="detail.reveal", show=False, tooltip="Reveal or mask secret-looking values"),
    ]

    def __init__(self, containers: list, tab: str = "logs") -> None:
        super().__init__(classes="detail")
        # The title's "Up 12 seconds": every second while it counts seconds; while a followed
        # log paints, in its frames (ride_paint).
        self._seconds = Due(self, 1.0, self._tick_seconds, slack=TITLE_SLACK)
        self.containers = list(containers)
        self.merged = len(self.containers) > 1
        self.container = self.containers[0]
        self.tabs = ["logs"] if self.merged else [t for t in TABS if t != "health" or self.container.health is not None]
        self.initial = tab if tab in self.tabs else "logs"
        self.document: dict = {}
        self.reveal = False
        self._tab = self.initial  # ours: TabbedContent.active lags a quick second press
        self._health_dirty = False  # a probe ran while the Health tab was hidden
        self._tabs_ready = False  # the tab strip has activated its first tab
        self._wanted: str | None = None  # a tab chosen by a key before then

    # Layout

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="detail-title", classes="screen-title")
        # No `initial` for the first tab: ContentTabs validates it on mount and, on a busy
        # machine, can do so before its tabs are mounted ("No Tab with id ...").
        initial = f"tab-{self.initial}" if self.initial != self.tabs[0] else ""
        with TabbedContent(initial=initial, id="detail-tabs"):
            with TabPane(TITLES["logs"] if not self.merged else f"Logs ({len(self.containers)} containers)", id="tab-logs"):
                yield LogsTab(self.containers, id="logs")
            if not self.merged:
                with TabPane(TITLES["stats"], id="tab-stats"):
                    yield StatsGraphs(id="stats")
                with TabPane(TITLES["inspect"], id="tab-inspect"):
                    yield InspectTab(id="inspect")
                with TabPane(TITLES["env"], id="tab-env"):
                    yield EnvTab(id="env")
                with TabPane(TITLES["ports"], id="tab-ports"):
                    yield PortsTab(id="ports")
                with TabPane(TITLES["processes"], id="tab-processes"):
                    yield ProcessesTab(self.container.id, id="processes")
                if "health" in self.tabs:
                    with TabPane(TITLES["health"], id="tab-health"):
                        yield HealthTab(id="health")
        yield Footer()

    def _title(self) -> Text:
        text = Text()
        for i, c in enumerate(self.containers):
            if i:
                text.append(", ")
            text.append(clean_name(c.name or c.short_id), style="bold")
        if not self.merged:
            c = self.container
            text.append(f"  {c.short_id}  ", style="dim")
            text.append(clean_name(c.image))
            store = self.app.control.store
            text.append(f"  {clean_name(store.status_now(c))}", style="italic")
            times = store.times(c.id)
            if times is not None and times.restart_count:
                text.append(f"  restarted {times.restart_count}×", style="italic")
        return text

    def _show_title(self) -> None:
        """Redraw the title when it changed; with a screen layout only when its height may
        change (it no longer fits on one row, or did not): a layout of the whole screen each
        second cost more than the followed log's lines."""
        title = self._title()
        if title == getattr(self, "_title_shown", None):
            return
        found = list(self.query("#detail-title"))
        if not found:  # the screen's widgets are going (its removal, the app's exit)
            return
        widget = found[0]
        width = widget.content_region.width
        fits = bool(width) and title.cell_len <= width
        widget.update(title, layout=not (fits and getattr(self, "_title_fitted", False)))
        self._title_shown, self._title_fitted = title, fits

    def _tick_seconds(self) -> None:
        if not self.merged and self.app.control.store.counts_seconds(self.container):
            self._show_title()
        self._seconds.mark()  # the next second

    def ride_paint(self, now: float) -> list:
        """The logs tab is about to paint new lines: the title's second rides in that frame."""
        return list(self.query("#detail-title")) if self._seconds.ride(now) else []

    def on_mount(self) -> None:
        # The header's "Up 5 min" ages without a daemon request, like the dashboard's column.
        self.app.control.store.tick_signal.subscribe(self, lambda _now: self._show_title())
        self._seconds.mark()  # ... and every second while it counts seconds
        self.app.control.store.state_signal.subscribe(self, self._on_state)
        self.app.control.store.times_signal.subscribe(self, self._on_times)
        self.app.control.store.event_signal.subscribe(self, self._on_event)
        if not self.merged:
            self.query_one(StatsGraphs).load(self.app.control.store.stats_history(self.container.id))
            self.app.control.want_times([self.container])
            self.app.control.want_stats("detail", [obj_key(self.container, self.container.id)] if self.container.is_running else [])
            self._on_state(self.app.control.store.state)
        for c in self.containers:
            self._inspect(c.id)
        self._focus_tab(self.initial)

    def on_unmount(self) -> None:
        self.app.control.want_stats("detail", [])
        # A signal drops a dead subscriber only at its next publish: the times signal can
        # stay quiet for minutes, holding this screen and its log buffer. Let go now.
        store = self.app.control.store
        for signal in (store.state_signal, store.times_signal, store.event_signal, store.tick_signal):
            signal.unsubscribe(self)

    @property
    def active_tab(self) -> str:
        return self._tab

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab = (event.pane.id or "").removeprefix("tab-")
        if not self._tabs_ready and self._wanted:
            # A tab key came before the strip was ready: honour it once the TabbedContent has
            # finished mounting (its tab strip activates the first tab a second time, from an
            # awaited mount, after this first activation: a timer lets that pass first).
            self.set_timer(0.2, self._apply_wanted)
        self._tabs_ready = True
        self._tab = tab
        if not self.merged:
            self.query_one(ProcessesTab).activate(tab == "processes")
            if tab == "health" and self._health_dirty:
                self._health_dirty = False
                self._inspect(self.container.id)
        self._focus_tab(tab)
        self.refresh_bindings()

    def _focus_tab(self, tab: str) -> None:
        target = {
            "logs": lambda: self.query_one(LogView),
            "inspect": lambda: self.query_one("#inspect-tree", Tree),
            "env": lambda: self.query_one("#env-table", DataTable),
            "ports": lambda: self.query_one("#ports-table", DataTable),
            "processes": lambda: self.query_one("#processes-table", DataTable),
            "health": lambda: self.query_one("#health-table", DataTable),
        }.get(tab)
        if target is not None:
            target().focus()

    def action_switch_tab(self, step: int) -> None:
        tabs = self.tabs
        i = tabs.index(self._tab) if self._tab in tabs else 0
        self._tab = tabs[(i + step) % len(tabs)]
        self._wanted = None  # a key now: no earlier choice is re-applied over it
        if not self._tabs_ready:
            # A `]` typed right after `enter` on a busy machine arrives before the tab strip has
            # activated its first tab (setting ``active`` then raised NoMatches and took the app
            # down, found by a soak at load 50-90): the choice is applied when it has.
            self._wanted = self._tab
            return
        self.query_one(TabbedContent).active = f"tab-{self._tab}"

    def _apply_wanted(self, tries: int = 10) -> None:
        """Show the tab a key chose before the strip was ready; checked again a little later
        (up to ``tries`` times) since the strip's own late activation of its first tab may
        still come after this, on a busy machine. A later tab key takes over (``_wanted`` goes)."""
        wanted = self._wanted
        if not wanted or not self.query(TabbedContent) or self not in self.app.screen_stack:
            return
        if self._tab != wanted or self.query_one(TabbedContent).active != f"tab-{wanted}":
            self._tab = wanted
            self.query_one(TabbedContent).active = f"tab-{wanted}"
        if tries:
            self.set_timer(0.3, lambda: self._apply_wanted(tries - 1))
        else:
            self._wanted = None

    def action_back(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    # Data

    def _on_state(self, state: State) -> None:
        logs = self.query_one(LogsTab)
        changed = False
        for i, c in enumerate(self.containers):
            new = state.containers.get(c.id)
            if new is None or new == c:
                continue
            changed = True
            if new.is_running and not c.is_running:
                logs.container_started(c.id)
            if new.state != c.state or new.health != c.health:
                self._inspect(c.id)
            self.containers[i] = new
        if self.merged:
            return
        self.container = self.containers[0]
        if changed or getattr(self, "_title_shown", None) is None:
            # Not for every stats sample: the clock's part of the title ("Up 12 seconds") is
            # the seconds tick's, which draws it in a frame of the followed log's lines.
            self._show_title()
        self.app.control.want_times([self.container])  # after a start or stop: read again
        self.app.control.want_stats("detail", [obj_key(self.container, self.container.id)] if self.container.is_running else [])
        sample = state.stats.get(obj_key(self.container, self.container.id))
        if sample is not None:
            self.query_one(StatsGraphs).add(sample)

    def _on_event(self, event) -> None:
        """The Health tab follows the health log: each probe is an exec that ends (exec_die),
        a status change a health_status event; re-read while the tab is shown."""
        if self.merged or "health" not in self.tabs or event.type != "container" or event.actor_id != self.container.id:
            return
        if not event.action.startswith(("exec_die", "health_status")):
            return
        if self._tab == "health":
            self._inspect(self.container.id)
        else:
            self._health_dirty = True

    def _on_times(self, ids: frozenset[str]) -> None:
        if not self.merged and self.container.id in ids:
            self._show_title()

    def _inspect(self, cid: str) -> None:
        self.app.control.ops.read(
            lambda session: session.inspect("containers", cid), done=lambda doc: self._inspected(cid, doc),
            owner=self, title="Inspect", group=f"detail-inspect-{cid[:12]}",
        )

    @unless_closed
    def _inspected(self, cid: str, doc: dict) -> None:
        logs = self.query_one(LogsTab)
        secrets = set(logs.secrets) | set(secret_values([f"{k}={v}" for k, v in env_pairs(doc)]))
        logs.set_secrets(sorted(secrets))
        if self.merged or cid != self.container.id:
            return
        self.document = doc
        self._show_document()
        self.refresh_bindings()

    def _show_document(self) -> None:
        doc = self.document
        self.query_one(InspectTab).show(masked_document(doc, self.reveal))
        self.query_one(EnvTab).show(env_pairs(doc), self.reveal)
        self.query_one(PortsTab).show(doc)
        if "health" in self.tabs:
            self.query_one(HealthTab).show(doc)

    # Keys

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("exec", "attach"):
            if self.merged or self.app.control.readonly:
                return False  # a shell (or the main process's stdin) can change anything
            if action == "attach" and not (self.document.get("Config") or {}).get("Tty"):
                return None  # only a TTY can be attached to usefully
            return True if self.container.is_running else None
        if action == "reveal":
            return True
        return True

    def action_reveal(self) -> None:
        self.reveal = not self.reveal
        self.query_one(LogsTab).set_reveal(self.reveal)
        if self.document:
            self._show_document()

    def action_exec(self) -> None:
        self.app.control.nav.open_exec(self.container)

    def action_attach(self) -> None:
        self.app.control.nav.open_attach(self.container)
