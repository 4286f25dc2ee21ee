"""The dashboard: four panes (containers, images, networks, volumes) and the lifecycle keys.

| key       | action                                    |
|-----------|-------------------------------------------|
| 1-4       | jump to a pane; tab / shift+tab cycle     |
| S s r p K | start, stop, restart, pause/unpause, kill |
| d         | remove (confirm)                          |
| l i enter | logs, inspect, detail                     |
| E         | shell inside the container                |
| y Y       | copy id, copy name                        |
| space     | mark; ctrl+a marks all visible            |
| / esc     | filter; clear                             |
| o O       | sort by next column; reverse              |
| e         | show/hide stopped containers              |
| L ?       | action log, help                          |
| P U t R c C D x z | images, networks, volumes, disk, compose projects: see object_actions.py |
| m A V F1  | map, architecture, events, concept card   |
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from .. import render_caches
from ..domain import capabilities
from ..domain.fleet_state import obj_key
from ..domain.state import State
from ..i18n import app_lang, binding_text, tr, translated_binding
from ..widgets.footer import Footer
from ..widgets.daemon_bar import DaemonBar
from ..widgets.footer_fit import fit_footer
from ..widgets.object_pane import ObjectPane
from ..widgets.pane_table import PaneTable
from .host_views import HostViews
from .objects.object_actions import OBJECT_BINDINGS, ObjectActions
from .preview_host import PREVIEW_BINDINGS, PreviewHost
from .daily_actions import DAILY_BINDINGS, DailyActions
from .swarm_keys import SWARM_BINDINGS, SwarmKeys
from ..widgets.preview import PreviewPane

if TYPE_CHECKING:  # the dialog loads when first opened, not on the start-up path (issue 20)
    from .dialogs.confirm import ConfirmResult

PANES = ("containers", "images", "networks", "volumes")
NARROW_WIDTH = 110
SHORT_HEIGHT = 30

# Hidden first from a footer too narrow for every key (help and the palette list them all)
FOOTER_DROP = (
    "learn.map", "container.exec", "container.pause", "container.restart", "object.inspect",
    "container.kill", "object.remove", "object.open", "container.logs", "container.start",
)

CONTAINER_ONLY = {"start", "stop", "restart", "pause", "kill", "logs", "exec"}


class DashboardScreen(HostViews, PreviewHost, DailyActions, ObjectActions, SwarmKeys, Screen):
    BINDINGS = [
        Binding("1", "focus_pane('containers')", "Containers", id="pane.containers", show=False, tooltip="Focus the containers pane"),
        Binding("2", "focus_pane('images')", "Images", id="pane.images", show=False, tooltip="Focus the images pane"),
        Binding("3", "focus_pane('networks')", "Networks", id="pane.networks", show=False, tooltip="Focus the networks pane"),
        Binding("4", "focus_pane('volumes')", "Volumes", id="pane.volumes", show=False, tooltip="Focus the volumes pane"),
        Binding("tab", "cycle_pane(1)", "Next pane", id="pane.next", show=False, tooltip="Focus the next pane"),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", id="pane.previous", show=False, tooltip="Focus the previous pane"),
        Binding("enter", "open", "Open", id="object.open", tooltip="Open the selected object's detail"),
        Binding("S", "start", "Start", id="container.start", tooltip="Start the container(s)"),
        Binding("s", "stop", "Stop", id="container.stop", tooltip="Stop the container(s)"),
        Binding("r", "restart", "Restart", id="container.restart", tooltip="Restart the container(s)"),
        Binding("p", "pause", "Pause", id="container.pause", tooltip="Pause or unpause the container(s)"),
        Binding("K", "kill", "Kill", id="container.kill", tooltip="Kill the container(s) (asks first)"),
        Binding("d", "remove", "Remove", id="object.remove", tooltip="Remove (asks first)"),
        Binding("l", "logs", "Logs", id="container.logs", tooltip="Follow the container's logs"),
        Binding("E", "exec", "Shell", id="container.exec", tooltip="Open a shell inside the container"),
        Binding("i", "inspect", "Inspect", id="object.inspect", tooltip="Show the inspect document"),
        # y, D and x stay out of the footer so the lifecycle keys fit at 120 columns;
        # help (?) and the palette list them.
        Binding("y", "copy", "Copy id", id="object.copy", show=False, tooltip="Copy the id(s) to the clipboard"),
        Binding("Y", "copy('name')", "Copy name", id="object.copy_name", show=False, tooltip="Copy the name(s) to the clipboard"),
        Binding("space", "mark", "Mark", id="object.mark", show=False, tooltip="Mark the row for a bulk action"),
        Binding("ctrl+a", "mark_all", "Mark all", id="object.mark_all", show=False, tooltip="Mark every row the filter shows (again: unmark)"),
        Binding("slash", "filter", "Filter", id="pane.filter", tooltip="Filter: words, key=value, label=k=v"),
        Binding("escape", "clear", "Clear", id="pane.clear", show=False, tooltip="Clear the filter, then the marks"),
        Binding("o", "sort", "Sort", id="pane.sort", show=False, tooltip="Sort by the next column"),
        Binding("O", "sort_reverse", "Reverse sort", id="pane.sort_reverse", show=False, tooltip="Reverse the sort order"),
        Binding("e", "toggle_stopped", "Stopped", id="containers.toggle_stopped", show=False, tooltip="Show or hide stopped containers"),
        Binding("L", "action_log", "Action log", id="app.action_log", show=False, tooltip="Every action as its docker CLI command"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key of this context"),
        Binding("H", "hosts", "Hosts", id="app.hosts", show=False, tooltip="Docker contexts and configured hosts: probe, switch"),
        Binding("at", "scope", "Scope", id="app.scope", show=False, tooltip="Fleet scope: all hosts, a group, one host"),
        *OBJECT_BINDINGS,
        *PREVIEW_BINDINGS,
        *DAILY_BINDINGS,
        *SWARM_BINDINGS,
        # Learning views (opened by app.control.nav.open_learn)
        Binding("m", "learn('map')", "Map", id="learn.map", tooltip="Relationship map of the selected object"),
        Binding("A", "learn('arch')", "Architecture", id="learn.arch", show=False, tooltip="How the client reaches dockerd, containerd, runc"),
        Binding("V", "learn('events')", "Events", id="learn.events", show=False, tooltip="Live timeline of daemon events, explained"),
        Binding("f1", "learn('concept')", "Concept", id="learn.concept", show=False, tooltip="Explain the concept under the cursor"),
    ]

    _host_panes = PANES

    def __init__(self) -> None:
        super().__init__(classes="dashboard")
        self.active_pane = "containers"
        self.lower_pane = "images"
        self._state = State()
        self._covered = False
        self._bindings_shown: tuple | None = None
        self._behind = False  # state changed while another screen covered this one
        self._stats_due: State | None = None  # a stats batch waiting for the clock's tick (_on_state)
        self._resumed = False  # shown once (on_screen_resume)

    # Textual's auto-focus (at compose) takes the first focusable widget, and a hidden filter
    # Input counts (``focusable`` reads visibility, not display): a key typed while the app
    # starts landed in the containers filter. The containers table is the one to focus.
    AUTO_FOCUS = "PaneTable"

    def compose(self) -> ComposeResult:
        app = self.app
        yield DaemonBar(app.endpoint, app.readonly, id="daemon-bar")
        with Horizontal(id="body"):
            with Vertical(id="panes"):
                yield ObjectPane("containers")
                yield Static(id="lower-tabs")
                with Horizontal(id="lower"):
                    for kind in PANES[1:]:
                        yield ObjectPane(kind)
            yield PreviewPane(id="preview")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.pane("containers").table.focus()
        self._apply_size()
        self._render_lower_tabs()
        colours = self.app.state_colours()
        for kind in PANES:
            self.pane(kind).set_colours(colours)
        # One clock a second for the screen: the containers pane's (its "Up 12 sec" rows), the
        # stats batch that waited for it and the preview's uptime ride the same frame. The
        # preview had its own interval: a second frame every second, ~30 ms after the table's
        # (the preview following a log at N=30: two screen updates a second -> one).
        self.pane("containers").before_tick = self._on_second
        store = self.app.control.store
        store.state_signal.subscribe(self, self._on_state, immediate=True)  # call_next waits for the screen's next message: seconds
        store.pending_signal.subscribe(self, self._on_pending, immediate=True)
        store.status_signal.subscribe(self, self.show_status, immediate=True)
        store.select_signal.subscribe(self, self._on_select, immediate=True)
        store.times_signal.subscribe(self, self._on_times, immediate=True)
        self.watch_host_switches()
        self._on_state(store.state)
        self.show_status(store.last_action)
        self.watch_alerts()
        self.bind_custom_commands()
        self.watch_swarm()

    def on_resize(self) -> None:
        self._apply_size()

    def _apply_size(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH or self.size.height < SHORT_HEIGHT, "-narrow")
        self._show_lower()
        self.apply_preview()
        if self.is_mounted:
            self._bindings_shown = None  # the footer's width changed: fit the keys again
            self.refresh_bindings()

    @property
    def active_bindings(self):
        """Screen.active_bindings with the least needed keys hidden when the footer is narrow."""
        active = super().active_bindings
        lang = app_lang(self.app)
        if lang != "en":  # the footer reads each Binding's description: give it the translated one
            active = {key: ab._replace(binding=self._translated(ab.binding, lang)) for key, ab in active.items()}
        width = self.size.width or self.app.size.width
        return fit_footer(active, width, FOOTER_DROP, self.app.get_key_display, self._hidden_binding)

    def _translated(self, binding: Binding, lang: str) -> Binding:
        return translated_binding(self, binding, lang)

    def _hidden_binding(self, binding: Binding) -> Binding:
        cache = self.__dict__.setdefault("_hidden_bindings", {})
        copy = cache.get(id(binding))
        if copy is None:
            copy = cache[id(binding)] = (binding, dataclasses.replace(binding, show=False))
        return copy[1]

    def pane(self, kind: str) -> ObjectPane:
        return self.query_one(f"#pane-{kind}", ObjectPane)

    @property
    def focused_pane(self) -> ObjectPane:
        return self.pane(self.active_pane)

    # State

    def _on_state(self, state: State) -> None:
        if self._covered:
            # Under another screen. Textual repaints the whole top screen for any change
            # in the screen below it (the logs view re-sent 25 kB per stats tick), and
            # nobody sees these rows: catch up when the dashboard shows again.
            self._behind = True
            return
        old = self._state
        # A stats batch (every ~2 s) changes nothing but figures in the containers pane:
        # the other panes, the header and the footer need no work and no repaint then.
        stats_only = (
            old.containers is state.containers
            and old.images is state.images
            and old.networks is state.networks
            and old.volumes is state.volumes
            and old.info is state.info
            and old.connection == state.connection
            and old.synced == state.synced
        )
        if stats_only and self.pane("containers").ticks_seconds():
            # Rows read "Up 12 sec": the pane's clock repaints them within the second. The
            # figures ride that frame instead of one of their own a moment before or after
            # (the preview following a log at N=30: 23 table frames in 15 s -> 15).
            self._stats_due = state
            return
        self._show_state(state, stats_only)

    def _on_second(self) -> None:
        self._stats_on_tick()
        self.preview_tick()

    def _stats_on_tick(self) -> None:
        """The containers pane's clock is about to tick: a stats batch waiting for it now."""
        state, self._stats_due = self._stats_due, None
        if state is not None and not self._covered and state is self.app.control.store.state:
            self._show_state(state, True)

    def _show_state(self, state: State, stats_only: bool) -> None:
        self._stats_due = None  # this state holds the batch's figures too
        self._state = state
        fleet = self.app.control.fleet
        arriving = fleet is not None and fleet.listing()  # the cursors stay on top meanwhile
        with self.app.batch_update():
            for kind in PANES[:1] if stats_only else PANES:
                pane = self.pane(kind)
                pane.arriving = arriving
                pane.sync(state)
            self.preview_sync(state)
        if not stats_only:
            self.query_one(DaemonBar).show(state, self.app.control.api_version)
            self.restore_cursors()
            self.refresh_bindings()

    def _on_pending(self, labels: dict[str, str]) -> None:
        pane = self.pane("containers")
        pane.pending = labels
        if self._covered:
            self._behind = True
            return
        pane.sync(self._state, full=True)

    def _on_times(self, ids: frozenset[str]) -> None:
        """Exact start/finish times arrived: the STATUS (and RESTARTS) cells of those rows."""
        if self._covered:
            self._behind = True
            return
        self.pane("containers").refresh_rows(ids)

    def _on_select(self, request: tuple[str, str]) -> None:
        kind, key = request
        if kind == "containers":
            self.select_container_when_listed(key)

    def refresh_colours(self) -> None:
        colours = self.app.state_colours()
        for kind in PANES:
            self.pane(kind).set_colours(colours)

    def show_status(self, text: Text) -> None:
        self.query_one(DaemonBar).show_action(text)

    @on(ObjectPane.SelectedRemoved)
    def _selected_removed(self, event: ObjectPane.SelectedRemoved) -> None:
        # Removed outside Dockyard (or by our own remove): say so, the cursor moved on.
        kind = event.pane.kind[:-1]
        self.notify(f"The selected {kind} {event.name} was removed", markup=False, timeout=4)

    @on(ObjectPane.VisibleChanged)
    def _visible_changed(self, event: ObjectPane.VisibleChanged) -> None:
        if event.pane.kind == "containers":
            self._want_stats()
        if event.pane is self.focused_pane:
            # A filter that hides every row, or the last row removed, moves no cursor (no
            # RowHighlighted): the preview would go on showing the row that went.
            self.preview_follow()

    def _want_stats(self) -> None:
        pane = self.pane("containers")
        containers = self._state.containers
        visible = [containers[k] for k in pane.visible_keys() if k in containers]
        ids = [obj_key(c, c.id) for c in visible if c.state == "running"]  # (host, id) in a fleet
        if self._covered:
            ids = []  # another screen is on top (is_current stays True under a modal)
        else:
            self.app.control.want_times(visible)  # exact uptime for the rows on screen, once each
        self.app.control.want_stats("dashboard", ids)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed:
            # Textual restyles every node of a screen that resumes (Screen._on_screen_resume,
            # run after this handler). The first resume follows the mount, which styled each
            # node as it was added (and a class set since restyled its subtree): the whole
            # dashboard's styling again, ~0.02 s of the start at N=100 (issue 20).
            self._resumed = True
            event.refresh_styles = False
        render_caches.release_closed()  # the closed screen's rendered lines (see tui/render_caches.py)
        self._covered = False
        self._bindings_shown = None  # the footer is refreshed once on showing, whatever changed
        if self._behind:
            self._behind = False
            self._on_state(self.app.control.store.state)  # refreshes the bindings when objects changed
            for kind in PANES:
                self.pane(kind).tick()
            self._select_pending()
        self._want_stats()
        self.apply_preview()
        self.refresh_bindings()  # a no-op when the catch-up already did it

    def refresh_bindings(self) -> None:
        # While another screen is on top, focus and highlight changes still reach this
        # screen; its hidden footer recomposing starved the screen on top (logs flood).
        stack = self.app.screen_stack
        if self in stack and stack[-1] is not self:
            return
        # The footer recomposes (~20 new widgets) on every refresh: each daemon event cost
        # ~2 MB of RSS and a repaint. Only refresh when what the footer shows changed.
        shown = tuple((key, id(b.node), id(b.binding), b.enabled) for key, b in self.active_bindings.items())
        if shown != self._bindings_shown:
            self._bindings_shown = shown
            super().refresh_bindings()

    def on_screen_suspend(self) -> None:
        self._covered = True
        self.app.control.want_stats("dashboard", [])
        self.preview.stop()

    # Focus

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.app.control.focus_object(self.focused_pane.selected)  # a fleet acts on the row's host
        self.refresh_bindings()
        self.preview_follow()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        # The table consumes enter (and a click on the cursor row) as "select": open it.
        event.stop()
        self.action_open()

    def on_descendant_focus(self, event) -> None:
        for kind in PANES:
            pane = self.pane(kind)
            if event.widget in pane.walk_children() or event.widget is pane:
                self.active_pane = kind
                if kind != "containers":
                    self.lower_pane = kind
                    self._show_lower()
                for other in PANES:
                    self.pane(other).set_class(other == kind, "-active")
                self.preview_follow()
                break
        self.refresh_bindings()

    def _show_lower(self) -> None:
        narrow = self.has_class("-narrow")
        for kind in PANES[1:]:
            self.pane(kind).display = (not narrow) or kind == self.lower_pane
        self._render_lower_tabs()

    def _render_lower_tabs(self) -> None:
        text = Text()
        for n, kind in enumerate(PANES[1:], start=2):
            style = "bold reverse" if kind == self.lower_pane else "dim"
            text.append(f" {n} {kind.title()} ", style=style)
            text.append(" ")
        text.append(self.swarm_tabs(), style="dim")
        self.query_one("#lower-tabs", Static).update(text)

    def action_focus_pane(self, kind: str) -> None:
        pane = self.pane(kind)
        if kind != "containers":
            self.lower_pane = kind
            self._show_lower()
        # Focus now, not from the queue (Widget.focus): keys read together with this one
        # (``2/`` on a busy machine, or typed while the app started) follow the new focus.
        self.active_pane = kind
        self.set_focus(pane.table)

    def action_cycle_pane(self, step: int) -> None:
        i = PANES.index(self.active_pane)
        self.action_focus_pane(PANES[(i + step) % len(PANES)])

    # Which keys apply

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """True: shown and enabled; None: shown dimmed (not for this selection); False: absent.
        Which action applies in which state is tui/domain/capabilities.py, and nothing else."""
        kind = self.active_pane
        verdict = self.check_object_action(action)
        if verdict is NotImplemented:
            verdict = self.check_daily_action(action, parameters)
        if verdict is NotImplemented:
            verdict = self.check_swarm_action(action)
        if verdict is not NotImplemented:
            return verdict
        if not self.app.control.allowed(action):
            return False  # read-only: absent from footer, help and palette
        if action in CONTAINER_ONLY:
            if kind != "containers":
                return False
            states = [c.state for c in self.focused_pane.targets()]
            if not states:
                return None
            if action == "pause":
                applies = any(capabilities.applies(kind, a, s) for s in states for a in ("pause", "unpause"))
            else:
                applies = any(capabilities.applies(kind, action, s) for s in states)
            return True if applies else None
        if action == "toggle_stopped":
            return kind == "containers" or None
        if action in {"remove", "inspect", "copy", "open", "mark"}:
            return True if self.focused_pane.targets() else None
        return True

    # Actions on objects

    def _targets(self):
        return self.focused_pane.targets()

    def action_start(self) -> None:
        self._container_action("start", self._targets())

    def action_stop(self) -> None:
        self._container_action("stop", self._targets())

    def action_restart(self) -> None:
        self._container_action("restart", self._targets())

    def action_pause(self) -> None:
        targets = self._targets()
        self._container_action(capabilities.pause_action(c.state for c in targets), targets)

    def action_kill(self) -> None:
        targets = capabilities.applicable("containers", "kill", self._targets())
        if not targets:
            return

        def done(result: ConfirmResult | None) -> None:
            if result and result.confirmed:
                self._container_action("kill", targets)

        from .dialogs.confirm import ConfirmScreen

        lang = app_lang(self.app)
        self.app.push_screen(ConfirmScreen(tr("confirm.kill.many", lang, n=len(targets)), [_label(c) for c in targets],
                                           verb=tr("confirm.kill.verb", lang), cancel=tr("confirm.cancel", lang)), done)

    def action_remove(self) -> None:
        kind = self.active_pane
        targets = self._targets()
        if not targets or not self.app.control.allowed("remove"):
            return
        lang = app_lang(self.app)
        options = {"force": tr("confirm.opt.force", lang), "volumes": tr("confirm.opt.volumes", lang)} if kind == "containers" else {}
        # A running container cannot be removed without force: tick it for the user
        # (docker rm -f); anonymous volumes stay unless ticked.
        ticked = {"force"} if kind == "containers" and any(getattr(t, "state", "") in ("running", "paused", "restarting") for t in targets) else set()
        if kind == "images":
            options = {"force": tr("confirm.opt.image_force", lang)}

        def done(result: ConfirmResult | None) -> None:
            if result and result.confirmed:
                self.app.control.remove(kind, targets, **result.options)

        from .dialogs.confirm import ConfirmScreen

        noun = tr(f"kind.{kind[:-1]}", lang) if lang != "en" else kind if len(targets) > 1 else kind[:-1]
        self.app.push_screen(ConfirmScreen(tr("confirm.remove.many", lang, n=len(targets), noun=noun), [_label(t) for t in targets], options=options,
                                           ticked=ticked, verb=tr("confirm.remove.verb", lang), cancel=tr("confirm.cancel", lang)), done)

    def _container_action(self, action: str, targets, confirmed: bool = False) -> None:
        if not targets:
            return
        if not confirmed and self.confirm_across_hosts(action, targets, lambda: self._container_action(action, targets, True)):
            return
        project = self.project_row()
        if project is not None and not self.focused_pane.marked and action in ("start", "stop", "restart"):
            self.app.control.project_action(action, project.name, self.pane("containers").grouping.members(project))
        else:
            self.app.control.container_action(action, targets, command=self.project_command(action))
        self.focused_pane.clear_marks()

    def action_logs(self) -> None:
        if self.open_project_logs():
            return
        sel = self.focused_pane.selected
        if sel is None:
            return
        marked = self.focused_pane.targets() if self.active_pane == "containers" else []
        self.app.control.nav.open_logs(marked if len(marked) > 1 else [sel])

    def action_exec(self) -> None:
        sel = self.focused_pane.selected
        if sel is not None and self.active_pane == "containers":
            self.app.control.nav.open_exec(sel)

    def action_inspect(self) -> None:
        sel = self.focused_pane.selected
        if sel is not None:
            self.app.control.nav.open_inspect(self.active_pane, sel)

    def action_open(self) -> None:
        if self.toggle_project():
            return
        sel = self.focused_pane.selected
        if sel is not None:
            self.app.control.nav.open_detail(self.active_pane, sel)

    def action_copy(self, what: str = "id") -> None:
        from ..clipboard import copy

        targets = self._targets()
        if not targets:
            return
        values = [getattr(t, what, "") or t.id for t in targets]
        label = f"{len(values)} {what}s" if len(values) > 1 else f"{what} of {getattr(targets[0], 'name', '') or targets[0].short_id}"
        copy(self.app, "\n".join(values), label)

    def action_mark(self) -> None:
        self.focused_pane.toggle_mark()
        self.refresh_bindings()

    def action_mark_all(self) -> None:
        self.focused_pane.mark_all()
        self.refresh_bindings()

    def action_filter(self) -> None:
        self.focused_pane.open_filter()

    def action_clear(self) -> None:
        pane = self.focused_pane
        if pane.query_text or pane.filter_input.display:
            pane.close_filter()
        elif pane.marked:
            pane.clear_marks()
        self.refresh_bindings()

    def action_sort(self) -> None:
        self.focused_pane.cycle_sort()

    def action_sort_reverse(self) -> None:
        self.focused_pane.cycle_sort(reverse=True)

    def action_toggle_stopped(self) -> None:
        pane = self.pane("containers")
        pane.show_stopped = not pane.show_stopped

    def action_hosts(self) -> None:
        self.app.control.nav.open_hosts()

    def action_action_log(self) -> None:
        self.app.control.nav.open_action_log()

    def action_learn(self, view: str) -> None:
        self.app.control.nav.open_learn(view, self.active_pane, self.focused_pane.selected)

    def action_help(self) -> None:
        lang = app_lang(self.app)
        self.app.control.nav.open_help(tr("help.title", lang, title=tr("help.dashboard", lang)), self.help_rows())

    def help_rows(self) -> list[tuple[str, str, str, bool]]:
        lang = app_lang(self.app)
        rows = []
        active = self.app.active_bindings if self.app.screen is self else {}
        for binding in self.BINDINGS:
            enabled = self.check_action(binding.action.split("(")[0], ())
            if enabled is False and capabilities.is_mutating(binding.action.split("(")[0]):
                continue  # readonly: not even listed
            keys = _key_names(self.app.binding_keys(binding.id) or binding.key)
            group = "Panes" if binding.id.startswith("pane") else ("Containers" if binding.id.startswith("container") else "Objects" if binding.id.startswith("object") else "App")
            desc, tip = binding_text(binding, lang)
            rows.append((group, keys, desc + (f" — {tip}" if tip else ""), bool(enabled)))
        for binding in PaneTable.BINDINGS:
            rows.append(("Panes", binding.key + (" ↓" if binding.action == "cursor_down" else " ↑" if binding.action == "cursor_up" else ""), binding_text(binding, lang)[0], True))
        rows.append(("Panes", "click / wheel", tr("help.click", lang), True))
        for key, ab in active.items():
            if ab.node is self.app and ab.binding.show:
                rows.append(("App", key, binding_text(ab.binding, lang)[0], ab.enabled))
        rows += self.custom_help_rows()
        rows.append(("App", "ctrl+p", tr("help.palette", lang), True))
        rows.append(("App", "q", tr("help.quit", lang), True))
        return sorted(rows, key=lambda r: ["Panes", "Containers", "Objects", "App"].index(r[0]))


_KEY_NAMES = {"slash": "/", "question_mark": "?", "escape": "esc", "space": "space", "at": "@"}


def _key_names(keys: str) -> str:
    return ", ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def _label(obj) -> str:
    name = getattr(obj, "name", "") or ""
    return f"{name}  ({obj.short_id})" if name and name != obj.short_id else obj.short_id
