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


COMPOSE_PLUGIN_DIRS = (
    "~/.docker/cli-plugins", "/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins",
    "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins",
)


def flavour(command: str, *, podman: bool = False, compose_v1: bool = False) -> str:
    """The command as the user's own client spells it: ``podman stop web`` on Podman,
    ``docker-compose -p shop stop`` where only compose v1 exists."""
    if command.startswith("docker compose "):
        if podman:
            return "podman compose " + command[len("docker compose "):]
        if compose_v1:
            return "docker-compose " + command[len("docker compose "):]
        return command
    if podman and command.startswith("docker "):
        return "podman " + command[len("docker "):]
    return command


def compose_v1_only(which, exists) -> bool:
    """True when ``docker-compose`` is on PATH but no ``docker compose`` plugin is installed.
    ``which(name)`` and ``exists(path)`` are passed in (this module does no IO)."""
    if not which("docker-compose"):
        return False
    return not any(exists(f"{d}/docker-compose") for d in COMPOSE_PLUGIN_DIRS)


def on_daemon(command: str, args: Iterable[str]) -> str:
    """Insert the flags that name the daemon (``--context prod``, ``-H ssh://…``) after
    ``docker``; a command already naming one, or not a docker command, is left alone."""
    args = list(args)
    if not args or not command.startswith("docker ") or command.startswith(("docker --context ", "docker -H ")):
        return command
    return " ".join(["docker", *(shlex.quote(a) for a in args), command[len("docker ") :]])
