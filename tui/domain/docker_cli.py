"""The docker CLI command equivalent to an action, for the action log."""

from __future__ import annotations

import shlex
from typing import Iterable

_FLAGS = {
    ("container", "remove"): lambda o: (["-f"] if o.get("force") else []) + (["-v"] if o.get("volumes") else []),
    ("image", "remove"): lambda o: ["-f"] if o.get("force") else [],
    ("container", "kill"): lambda o: [f"--signal={o['signal']}"] if o.get("signal") not in (None, "SIGKILL") else [],
}

_VERBS = {
    ("container", "remove"): "rm",
    ("image", "remove"): "image rm",
    ("network", "remove"): "network rm",
    ("volume", "remove"): "volume rm",
}


def command(kind: str, action: str, names: Iterable[str], **options) -> str:
    """e.g. command("container", "stop", ["web"]) == "docker stop web"."""
    verb = _VERBS.get((kind, action), action)
    flags = _FLAGS.get((kind, action), lambda o: [])(options)
    return " ".join(["docker", verb, *flags, *(shlex.quote(n) for n in names)])


def line(*args: str) -> str:
    """A docker command from its arguments, quoted for a POSIX shell."""
    return " ".join(["docker", *(shlex.quote(a) for a in args)])


def filter_args(filters: dict[str, object] | None) -> list[str]:
    out: list[str] = []
    for key, value in (filters or {}).items():
        for v in value if isinstance(value, (list, tuple)) else [value]:
            out += ["--filter", f"{key}={v}"]
    return out


def compose(project: str, action: str, *args: str) -> str:
    """e.g. ``docker compose -p shop stop``: what a project-level action amounts to."""
    return line("compose", "-p", project, action, *args)


def on_daemon(command: str, args: Iterable[str]) -> str:
    """Insert the flags that name the daemon (``--context prod``, ``-H ssh://…``) after
    ``docker``; a command already naming one, or not a docker command, is left alone."""
    args = list(args)
    if not args or not command.startswith("docker ") or command.startswith(("docker --context ", "docker -H ")):
        return command
    return " ".join(["docker", *(shlex.quote(a) for a in args), command[len("docker ") :]])
