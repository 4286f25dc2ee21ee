"""Everyday work on one container (issue 16): exec with options, open a published port.
Files and compose have their own modules (control/files_flow.py, control/compose_flow.py)."""

from __future__ import annotations

import os
from typing import Any

from rich.text import Text

from ..domain.exec_spec import ExecSpec
from ..domain.sanitize import clean, clean_name


class Daily:
    def __init__(self, app, control) -> None:
        self._app = app
        self._control = control
        self.last_output = ""  # the last background custom command's output

    # Exec with options

    def exec_with(self, container: Any, spec: ExecSpec) -> bool:
        if not container.is_running:
            self._app.notify("The container is not running", severity="warning", markup=False)
            return False
        command = spec.cli(container.name)
        if spec.interactive:
            return self._interactive(container, spec, command)

        def done(result) -> None:
            from ..screens.dialogs.exec_output import ExecOutputScreen

            self._app.push_screen(ExecOutputScreen(command, result.exit_code, result.output, result.truncated))

        return self._control.ops.run(command, lambda s: s.exec_once(container.id, spec), done=done)

    def _interactive(self, container: Any, spec: ExecSpec, command: str) -> bool:
        from textual.app import SuspendNotSupported

        from ..domain.errors import DockerError

        if self._control.ops.refuse():
            return False
        error = ""
        code = None
        try:
            with self._app.suspend():
                os.write(1, b"\x1b[H\x1b[2J\x1b[3J")  # a clean screen, as E and attach start on
                os.write(1, f"[dockyard] {clean(command)} — exit to return\r\n".encode())
                try:
                    code = self._control.session.exec_interactive(container.id, spec)
                except DockerError as exc:
                    error = exc.message
        except SuspendNotSupported:
            error = "this terminal cannot be handed over (no suspend support)"
        self._app.refresh(layout=True)
        self._control.store.record(command, f"failed: {error}" if error else f"exit {code}")
        if error:
            self._app.notify(error, title="Exec", severity="error", markup=False)
        return not error

    # Open a published port

    def port_url(self, container: Any) -> str:
        """http://HOST:PORT of the first published TCP port, as seen from this machine."""
        ports = [p for p in container.ports if p.public and p.proto == "tcp"]
        if not ports:
            return ""
        port = ports[0]
        host = self._control.endpoint
        remote = getattr(host, "host", "")
        hostname = "localhost"
        if remote.startswith(("ssh://", "tcp://", "http://", "https://")):
            hostname = remote.split("://", 1)[1].split("@")[-1].split(":")[0].split("/")[0] or "localhost"
        elif port.host_ip not in ("", "0.0.0.0", "::"):
            hostname = port.host_ip
        if ":" in hostname and not hostname.startswith("["):
            hostname = f"[{hostname}]"
        scheme = "https" if port.private in (443, 8443) else "http"
        return f"{scheme}://{hostname}:{port.public}"

    def is_local(self) -> bool:
        remote = getattr(self._control.endpoint, "host", "")
        return not remote.startswith(("ssh://", "tcp://", "http://", "https://")) and not getattr(self._app, "is_web", False)

    def open_port(self, container: Any) -> str:
        """Open the URL in the browser when the daemon is local; else copy it. Returns the URL."""
        url = self.port_url(container)
        if not url:
            self._app.notify(f"{clean_name(container.name)} publishes no TCP port", severity="warning", markup=False)
            return ""
        if self.is_local() and self._browse(url):
            self._control.status(Text(f"✓ opened {url}"))
            return url
        from ..clipboard import copy

        copy(self._app, url, f"URL of {clean_name(container.name)}")
        return url

    def _browse(self, url: str) -> bool:
        import webbrowser

        try:
            return bool(webbrowser.open(url, new=2))
        except Exception:
            return False

    # Compose lifecycle (the CLI: engine/compose_cli.py)

    def compose_menu(self, container: Any) -> None:
        from ..screens.objects.compose_run import ComposeMenuScreen

        project, service = container.compose_project, container.compose_service

        def chosen(choice) -> None:
            if choice:
                scope, action = choice
                self.compose(project, service if scope == "service" else "", action)

        self._app.push_screen(ComposeMenuScreen(project, service), chosen)

    def compose(self, project: str, service: str, action: str) -> None:
        from ..domain.compose_cli import ACTIONS, target
        from ..i18n import app_lang, tr
        from ..screens.dialogs.confirm import ConfirmScreen
        from ..screens.objects.compose_run import ComposeRunScreen

        if ACTIONS[action][2] and self._control.ops.refuse():
            return
        t = target(self._control.store.state.containers.values(), project, service)
        if action != "down":
            self._app.push_screen(ComposeRunScreen(t, action))
            return

        def confirmed(result) -> None:
            if result and result.confirmed:
                self._app.push_screen(ComposeRunScreen(t, action, volumes=bool(result.options.get("volumes"))))

        members = sorted(c.name for c in self._control.store.state.containers.values() if c.compose_project == project and (not service or c.compose_service == service))
        lang = app_lang(self._app)
        what = tr("confirm.down.service", lang, service=service, project=project) if service else tr("confirm.down.project", lang, project=project)
        self._app.push_screen(ConfirmScreen(tr("confirm.down", lang, what=what), members, verb=tr("confirm.down.verb", lang),
                                            options={"volumes": tr("confirm.opt.down_volumes", lang)}, cancel=tr("confirm.cancel", lang)), confirmed)

    # The user's own commands ([[commands]] in config.toml)

    def custom_commands(self) -> tuple:
        settings = getattr(getattr(self._app, "config", None), "settings", None)
        return tuple(getattr(settings, "commands", ()) or ())

    def run_custom(self, command, kind: str, obj: Any) -> str:
        """Run ``command`` for ``obj``; returns the shell line (for tests and the log)."""
        from ..domain.custom_commands import expand, values_for
        from ..domain.errors import DockerError

        if self._control.ops.refuse():
            return ""  # a command of the user's own may change anything: not in read-only mode
        line = expand(command.command, values_for(kind, obj, self._control.endpoint.host))
        shown = clean(line)
        if command.mode == "terminal":
            from textual.app import SuspendNotSupported

            error, code = "", None
            try:
                with self._app.suspend():
                    os.write(1, f"\r\n[dockyard] {shown}\r\n".encode())
                    try:
                        code = self._control.session.run_local(line, terminal=True)
                    except DockerError as exc:
                        error = exc.message
            except SuspendNotSupported:
                error = "this terminal cannot be handed over (no suspend support)"
            self._app.refresh(layout=True)
            self._control.store.record(shown, f"failed: {error}" if error else f"exit {code}")
            if error:
                self._app.notify(error, title=clean_name(command.name), severity="error", markup=False)
            return line

        def done(result: tuple[int, str]) -> None:
            code, output = result
            last = output.strip().splitlines()[-1] if output.strip() else ""
            self.last_output = output
            self._app.notify(f"exit {code}" + (f": {last}" if last else ""), title=clean_name(command.name), severity="information" if code == 0 else "error", markup=False)

        self._control.ops.run(shown, lambda s: s.run_local(line), done=done, mutating=False)  # refused above
        return line
