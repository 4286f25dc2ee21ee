"""Exec with options: the form (command, user, working directory, environment, interactive)."""

from __future__ import annotations

from typing import Any

from ...domain.exec_spec import parse
from ...domain.sanitize import clean_name
from .forms import Field, FormScreen


def exec_fields() -> list[Field]:
    return [
        Field("command", "Command", placeholder="ls -la /   (any command, not only a shell)"),
        Field("user", "User", placeholder="root, 1000, 1000:1000 (empty: the image's user)"),
        Field("workdir", "Working directory", placeholder="/app (empty: the image's)"),
        Field("env", "Environment", placeholder="KEY=value OTHER=value"),
        Field("interactive", "Interactive, in the terminal (else: one-shot, output shown here)", kind="checkbox", value=False),
    ]


class ExecFormScreen(FormScreen):
    def __init__(self, container: Any) -> None:
        self.container = container
        super().__init__(f"Exec in {clean_name(container.name)}", exec_fields(), check=self._parse, verb="Run")

    @staticmethod
    def _parse(values: dict):
        return parse(values.get("command", ""), values.get("user", ""), values.get("workdir", ""), values.get("env", ""), bool(values.get("interactive")))
