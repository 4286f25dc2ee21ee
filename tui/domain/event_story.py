"""Daemon events grouped into the commands people typed.

One `docker run` is five or more events (create, network connect, volume mount, start …);
one `docker stop` is kill SIGTERM, perhaps kill SIGKILL after the grace period, die, network
disconnect and stop. This module folds the events of one actor that follow each other within
a short window into one Story that names the command (or says nobody typed one: a process
that exits by itself, an OOM kill, the restart policy, a health check) and gives every `die`
its cause.

Pure and deterministic: ``group(events)`` returns the same stories for the same events, so
the timeline can re-group its buffer at any time and patch rows by ``Story.key``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Iterable, Mapping

from .changes import DaemonEvent

WINDOW = 2.0  # seconds between two steps of one command
STOP_WAIT = 330.0  # after SIGTERM, `docker stop -t N` waits N s (default 10) before SIGKILL

SIGNALS = {"1": "SIGHUP", "2": "SIGINT", "3": "SIGQUIT", "6": "SIGABRT", "9": "SIGKILL", "15": "SIGTERM"}
# Container actions that end a command: after them a new story begins (except the
# continuations listed in _CONTINUES).
_TERMINAL = {"start", "stop", "destroy", "restart", "pause", "unpause", "rename", "commit", "update", "top",
             "export", "copy", "archive-path", "extract-to-dir", "resize"}
_CONTINUES = {"stop": {"connect", "start", "restart", "mount"}, "start": {"restart"}, "destroy": {"unmount"}}


@dataclass(frozen=True, slots=True)
class Story:
    kind: str  # run, create, start, stop, stop_start, restart, kill, rm, rm_force, exited, restart_policy, oom,
    #            pause, unpause, exec, health, connect, disconnect, untag, single
    actor: str  # container id (or "<type>:<id>" for other objects)
    name: str
    events: tuple[DaemonEvent, ...]
    command: str = ""  # what the user typed; "" when nobody typed a command
    cause: str = ""  # why the process ended: exited, stopped, killed, oom ("" when it did not end)
    code: str = ""  # exit code of the die, if any
    signal: str = ""  # first signal sent (kill) or the one that ended it
    grace: float = 0.0  # docker stop: seconds between SIGTERM and SIGKILL (0: SIGTERM was enough)
    image: str = ""

    @property
    def key(self) -> str:
        first = self.events[0]
        return f"{first.time:.6f}|{first.type}|{first.action}|{first.actor_id}"

    @property
    def time(self) -> float:
        return self.events[0].time

    @property
    def steps(self) -> int:
        return len(self.events)

    @property
    def automatic(self) -> bool:
        """Nobody typed a command: the process, the kernel, the restart policy or a health check did it."""
        return not self.command


def health_command(test) -> str | None:
    """The command exec events show for a health check, from inspect's Config.Healthcheck.Test.

    ["CMD-SHELL", "wget -q localhost"] runs as "/bin/sh -c wget -q localhost"; ["CMD", "a", "b"]
    as "a b"; ["NONE"] or nothing: no health check (None).
    """
    parts = [str(p) for p in (test or ())]
    if not parts or parts[0] == "NONE":
        return None
    if parts[0] == "CMD-SHELL":
        return "/bin/sh -c " + " ".join(parts[1:])
    if parts[0] == "CMD":
        return " ".join(parts[1:])
    return " ".join(parts)  # an old image's bare list is a CMD


def base_action(event: DaemonEvent) -> str:
    return event.action.split(":", 1)[0].strip()


def signal_name(raw: str) -> str:
    return SIGNALS.get(str(raw).strip(), f"signal {raw}" if raw else "")


def _actor(event: DaemonEvent) -> str:
    action = base_action(event)
    if event.type == "container":
        if action.startswith("exec_") or action == "health_status":
            return f"{event.actor_id}/exec/{event.attr('execID') or action}"
        return event.actor_id
    if event.type in ("network", "volume") and event.attr("container"):
        return event.attr("container")
    return f"{event.type}:{event.actor_id}"


class _Open:
    __slots__ = ("events", "last", "closed_by")

    def __init__(self, event: DaemonEvent) -> None:
        self.events = [event]
        self.last = event.time
        self.closed_by = ""

    def actions(self) -> list[str]:
        return [base_action(e) for e in self.events if e.type == "container"]

    def accepts(self, event: DaemonEvent) -> bool:
        action = base_action(event)
        if event.type == "container" and action == "create":
            return False
        acts = self.actions()
        gap = event.time - self.last
        if self.closed_by:
            return gap <= WINDOW and action in _CONTINUES.get(self.closed_by, ())
        if event.type == "container" and acts and acts[-1] == "die" and action == "kill":
            return False  # a die ends what was running; a new kill is a new command
        waiting = "kill" in acts and "die" not in acts
        return gap <= (STOP_WAIT if waiting else WINDOW)

    def add(self, event: DaemonEvent) -> None:
        self.events.append(event)
        self.last = event.time
        action = base_action(event)
        if event.type == "container":
            if action in _TERMINAL:
                self.closed_by = action
            elif self.closed_by and action not in _CONTINUES.get(self.closed_by, ()):
                self.closed_by = action if action in _TERMINAL else ""


def group(
    events: Iterable[DaemonEvent],
    healthchecks: Mapping[str, str] | None = None,
    oom_killed: Collection[str] = (),
    names: Mapping[str, str] | None = None,
) -> list[Story]:
    """Stories in the order their first event arrived.

    healthchecks: container id -> the health check command as exec events show it
    ("/bin/sh -c wget -q localhost"); oom_killed: containers whose State.OOMKilled is true;
    names: container id -> name (network and volume events carry only the id).
    """
    healthchecks = healthchecks or {}
    names = names or {}
    opened: dict[str, _Open] = {}
    order: list[_Open] = []
    for event in events:
        actor = _actor(event)
        current = opened.get(actor)
        if current is not None and current.accepts(event):
            current.add(event)
            continue
        current = _Open(event)
        if event.type == "container" and base_action(event) in _TERMINAL:
            current.closed_by = base_action(event)
        opened[actor] = current
        order.append(current)
    return [classify(tuple(o.events), healthchecks, oom_killed, names) for o in order]


def _name(events: tuple[DaemonEvent, ...], names: Mapping[str, str]) -> str:
    for e in events:
        if e.type == "container" and e.attr("name"):
            return e.attr("name")
    for e in events:
        cid = e.attr("container")
        if cid:
            return names.get(cid, cid[:12])
    first = events[0]
    return first.attr("name") or names.get(first.actor_id, first.actor_id[:12])


def _die(events) -> DaemonEvent | None:
    return next((e for e in events if e.type == "container" and base_action(e) == "die"), None)


def classify(
    events: tuple[DaemonEvent, ...],
    healthchecks: Mapping[str, str] | None = None,
    oom_killed: Collection[str] = (),
    names: Mapping[str, str] | None = None,
) -> Story:
    healthchecks = healthchecks or {}
    names = names or {}
    first = events[0]
    name = _name(events, names)
    container = [e for e in events if e.type == "container"]
    acts = [base_action(e) for e in container]
    image = next((e.attr("image") for e in container if e.attr("image")), "")
    die = _die(events)
    code = die.attr("exitCode") if die is not None else ""
    actor = first.actor_id if first.type == "container" else (first.attr("container") or f"{first.type}:{first.actor_id}")

    def story(kind: str, command: str = "", cause: str = "", signal: str = "", grace: float = 0.0) -> Story:
        return Story(kind, actor, name, events, command.format(name=name, image=image or "…", signal=signal), cause, code, signal, grace, image)

    if not container:
        action = base_action(first)
        if first.type == "network" and action in ("connect", "disconnect"):
            # Alone (not part of a run, start or stop): someone typed docker network connect/disconnect.
            return Story(action, actor, name, events, f"docker network {action} {first.attr('name') or first.actor_id[:12]} {name}")
        if first.type == "image" and action == "untag":
            return Story("untag", actor, first.actor_id, events, "docker rmi …")
        return Story("single", actor, name, events, "")
    if acts[0] in ("exec_create", "exec_start", "exec_die"):
        detail = next((e.action.split(":", 1)[1].strip() for e in container if ":" in e.action), "")
        check = healthchecks.get(first.actor_id)
        if check is not None and (not detail or detail == check or detail.startswith(check)):
            return story("health")
        return story("exec", f"docker exec {{name}} {detail}".rstrip() if detail else "docker exec {name} …")
    if acts[0] == "health_status":
        return story("health")
    if "create" in acts:
        if "start" in acts:
            return story("run", "docker run --name {name} {image}")
        return story("create", "docker create --name {name} {image}")
    if "oom" in acts:
        return story("oom", "", cause="oom", signal="SIGKILL")
    if acts[0] == "kill":
        kills = [e for e in container if base_action(e) == "kill"]
        sig = signal_name(kills[0].attr("signal"))
        if "stop" in acts or "restart" in acts or (sig == "SIGTERM" and "die" not in acts):
            grace = 0.0
            if len(kills) > 1 and signal_name(kills[-1].attr("signal")) == "SIGKILL":
                grace = round(kills[-1].time - kills[0].time)
            if "restart" in acts:
                return story("restart", "docker restart {name}", "stopped", sig, grace)
            if "start" in acts[acts.index("stop") if "stop" in acts else 0:]:
                return story("stop_start", "docker stop {name} && docker start {name}", "stopped", sig, grace)
            return story("stop", "docker stop {name}", "stopped" if die is not None else "", sig, grace)
        if "destroy" in acts:
            return story("rm_force", "docker rm -f {name}", "killed", sig)
        return story("kill", "docker kill {name}" if sig == "SIGKILL" else "docker kill --signal {signal} {name}", "killed", sig)
    if acts[0] == "die":
        if code == "137" and actor in oom_killed:
            kind, cause = "oom", "oom"
        else:
            kind, cause = "exited", "exited"
        if "start" in acts:
            return story("restart_policy", "", cause)
        return story(kind, "", cause)
    if acts[0] == "destroy":
        return story("rm", "docker rm {name}")
    if acts[0] == "start":
        return story("start", "docker start {name}")
    if acts[0] in ("pause", "unpause"):
        return story(acts[0], f"docker {acts[0]} {{name}}")
    return story("single", "")


def step_word(event: DaemonEvent) -> str:
    """A short name for one step inside a story: create, network bridge, volume data, start, SIGTERM …"""
    action = base_action(event)
    if event.type == "network":
        return f"{action} {event.attr('name') or event.actor_id[:12]}"
    if event.type == "volume":
        return f"{action} {event.attr('name') or event.actor_id[:12]}"
    if action == "kill":
        return signal_name(event.attr("signal")) or "kill"
    if action == "die":
        return f"die {event.attr('exitCode')}".strip()
    return action


# Tag memory: untag events carry only the image id ("untag", id, id); the removed tag is the
# one that disappears from the image between the state before and after the event.


def removed_tags(before: Iterable[str], after: Iterable[str] | None) -> tuple[str, ...]:
    """Tags the image had before an untag event and lacks after it (after=None: image gone)."""
    gone = set(before) - set(after or ())
    return tuple(sorted(gone))
