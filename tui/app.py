"""The application: wires the control layer (tui/control) to Textual. No daemon calls here."""

from __future__ import annotations

import asyncio
import contextvars
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Callable

from textual import events
from textual.app import App
from textual.binding import Binding

from . import code_cache, css_cache, gc_tuning, keymap as keymap_config, regex_cache, type_ahead
from .control import Control
from .keys_on_way import KeysOnWay
from .domain.changes import Resynced
from .messages import EngineChange, FleetChanges
from .paths import stylesheets
from .resize_guard import ResizeGuard
from .screens.dashboard import DashboardScreen
from .screens.dialogs.too_small import TooSmallScreen, too_small
from .widgets.colours import state_variables

if TYPE_CHECKING:
    from .domain.state import State
    from .engine.endpoint import Endpoint
    from .engine.session import Session


def _dockyard_commands():
    """The palette's providers load when the palette opens, not at startup (Textual takes callables)."""
    from .commands import DockyardCommands

    return DockyardCommands


def _learn_commands():
    from .commands_learn import LearnCommands

    return LearnCommands


MOUNT_WAIT = 5.0  # seconds a popped screen's removal waits for its Mount
HANG_UP_GRACE = 3.0  # seconds the exit has after SIGHUP or SIGTERM before the process ends anyway


class _UnjoinedExecutor(ThreadPoolExecutor):
    """asyncio's default executor whose shutdown does not wait: quit must not wait for a
    worker blocked on a hung daemon (its daemon call fails or the process exits first)."""

    def submit(self, fn, /, *args, **kwargs):
        # Each job in a context of its own, as on a new thread: Textual's thread worker sets
        # ``active_worker`` in the thread's context, and a pool thread's context lives as long as
        # the thread, so each idle thread kept its last worker, and with it that worker's screen,
        # after the screen closed (the more threads a busy moment started, the more screens).
        return super().submit(contextvars.Context().run, fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=False, cancel_futures=True)


class DockyardApp(App):
    TITLE = "Dockyard"
    # The dashboard's stylesheets, read before the first frame. The others (LATER_CSS: every
    # rule names a screen, an id or a class the dashboard does not use) cost ~40 ms of the
    # start-up to parse and to try against each widget (issue 20): read once the first rows
    # are painted, or before any other screen is shown, whichever comes first.
    CSS_PATH = stylesheets("base", "dashboard")
    LATER_CSS = ("dialogs", "detail", "objects", "learn")
    COMMANDS = App.COMMANDS | {_dockyard_commands, _learn_commands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit at once"),
        Binding("ctrl+c", "quit", "Quit", id="app.quit_ctrl_c", show=False, priority=True, tooltip="Quit at once"),
        # Screens without their own ? (detail, inspect, learning views, dialogs) list their keys
        Binding("question_mark", "help", "Help", id="app.screen_help", tooltip="Every key of this screen"),
    ]

    def __init__(
        self,
        endpoint: "Endpoint",
        *,
        readonly: bool = False,
        lang: str = "en",
        stats_interval: float = 2.0,
        config: keymap_config.Config | None = None,
        clock: Callable[[], float] = time.time,
        session: "Session | None" = None,
        session_factory: "Callable[..., Session] | None" = None,
        fleet: "list[tuple[str, Endpoint]] | None" = None,
        fleet_groups: dict[str, str] | None = None,
        fleet_colours: dict[str, str] | None = None,
    ) -> None:
        """``clock`` and ``session_factory`` let snapshot tests freeze time and replay a recorded
        daemon; ``session`` is one the entry point started before Textual loaded."""
        super().__init__()
        self.endpoint = endpoint
        self.readonly = readonly
        self.lang = lang
        self.clock = clock
        self.config = config if config is not None else keymap_config.load()
        extra = {"session_factory": session_factory} if session_factory is not None else {}
        if fleet:
            extra.update(fleet=fleet, fleet_groups=fleet_groups, fleet_colours=fleet_colours)
        self.control = Control(self, endpoint, readonly=readonly, stats_interval=stats_interval, clock=clock, session=session, **extra)
        self._resize_guard = ResizeGuard(self)
        self.keys_on_way = KeysOnWay()  # keys read but not handled yet (logs tab: input_waiting)
        self._later_css = False  # LATER_CSS read
        self._early_keys: list[events.Key] | None = []  # keys read before the dashboard is up (on_event)

    # What tests and the palette read (the store holds it)

    @property
    def state(self) -> "State":
        return self.control.store.state

    @property
    def session(self) -> "Session":
        return self.control.session

    @property
    def api_version(self) -> str:
        return self.control.api_version

    # Lifecycle

    def on_mount(self) -> None:
        code_cache.release()  # every class of the start is defined: drop the compiled methods
        # Thread workers run on asyncio's default executor, and asyncio.run() joins it on
        # exit: a worker stuck in a call to a hung daemon held quit for the request timeout.
        asyncio.get_running_loop().set_default_executor(_UnjoinedExecutor(thread_name_prefix="dockyard-worker"))
        self._check_keymap()
        self._catch_hang_up(True)
        self.set_timer(3.0, self.load_later_css)  # no listing yet (a daemon down or slow): read them anyway
        self.set_timer(5.0, self._started)  # in case the dashboard's first frame never came
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        if self.config.error:
            self.notify(keymap_config.notice(self.config.error), title="Config", severity="warning", markup=False)
        self.set_interval(30, self.control.store.tick)
        # Textual mounts the app inside a batch (repaints suspended) that lasts until the app
        # is ready: a screen pushed here is laid out and rendered inside it, App._display drops
        # that frame, and the first frame is rendered again once the batch ends (~0.07 s at
        # N=100). Pushed from the message loop, after the batch, it is rendered once.
        self.call_later(self._open_dashboard)

    def _open_dashboard(self) -> None:
        self.push_screen(DashboardScreen())
        # A session the entry point prestarted hands its first listing over here, before the
        # dashboard mounts: the dashboard's first frame has the rows (Control.start).
        self.control.start()
        if self.state.synced:
            self._later_css_after_rows()
        self.call_after_refresh(self._started)

    def _started(self) -> None:
        """After the dashboard's first frame: the garbage collector on again (cli.main paused
        it), and the keys typed before the dashboard was up handled now, in order: posted to
        the app as the driver posts them (later keys are still being kept until this runs)."""
        gc_tuning.resume()
        regex_cache.release()  # the start's patterns are compiled: written for the next start
        keys, self._early_keys = self._early_keys or [], None  # (a second call: nothing)
        for key in keys:
            self.post_message(events.Key(key.key, key.character))

    async def on_event(self, event) -> None:
        if self._early_keys is not None and isinstance(event, events.Key) and not event.is_forwarded:
            # Read before the dashboard was pushed (Textual's default screen would drop it) or
            # before its first frame (nothing focused yet): kept for _started.
            self._early_keys.append(event)
            return
        fresh = self.keys_on_way.taken(event)
        try:
            type_ahead.routed(self, event)
            if type_ahead.redirect(self, event):
                return  # typed ahead into an input that opened after the key was routed
            await super().on_event(event)
        finally:
            self.keys_on_way.done(event, fresh)

    def action_help(self) -> None:
        from .screens.dialogs.help import HelpScreen, screen_rows

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        title = getattr(screen, "help_title", "") or type(screen).__name__.removesuffix("Screen")
        from .i18n import tr

        self.control.nav.open_help(tr("help.title", getattr(self, "lang", "en") or "en", title=title), screen_rows(screen))

    def on_engine_change(self, message: EngineChange) -> None:
        self.control.on_change(message.change, message.generation, message.host)
        if isinstance(message.change, Resynced):
            self._later_css_after_rows()

    def _later_css_after_rows(self) -> None:
        """A listing is in the store: the later stylesheets are read after the frame that shows
        its rows (the first such frame comes first)."""
        if not self._later_css:
            self.call_after_refresh(self.load_later_css)

    def load_later_css(self) -> None:
        """Read LATER_CSS into the stylesheet and restyle what is mounted (once)."""
        if self._later_css:
            return
        self._later_css = True
        for path in stylesheets(*self.LATER_CSS):
            self.stylesheet.read(path)
        self.stylesheet.reparse()
        self.stylesheet.update(self)
        for screen in self.screen_stack:
            if screen is not self.screen:
                self.stylesheet.update(screen)
        css_cache.release()  # the start's sheets are all read

    def push_screen(self, screen, *args, **kwargs):
        if not isinstance(screen, DashboardScreen):
            self.load_later_css()
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen):
        if not isinstance(screen, DashboardScreen):
            self.load_later_css()
        return super().switch_screen(screen)

    def on_fleet_changes(self, message: FleetChanges) -> None:
        if self.control.fleet is not None:
            self.control.fleet.take_inbox()
        if not self._later_css:
            self.call_after_refresh(self.load_later_css)

    def on_resize(self, event) -> None:
        """Below the minimum size the panes cannot draw anything useful: say so instead."""
        if self._size is not None and event.size == self._size:
            # The size the app already has (the driver's first reading, a SIGWINCH that
            # changed nothing): Textual's App._on_resize keeps such an event too and hands it
            # to the screen at the next idle, which lays out and renders every widget again
            # for nothing (right after the dashboard's first frame: ~0.07 s of CPU at N=100).
            event.prevent_default()
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
        self._catch_hang_up(False)
        self.control.close()

    # SIGHUP (the terminal closed: an ssh login that dropped) and SIGTERM would end the process
    # where it stands, and an ssh:// host's master (its own session, so the hang-up does not
    # reach it) would stay connected. Closing every connection first takes no time.
    HANG_UP = (signal.SIGHUP, signal.SIGTERM)

    def _catch_hang_up(self, on: bool) -> None:
        if self.is_headless:
            return  # a test's app (run_test): SIGTERM stays the test runner's
        try:
            loop = asyncio.get_running_loop()
            for sig in self.HANG_UP:
                if on:
                    loop.add_signal_handler(sig, self._hang_up, sig)
                else:
                    loop.remove_signal_handler(sig)
        except (RuntimeError, ValueError, NotImplementedError):
            pass  # not the main thread, or no such signal here

    def _hang_up(self, sig: int) -> None:
        self.control.close()
        # After a hang-up the terminal is gone, and Textual's exit can wait on writes that will
        # never happen (its writer's queue full, the writer dead on EIO): if the exit has not
        # ended the process within HANG_UP_GRACE, end it as the signal would have.
        timer = threading.Timer(HANG_UP_GRACE, os._exit, (128 + sig,))
        timer.daemon = True
        timer.start()
        self.exit()

    async def _replace_screen(self, screen):
        """(Textual's, after a pop.) A screen popped before its Mount ran (the key that opens
        it and escape read in one batch: type-ahead over a slow link) was pruned while its Mount
        handlers ran, and one that queries its children ended the app (NoMatches). The pop
        stands; the screen's removal waits for its Mount (bounded)."""
        if not screen._is_mounted and getattr(screen, "_task", None) is not None:
            try:
                await asyncio.wait_for(screen._mounted_event.wait(), MOUNT_WAIT)
            except asyncio.TimeoutError:
                pass
        return await super()._replace_screen(screen)

    async def action_quit(self) -> None:
        self.control.close()
        self.exit()

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

    # Colours and keys

    def get_css_variables(self) -> dict[str, str]:
        base = super().get_css_variables()
        return {**base, **state_variables(base)}

    def state_colours(self) -> dict[str, str]:
        return state_variables(super().get_css_variables())

    def watch_theme(self) -> None:
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_colours", None)
            if refresh is not None:
                refresh()

    def _check_keymap(self) -> None:
        """Unknown ids, names no key carries and keys taken by another action: said at
        start, never applied."""
        if not self.config.keymap:
            return  # nothing to check; the tables import every screen (~0.1 s of the first frame)
        import dataclasses

        from .domain.keymap_check import check
        from .key_names import key_problem
        from .screens.binding_tables import binding_tables

        keymap, problems = check(self.config.keymap, binding_tables(self.BINDINGS), key_problem)
        self.config = dataclasses.replace(self.config, keymap=keymap)
        if problems:
            self.notify("\n".join(problems), title="Keymap", severity="warning", markup=False, timeout=10)

    def binding_keys(self, binding_id: str | None) -> str:
        return self.config.keymap.get(binding_id, "") if binding_id else ""
