"""The container lifecycle as data: states, the transitions between them, and a one-sentence
explanation (with the docker CLI command that causes it) for every daemon event.

Pure: text is returned as translation keys plus parameters; tui.i18n renders them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .changes import DaemonEvent

# Drawn left to right, top to bottom by the lifecycle screen.
STATES = ("created", "running", "paused", "restarting", "exited", "dead", "removed")


@dataclass(frozen=True, slots=True)
class Transition:
    source: str
    target: str
    verb: str  # start, stop, ... (also the translation key suffix "verb.<verb>")
    command: str  # docker CLI, with {name}
    key: str = ""  # the dashboard key that does it, if any


TRANSITIONS: tuple[Transition, ...] = (
    Transition("image", "created", "create", "docker create --name {name} IMAGE"),
    Transition("image", "running", "run", "docker run --name {name} IMAGE"),
    Transition("created", "running", "start", "docker start {name}", "S"),
    Transition("running", "paused", "pause", "docker pause {name}", "p"),
    Transition("paused", "running", "unpause", "docker unpause {name}", "p"),
    Transition("running", "exited", "stop", "docker stop {name}", "s"),
    Transition("running", "exited", "kill", "docker kill {name}", "K"),
    Transition("running", "exited", "exit", ""),  # the main process ends by itself (or the kernel kills it: OOM)
    # docker restart is stop + start: the container passes through exited back to running.
    Transition("running", "running", "restart", "docker restart {name}", "r"),
    Transition("paused", "exited", "stop", "docker stop {name}", "s"),
    Transition("paused", "exited", "kill", "docker kill {name}", "K"),
    Transition("exited", "running", "start", "docker start {name}", "S"),
    Transition("exited", "running", "restart", "docker restart {name}", "r"),
    # restarting is the restart policy's back-off between an exit and the next start.
    Transition("exited", "restarting", "policy", "--restart on-failure|always|unless-stopped"),
    Transition("restarting", "running", "policy", ""),
    Transition("restarting", "exited", "stop", "docker stop {name}", "s"),
    Transition("exited", "removed", "remove", "docker rm {name}", "d"),
    Transition("created", "removed", "remove", "docker rm {name}", "d"),
    Transition("dead", "removed", "remove", "docker rm {name}", "d"),
    Transition("running", "removed", "remove", "docker rm -f {name}", "d"),
)

# Where a container comes from: not a state of its own, the image it is created from.
SOURCES = ("image",)


def moves_from(state: str) -> tuple[Transition, ...]:
    """The transitions that leave ``state`` (what the user can do next)."""
    return tuple(t for t in TRANSITIONS if t.source == state)


@dataclass(frozen=True, slots=True)
class Explanation:
    key: str  # translation key "event.<type>.<action>"; tui.i18n falls back to a generic sentence
    params: tuple[tuple[str, str], ...]
    command: str  # the docker CLI command that would cause it, "" if none

    def param(self, name: str) -> str:
        for k, v in self.params:
            if k == name:
                return v
        return ""


# docker CLI that causes each event (by type, action); {name} is the actor's name.
_COMMANDS: dict[tuple[str, str], str] = {
    ("container", "create"): "docker create --name {name} {image}",
    ("container", "start"): "docker start {name}",
    ("container", "restart"): "docker restart {name}",
    ("container", "stop"): "docker stop {name}",
    ("container", "kill"): "docker kill --signal {signal} {name}",
    ("container", "die"): "",  # a die has a cause, not a command: see tui.domain.event_story
    ("container", "destroy"): "docker rm {name}",
    ("container", "pause"): "docker pause {name}",
    ("container", "unpause"): "docker unpause {name}",
    ("container", "rename"): "docker rename {old} {name}",
    ("container", "attach"): "docker attach {name}",
    ("container", "exec_create"): "docker exec {name} …",
    ("container", "exec_start"): "docker exec {name} …",
    ("container", "exec_die"): "docker exec {name} …",
    ("container", "oom"): "",
    ("container", "health_status"): "",
    ("container", "commit"): "docker commit {name}",
    ("container", "copy"): "docker cp …",
    ("container", "export"): "docker export {name}",
    ("container", "top"): "docker top {name}",
    ("container", "update"): "docker update {name}",
    ("container", "resize"): "",
    ("container", "archive-path"): "docker cp {name}:…",
    ("container", "extract-to-dir"): "docker cp … {name}:…",
    ("image", "pull"): "docker pull {name}",
    ("image", "push"): "docker push {name}",
    ("image", "tag"): "docker tag … {name}",
    ("image", "untag"): "docker rmi …",  # the event carries only the image id, not the tag
    ("image", "delete"): "docker rmi {name}",
    ("image", "import"): "docker import …",
    ("image", "load"): "docker load",
    ("image", "save"): "docker save {name}",
    ("image", "build"): "docker build .",
    ("network", "create"): "docker network create {name}",
    ("network", "connect"): "docker network connect {name} {container}",
    ("network", "disconnect"): "docker network disconnect {name} {container}",
    ("network", "destroy"): "docker network rm {name}",
    ("network", "remove"): "docker network rm {name}",
    ("volume", "create"): "docker volume create {name}",
    ("volume", "mount"): "docker run -v {name}:{destination} …",
    ("volume", "unmount"): "docker stop …",
    ("volume", "destroy"): "docker volume rm {name}",
    ("plugin", "install"): "docker plugin install {name}",
    ("plugin", "enable"): "docker plugin enable {name}",
    ("plugin", "disable"): "docker plugin disable {name}",
    ("plugin", "remove"): "docker plugin rm {name}",
    ("daemon", "reload"): "kill -HUP $(pidof dockerd)",
}

# Exit codes worth a word: 128+n is "killed by signal n".
_SIGNALS = {1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 6: "SIGABRT", 9: "SIGKILL", 15: "SIGTERM"}


def exit_reason(code: str) -> str:
    """A reason key for an exit code: 'exit.ok', 'exit.error', 'exit.signal' (param signal)."""
    try:
        n = int(code)
    except (TypeError, ValueError):
        return ""
    if n == 0:
        return "exit.ok"
    if n > 128 and n - 128 in _SIGNALS:
        return "exit.signal"
    return "exit.error"


def signal_for_exit(code: str) -> str:
    try:
        return _SIGNALS.get(int(code) - 128, "")
    except (TypeError, ValueError):
        return ""


def explain(event: DaemonEvent, names: Mapping[str, str] | None = None) -> Explanation:
    """One plain sentence (as a translation key) and the CLI command for a daemon event.

    ``names`` maps container ids to names, for events that only carry an id (network, volume).
    """
    names = names or {}
    action = event.action.split(":", 1)[0].strip()
    detail = event.action.split(":", 1)[1].strip() if ":" in event.action else ""
    name = event.attr("name") or event.actor_id[:12]
    params: dict[str, str] = {
        "type": event.type,
        "action": action,
        "name": name,
        "image": event.attr("image"),
        "id": event.actor_id[:12],
    }
    if event.type in ("network", "volume"):
        cid = event.attr("container")
        params["container"] = names.get(cid, cid[:12])
    if event.type == "volume":
        params["destination"] = event.attr("destination")
    if action == "die":
        code = event.attr("exitCode")
        params["code"] = code
        params["reason"] = exit_reason(code)
        params["signal"] = signal_for_exit(code)
    if action == "kill":
        params["signal"] = _signal_name(event.attr("signal"))
    if action == "health_status":
        params["health"] = detail or event.attr("health_status")
    if action == "rename":
        params["old"] = event.attr("oldName").lstrip("/")
    if action.startswith("exec_"):
        params["detail"] = detail or event.attr("execID")[:12]
    key = f"event.{event.type}.{action}"
    template = _COMMANDS.get((event.type, action))
    command = ""
    if template is not None:
        command = template.format_map(_Blank(params))
    return Explanation(key, tuple(sorted(params.items())), command)


def _signal_name(raw: str) -> str:
    try:
        n = int(raw)
    except (TypeError, ValueError):
        return raw or "SIGKILL"
    return {9: "SIGKILL", 15: "SIGTERM", 2: "SIGINT", 1: "SIGHUP", 3: "SIGQUIT"}.get(n, f"signal {n}")


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "…"
