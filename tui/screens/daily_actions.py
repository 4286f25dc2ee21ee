"""Dashboard keys for everyday work (issue 16): alerts, exec with options, files, open a
published port, compose lifecycle and the user's own commands.

| key | pane       | action                                                   |
|-----|------------|----------------------------------------------------------|
| a   | any        | the alerts list (the header counts unseen alerts)        |
| X   | containers | exec any command with user, workdir, env                 |
| F   | containers | browse the container's files; copy out and in            |
| w   | containers | open a published port in the browser (over SSH: copy URL)|
| M   | containers | compose lifecycle for the project / service              |
"""

from __future__ import annotations

from textual.binding import Binding

from ..domain.models import Container

DAILY_BINDINGS = [
    Binding("a", "alerts", "Alerts", id="app.alerts", show=False, tooltip="Alerts from the daemon's events: died, OOM, unhealthy, restart loop"),
    Binding("X", "exec_options", "Exec…", id="container.exec_options", show=False, tooltip="Run a command in the container with user, workdir and env"),
    Binding("F", "files", "Files", id="container.files", show=False, tooltip="Browse the container's files; copy a file or folder out or in"),
    Binding("w", "open_port", "Open port", id="container.open_port", show=False, tooltip="Open a published port in the browser (over SSH: copy the URL)"),
    Binding("M", "compose_menu", "Compose", id="container.compose", show=False, tooltip="Compose: up, down, pull, restart, recreate, build, config"),
]

_CONTAINER_KEYS = {"exec_options", "files", "open_port", "compose_menu"}


class DailyActions:
    """Mixed into the dashboard (needs: active_pane, focused_pane, app)."""

    def check_daily_action(self, action: str, parameters: tuple = ()) -> bool | None:
        if action == "alerts":
            return True
        if action == "custom_command":
            command = self._custom(parameters[0]) if parameters else None
            if command is None:
                return True  # the palette and help ask without parameters
            if self.active_pane not in command.kinds:
                return None
            return True if self.focused_pane.selected is not None else None
        if action not in _CONTAINER_KEYS:
            return NotImplemented
        if self.active_pane != "containers":
            return False
        sel = self.focused_pane.selected
        if not isinstance(sel, Container):
            return None  # nothing selected, or a compose project's header row
        if action == "exec_options":
            return True if sel.is_running and self.app.control.allowed("exec") else None
        if action == "files":
            return True if sel.state in ("running", "paused", "exited", "created") else None
        if action == "open_port":
            return True if any(p.public for p in sel.ports) else None
        if action == "compose_menu":
            return True if sel.compose_project else None
        return True

    # The user's own commands ([[commands]] in config.toml)

    def _custom(self, name: str):
        return next((c for c in self.app.control.daily.custom_commands() if c.name == name), None)

    def bind_custom_commands(self) -> None:
        """Each command's key, unless it is refused (``command_keys``): said once at start; the
        palette runs every command either way."""
        rows = binding_rows(type(self)._merged_bindings) + binding_rows(type(self.app)._merged_bindings)
        bindable, problems = command_keys(self.app.control.daily.custom_commands(), self.app.config.keymap, rows)
        for command in bindable:
            self.app.bind(command.key, f"screen.{command.action}", description=command.name, show=False)
        if problems:
            self.app.notify("\n".join(problems), title="Commands", severity="warning", markup=False, timeout=10)

    def custom_palette(self):
        """(name, help, callback) per command that applies to the selection."""
        from functools import partial

        for command in self.app.control.daily.custom_commands():
            if self.active_pane in command.kinds and self.focused_pane.selected is not None:
                yield f"run {command.name}", f"{command.command}  ({command.mode})", partial(self.action_custom_command, command.name)

    def custom_help_rows(self) -> list[tuple[str, str, str, bool]]:
        return [
            ("App", c.key or "ctrl+p", f"{c.name} — {c.command} ({c.mode}; {', '.join(c.kinds)})", self.active_pane in c.kinds)
            for c in self.app.control.daily.custom_commands()
        ]

    def action_custom_command(self, name: str) -> None:
        command = self._custom(name)
        sel = self.focused_pane.selected
        if command is None or sel is None or self.active_pane not in command.kinds:
            return
        self.app.control.daily.run_custom(command, self.active_pane, sel)

    def watch_alerts(self) -> None:
        from ..widgets.daemon_bar import DaemonBar

        alerts = self.app.control.alerts
        bar = self.query_one(DaemonBar)
        alerts.signal.subscribe(self, lambda n: bar.show_alerts(n, alerts.unseen_hosts()), immediate=True)
        bar.show_alerts(alerts.unseen, alerts.unseen_hosts())

    def action_alerts(self) -> None:
        from .dialogs.alerts import AlertsScreen

        self.app.push_screen(AlertsScreen(self.app.control.alerts.items))

    def _selected_container(self):
        sel = self.focused_pane.selected
        return sel if self.active_pane == "containers" and isinstance(sel, Container) else None

    def action_exec_options(self) -> None:
        c = self._selected_container()
        if c is not None:
            from .dialogs.exec_form import ExecFormScreen

            screen = ExecFormScreen(c)

            def done(values: dict | None) -> None:
                if values is not None and screen.result is not None:
                    self.app.control.daily.exec_with(c, screen.result)

            self.app.push_screen(screen, done)

    def action_files(self) -> None:
        c = self._selected_container()
        if c is not None:
            from .objects.files import FilesScreen

            self.app.push_screen(FilesScreen(c))

    def action_open_port(self) -> None:
        c = self._selected_container()
        if c is not None:
            self.app.control.daily.open_port(c)

    def action_compose_menu(self) -> None:
        c = self._selected_container()
        if c is not None and c.compose_project:
            self.app.control.daily.compose_menu(c)


def binding_rows(bindings) -> list[tuple[str, str, str]]:
    """(binding id, key, action) of each binding of a Textual BindingsMap."""
    return [(b.id or "", b.key, b.action) for group in bindings.key_to_bindings.values() for b in group]


def command_keys(commands, keymap, rows) -> tuple[list, list[str]]:
    """(the [[commands]] whose key can be bound, one sentence per command whose key cannot):
    a key no key press carries, or one the dashboard already uses (its bindings and its
    table's come first, so the command's key would never fire), keymap applied. ``rows``:
    (binding id, keys, action) of the dashboard's and the app's bindings."""
    commands = [c for c in commands if c.key]
    if not commands:
        return [], []
    from textual.keys import _character_to_key

    from ..key_names import key_problem

    def name(key: str) -> str:
        return _character_to_key(key) if len(key) == 1 else key

    taken = _dashboard_keys(keymap, rows, name)
    bindable, problems = [], []
    for command in commands:
        key = name(command.key)
        why = key_problem(command.key) or (f"already {taken[key]}" if key in taken else "")
        if why:
            problems.append(f"commands: {command.name!r} key {command.key!r}: {why} (not bound; ctrl+p runs it)")
            continue
        taken[key] = f"command {command.name!r}"
        bindable.append(command)
    return bindable, problems


def _dashboard_keys(keymap, rows, name) -> dict[str, str]:
    """key -> what it does on the dashboard (a binding id, else its action), keymap applied."""
    from ..widgets.pane_table import PaneTable

    rows = list(rows) + binding_rows(PaneTable._merged_bindings)  # the table's keys, DataTable's with them
    taken: dict[str, str] = {}
    for bid, keys, action in rows:
        for key in (keymap.get(bid) or keys).split(","):
            if key.strip():
                taken.setdefault(name(key.strip()), bid or action)
    return taken
