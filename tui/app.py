"""The application: wires the engine session to the screens. No daemon calls here."""

from __future__ import annotations

import time
import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.signal import Signal

from . import keymap as keymap_config
from .commands import DockyardCommands
from .commands_learn import LearnCommands
from .domain import changes as ch
from .domain import api_features, cli
from .domain.state import State, apply
from .engine.endpoint import Endpoint
from .domain.errors import DockerError
from .engine.session import Session
from .messages import EngineChange
from .paths import stylesheets
from .screens.action_log import ActionLogScreen, ActionRecord
from .screens.connect import ConnectScreen
from .screens.dashboard import DashboardScreen
from . import scroll_region, tight_updates
from .resize_guard import ResizeGuard
from .screens.too_small import TooSmallScreen, too_small
from .widgets.palette import state_variables

ACTION_LOG_MAX = 500
BULK_WORKERS = 4
PENDING_LABELS = {
    "start": "starting…",
    "stop": "stopping…",
    "restart": "restarting…",
    "pause": "pausing…",
    "unpause": "unpausing…",
    "kill": "killing…",
    "remove": "removing…",
}
# which container events confirm a pending action
SETTLED_BY = {
    "starting…": ("start", "die"),
    "stopping…": ("die", "stop"),
    "restarting…": ("restart", "start"),
    "pausing…": ("pause",),
    "unpausing…": ("unpause",),
    "killing…": ("die",),
    "removing…": ("destroy",),
}
# engine method per (kind, action)
ENGINE_METHODS = {
    ("containers", "remove"): "remove_container",
    ("images", "remove"): "remove_image",
    ("networks", "remove"): "remove_network",
    ("volumes", "remove"): "remove_volume",
}


class _UnjoinedExecutor(ThreadPoolExecutor):
    """asyncio's default executor whose shutdown does not wait: quit must not wait for a
    worker blocked on a hung daemon (its daemon call fails or the process exits first)."""

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=False, cancel_futures=True)


class DockyardApp(App):
    TITLE = "Dockyard"
    CSS_PATH = stylesheets("base", "dashboard", "dialogs", "detail", "objects", "learn")
    COMMANDS = App.COMMANDS | {DockyardCommands, LearnCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit at once"),
        Binding("ctrl+c", "quit", "Quit", id="app.quit_ctrl_c", show=False, priority=True, tooltip="Quit at once"),
    ]

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        readonly: bool = False,
        lang: str = "en",
        stats_interval: float = 2.0,
        config: keymap_config.Config | None = None,
        clock: Callable[[], float] = time.time,
        session_factory: Callable[..., Session] = Session,
    ) -> None:
        """``clock`` and ``session_factory`` let snapshot tests freeze time and replay a recorded daemon."""
        super().__init__()
        tight_updates.install()
        scroll_region.install()  # after tight_updates: builds on it
        self.endpoint = endpoint
        self.readonly = readonly
        self.lang = lang
        self.config = config if config is not None else keymap_config.load()
        self.state = State()
        self.state_signal: Signal[State] = Signal(self, "state")
        self.event_signal: Signal[ch.DaemonEvent] = Signal(self, "events")
        self.action_log: list[ActionRecord] = []
        self.pending: dict[str, str] = {}
        self._confirmed: set[str] = set()
        self._stats_wanted: dict[str, frozenset[str]] = {}
        self.clock = clock
        self.resyncs = 0  # full listings applied: tests prove changes came by event, not re-list
        self.last_action = Text("")
        self.session = session_factory(endpoint, self._emit, readonly=readonly, stats_interval=stats_interval, log=self.log.info)
        self._connect_screen: ConnectScreen | None = None
        self._colours: dict[str, str] | None = None
        self._resize_guard = ResizeGuard(self)

    # Wiring

    def _emit(self, change: object) -> None:
        """Called from engine threads: post_message is thread-safe and never blocks."""
        self.post_message(EngineChange(change))

    def on_mount(self) -> None:
        # Thread workers run on asyncio's default executor, and asyncio.run() joins it on
        # exit: a worker stuck in a call to a hung daemon held quit for the request timeout.
        asyncio.get_running_loop().set_default_executor(_UnjoinedExecutor(thread_name_prefix="dockyard-worker"))
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        if self.config.error:
            self.notify(self.config.error, title="Config", severity="warning", markup=False)
        self.push_screen(DashboardScreen())
        self.session.start()

    def on_resize(self, event) -> None:
        """Below the minimum size the panes cannot draw anything useful: say so instead."""
        self._resize_guard.resized()
        width, height = event.size
        top = self.screen_stack[-1] if self.screen_stack else None
        if too_small(width, height):
            if isinstance(top, TooSmallScreen):
                top.show_size(width, height)
            elif top is not None:
                self.push_screen(TooSmallScreen())
        elif isinstance(top, TooSmallScreen):
            self.pop_screen()

    def on_unmount(self) -> None:
        self.session.close()

    def _fatal_error(self) -> None:
        """Textual's crash report shows local variables (env, labels, tokens): never show them.
        Same as App._fatal_error (textual 8.2) but with show_locals=False."""
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()

    async def action_quit(self) -> None:
        self.session.close()
        self.exit()

    @property
    def api_version(self) -> str:
        return self.session.api_version

    def on_engine_change(self, message: EngineChange) -> None:
        change = message.change
        if isinstance(change, ch.DaemonEvent):
            self._confirm(change)
            self.event_signal.publish(change)
            return
        if isinstance(change, ch.ConnectionChanged):
            self._connection_changed(change)
        if isinstance(change, (ch.ContainerChanged, ch.ContainerRemoved)):
            cid = change.container.id if isinstance(change, ch.ContainerChanged) else change.id
            self._settle(cid, change)
        elif isinstance(change, ch.Resynced):
            self.resyncs += 1
            self.pending.clear()
            self._confirmed.clear()
            self._dismiss_connect_screen()
            self._note_api_version()
            if self.resyncs == 1:
                # The events timeline records from the first listing on, not from when
                # it is first opened (imported here, after the first paint).
                from .screens.events import event_buffer

                event_buffer(self)
        self.state = apply(self.state, change)
        self.state_signal.publish(self.state)

    def _confirm(self, event: ch.DaemonEvent) -> None:
        """The daemon's event that ends a pending label; the re-read that follows shows the result."""
        label = self.pending.get(event.actor_id)
        if label and event.type == "container" and event.action in SETTLED_BY.get(label, ()):
            self._confirmed.add(event.actor_id)

    def _settle(self, cid: str, change) -> None:
        if isinstance(change, ch.ContainerRemoved) or cid in self._confirmed:
            self.pending.pop(cid, None)
            self._confirmed.discard(cid)

    def _connection_changed(self, change: ch.ConnectionChanged) -> None:
        if change.state == "lost" and not self.state.synced:
            if self._connect_screen is None:
                self._connect_screen = ConnectScreen(self.endpoint.describe())
                self.push_screen(self._connect_screen)
            self._connect_screen.failed(change.reason)
        # One toast per transition: the pump retries every few seconds while the daemon is away.
        if change.state in ("reconnecting", "not-responding") and change.reason and self.state.connection != change.state:
            self.notify(f"{change.state.replace('-', ' ')}: {change.reason}", severity="warning", markup=False, timeout=4)
        if change.state == "live" and self.state.connection in ("reconnecting", "not-responding"):
            self.notify("Connection to the daemon is back", markup=False, timeout=3)

    def _note_api_version(self) -> None:
        """Once per daemon version: say which features an older API lacks."""
        version = self.api_version
        if version and version != getattr(self, "_noted_api", None):
            self._noted_api = version
            for note in api_features.notes(version, at_start=True):
                self.notify(note, title="Older Docker API", severity="warning", markup=False, timeout=8)

    def _dismiss_connect_screen(self) -> None:
        """The daemon answered: leave the full-screen message for the dashboard."""
        screen, self._connect_screen = self._connect_screen, None
        if screen is not None and screen in self.screen_stack:
            # Whatever was opened on top of it (help, palette) goes with it.
            while screen in self.screen_stack and len(self.screen_stack) > 1:
                self.pop_screen()

    def status_now(self, container: Any) -> str:
        """A container's STATUS as it reads now: the daemon's text goes stale between events."""
        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                return screen.pane("containers").status_now(container)
        return container.status or container.state

    # Stats

    def want_stats(self, owner: str, ids) -> None:
        """Each view says which containers it shows; the sampler samples their union."""
        self._stats_wanted[owner] = frozenset(ids)
        union: set[str] = set()
        for s in self._stats_wanted.values():
            union |= s
        self.session.want_stats(union)

    # Colours

    def get_css_variables(self) -> dict[str, str]:
        base = super().get_css_variables()
        return {**base, **state_variables(base)}

    def state_colours(self) -> dict[str, str]:
        return state_variables(super().get_css_variables())

    def watch_theme(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                screen.refresh_colours()

    # Keys

    def binding_keys(self, binding_id: str | None) -> str:
        if not binding_id:
            return ""
        return self.config.keymap.get(binding_id, "")

    # Actions

    def record(self, command: str, outcome: str = "sent") -> ActionRecord:
        record = ActionRecord(time.time(), command, outcome)
        self.action_log.append(record)
        del self.action_log[:-ACTION_LOG_MAX]
        return record

    def run_object_action(self, kind: str, action: str, targets: list[Any], cli_command: str | None = None, **options) -> None:
        if self.readonly:
            self.notify("Read-only mode: actions that change the daemon are disabled", severity="warning")
            return
        names = [getattr(t, "name", "") or t.id for t in targets]
        cli_kind = kind[:-1]
        command = cli_command or cli.command(cli_kind, action, names, **options)
        for t in targets:
            if kind == "containers":
                self.pending[t.id] = PENDING_LABELS.get(action, f"{action}…")
        self._refresh_pending()
        self._status(Text(f"… {command}", style="italic"))
        self._do_action(kind, action, [t.id for t in targets], names, command, options)

    @work(thread=True, group="actions")
    def _do_action(self, kind: str, action: str, ids: list[str], names: list[str], command: str, options: dict) -> None:
        method_name = ENGINE_METHODS.get((kind, action), action)
        method = getattr(self.session.actions, method_name)

        def one(ident: str, name: str) -> tuple[str, str, str] | None:
            try:
                method(ident, **options)
            except DockerError as exc:
                return (ident, name, exc.message)
            return None

        # Bulk actions run side by side, as the docker CLI does: ten slow stops take one timeout.
        with ThreadPoolExecutor(max_workers=min(BULK_WORKERS, len(ids)) or 1) as pool:
            failures = [f for f in pool.map(one, ids, names) if f]
        self.call_from_thread(self._action_done, command, ids, failures)

    def _action_done(self, command: str, ids: list[str], failures: list[tuple[str, str, str]]) -> None:
        failed_ids = {f[0] for f in failures}
        for ident in failed_ids:
            self.pending.pop(ident, None)
        if failures:
            reason = "; ".join(f"{name}: {msg}" for _, name, msg in failures)
            self.record(command, f"failed: {reason}")
            self.notify(reason, title="Action failed", severity="error", markup=False, timeout=8)
            self._status(Text(f"✕ {command} — {reason}", style="red"))
        else:
            self.record(command, "ok")
            self._status(Text(f"✓ {command}"))
        # Anything the daemon did not confirm through an event within a second is cleared.
        self.set_timer(1.5, lambda: self._expire_pending(ids))
        self._refresh_pending()

    def _expire_pending(self, ids: list[str]) -> None:
        changed = False
        for ident in ids:
            changed |= self.pending.pop(ident, None) is not None
            self._confirmed.discard(ident)
        if changed:
            self._refresh_pending()

    def _refresh_pending(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                pane = screen.pane("containers")
                pane.pending = self.pending
                pane.sync(self.state, full=True)

    def _status(self, text: Text) -> None:
        self.last_action = text
        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                screen.show_status(text)

    # Views

    def open_inspect(self, kind: str, obj: Any) -> None:
        self._inspect(kind, obj.id, getattr(obj, "name", obj.id))

    @work(thread=True, group="inspect")
    def _inspect(self, kind: str, ident: str, name: str) -> None:
        method = {"containers": "inspect_container", "images": "inspect_image", "networks": "inspect_network", "volumes": "inspect_volume"}[kind]
        try:
            doc = getattr(self.session.actions, method)(ident)
        except DockerError as exc:
            self.call_from_thread(self.notify, exc.message, title=f"Inspect {name}", severity="error", markup=False)
            return
        from .screens.inspect import InspectScreen  # pulls in rich.syntax + pygments: not before first paint

        self.call_from_thread(self.push_screen, InspectScreen(f"{kind[:-1].title()} {name}", doc))

    def open_detail(self, kind: str, obj: Any) -> None:
        if kind == "containers":
            from .screens.detail import ContainerDetailScreen

            self.push_screen(ContainerDetailScreen([obj]))
            return
        from .screens.image_detail import ImageDetailScreen
        from .screens.network_detail import NetworkDetailScreen
        from .screens.volume_detail import VolumeDetailScreen

        screen = {"images": ImageDetailScreen, "networks": NetworkDetailScreen, "volumes": VolumeDetailScreen}.get(kind)
        if screen is not None:
            self.push_screen(screen(obj))
            return
        self.open_inspect(kind, obj)

    def open_logs(self, container: Any) -> None:
        """Logs of the marked containers (merged), else of ``container``."""
        from .screens.detail import ContainerDetailScreen

        targets = [container]
        if isinstance(self.screen, DashboardScreen) and self.screen.active_pane == "containers":
            marked = self.screen.focused_pane.targets()
            if len(marked) > 1:
                targets = marked
        self.push_screen(ContainerDetailScreen(targets, tab="logs"))

    def open_exec(self, container: Any) -> None:
        """A shell inside the container, on the real terminal, while the UI is suspended."""
        from .engine.exec_shell import run_exec

        self._interactive(container, "shell", lambda client: run_exec(client, container.id))

    def open_attach(self, container: Any) -> None:
        from .engine.exec_shell import DETACH_KEYS, run_attach

        self._interactive(container, f"attach (detach: {DETACH_KEYS.replace('-', '+').replace(',', ' ')})", lambda client: run_attach(client, container.id))

    def _interactive(self, container: Any, what: str, run) -> None:
        import os

        from textual.app import SuspendNotSupported

        from .domain.sanitize import clean_name

        if self.readonly:
            self.notify("Read-only mode: shells and attach are disabled", severity="warning", markup=False)
            return
        client = self.session.client
        if client is None or not getattr(container, "is_running", False):
            self.notify("The container is not running", severity="warning", markup=False)
            return
        error = ""
        try:
            with self.suspend():
                os.write(1, f"\r\n[dockyard] {what} in {clean_name(container.name)} — exit to return\r\n".encode())
                try:
                    run(client)
                except DockerError as exc:
                    error = exc.message
        except SuspendNotSupported:
            error = "this terminal cannot be handed over (no suspend support)"
        self.refresh(layout=True)
        if error:
            self.notify(error, title=what.split(" ")[0].title(), severity="error", markup=False)

    def open_action_log(self) -> None:
        self.push_screen(ActionLogScreen(self.action_log))
