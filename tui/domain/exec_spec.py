"""A command to run inside a container, with user, working directory and environment. Pure."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from .sanitize import clean_name

_ENV_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class ExecSpec:
    command: tuple[str, ...]
    user: str = ""
    workdir: str = ""
    env: tuple[str, ...] = ()  # KEY=value
    interactive: bool = False

    def cli(self, container: str) -> str:
        """The docker CLI line that does the same (for the action log)."""
        args = ["exec"]
        if self.interactive:
            args.append("-it")
        if self.user:
            args += ["-u", self.user]
        if self.workdir:
            args += ["-w", self.workdir]
        for e in self.env:
            args += ["-e", e]
        args += [container, *self.command]
        return " ".join(["docker", *(shlex.quote(clean_name(a)) for a in args)])


def parse(command: str, user: str = "", workdir: str = "", env: str = "", interactive: bool = False) -> ExecSpec:
    """The form's text as a spec; ValueError with a message the form shows."""
    try:
        words = tuple(shlex.split(command))
    except ValueError as exc:
        raise ValueError(f"command: {exc}") from None
    if not words:
        raise ValueError("give a command, e.g. ls -la /  or  sh")
    try:
        pairs = shlex.split(env.replace(",", " ")) if env.strip() else []
    except ValueError as exc:
        raise ValueError(f"environment: {exc}") from None
    for p in pairs:
        key = p.split("=", 1)[0]
        if "=" not in p or not _ENV_KEY.match(key):
            raise ValueError(f"environment: {clean_name(p)!r} is not KEY=value")
    for label, value in (("command", command), ("user", user), ("working directory", workdir), ("environment", env)):
        if clean_name(value) != value:
            raise ValueError(f"{label}: control characters are not allowed")
    workdir = workdir.strip()
    if workdir and not workdir.startswith("/"):
        raise ValueError("working directory: an absolute path, e.g. /app")
    return ExecSpec(words, user.strip(), workdir, tuple(pairs), interactive)
