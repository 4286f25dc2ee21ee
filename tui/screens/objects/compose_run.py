"""Compose lifecycle: the menu (project or service × up, down, pull, restart, recreate,
build, effective config) and the progress view the compose CLI's output streams into."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.compose_cli import ACTIONS, ComposeTarget, build_services, command_line
from ...domain.sanitize import clean, clean_name
from ...widgets.plain_log import PlainLog


class ComposeMenuScreen(ModalScreen[tuple[str, str] | None]):
    """Dismisses with (scope, action): scope "project" or "service"."""

    BINDINGS = [Binding("escape,q", "cancel", "Close", id="compose.close", tooltip="Close")]

    def __init__(self, project: str, service: str) -> None:
        super().__init__(classes="action-log compose-menu")
        self.project = project
        self.service = service

    def compose(self) -> ComposeResult:
        yield Label(Text(f"Compose — project {clean_name(self.project)}", style="bold"))
        options = []
        for action, (label, _, _) in ACTIONS.items():
            options.append(Option(Text(f"{label:<32} project {clean_name(self.project)}"), id=f"project:{action}"))
        if self.service:
            for action, (label, _, _) in ACTIONS.items():
                if action != "config":
                    options.append(Option(Text(f"{label:<32} service {clean_name(self.service)}"), id=f"service:{action}"))
        yield OptionList(*options, id="compose-menu")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        scope, _, action = (event.option.id or "").partition(":")
        self.dismiss((scope, action))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ComposeRunScreen(ModalScreen):
    """The compose CLI's output as it comes; the exact command at the top and in the action log."""

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Close", id="compose_run.close", tooltip="Close (the command goes on)")]

    def __init__(self, target: ComposeTarget, action: str, volumes: bool = False) -> None:
        super().__init__(classes="exec-output compose-run")
        self.target = target
        self.action = action
        self.volumes = volumes
        self.command = ""
        self.lines: list[str] = []
        self.finished = False
        self.error = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="exec-output-box"):
            yield Label(Text(f"compose {self.action} — {clean_name(self.target.scope)}", style="bold"), id="compose-title")
            yield PlainLog(id="exec-output-log", auto_scroll=True)
            yield Static(Text("starting…", style="italic"), id="compose-status")

    def on_mount(self) -> None:
        t, action, volumes = self.target, self.action, self.volumes
        ops = self.app.control.ops
        mutating = ACTIONS[action][2]

        def got_command(args: list[str]) -> None:
            self.command = command_line(args)
            self.query_one("#compose-title", Label).update(Text(clean(self.command), style="bold"))
            started = ops.stream(self.command, lambda s: s.compose_run(t, args, mutating=mutating), each=self._line, done=self._done, owner=self, mutating=mutating)
            if not started:
                self._done("refused (read-only)")

        if action != "build":
            ops.read(lambda s: s.compose_command(t, action, volumes=volumes), done=got_command, failed=self._done, owner=self, group="compose")
            return

        # Build only where a build context exists: ask compose for the effective config first.
        def check(found: set[str]) -> None:
            wanted = {t.service} if t.service else set(t.services) or found
            if not found & wanted:
                self._done(f"no build context: {clean_name(t.scope)} uses images only")
                return
            ops.read(lambda s: s.compose_command(t, action, volumes=volumes), done=got_command, failed=self._done, owner=self, group="compose")

        def contexts(s) -> set[str]:
            args = s.compose_command(t, "config")
            return build_services("\n".join(s.compose_run(t, args, mutating=False)))

        ops.read(contexts, done=check, failed=self._done, owner=self, group="compose")

    def _line(self, line: str) -> None:
        self.lines.append(line)
        self.query_one(PlainLog).write_line(line)

    def _done(self, error: str) -> None:
        self.finished = True
        self.error = error
        status = Text(f"✕ {error}", style="bold red") if error else Text("✓ done", style="bold green")
        self.query_one("#compose-status", Static).update(status)
        if error:
            self.notify(error, title="Compose", severity="error", markup=False)
