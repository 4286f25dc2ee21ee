"""Which action applies to which object in which state, and which actions change the daemon.

One table, read by the dashboard (check_action, bulk filters), the lifecycle view, the
palette, compose project actions and read-only mode. k9s marks its dangerous keys once and
drops them all in read-only mode; this is the same idea.
"""

from __future__ import annotations

from typing import Iterable

CONTAINER_STATES = ("created", "running", "paused", "restarting", "exited", "dead", "removing")
ANY = frozenset(CONTAINER_STATES)
# A container with a process: stop and kill apply, its logs grow, it holds resources.
ACTIVE = frozenset({"running", "paused", "restarting"})
STOPPED = frozenset({"created", "exited", "dead"})

# kind -> action -> the container states where it applies (every state for other kinds)
APPLIES: dict[str, dict[str, frozenset[str]]] = {
    "containers": {
        "start": STOPPED,
        "stop": ACTIVE,
        # docker restart = stop (if needed) + start: from any state with a process or none
        "restart": frozenset({"created", "running", "paused", "restarting", "exited"}),
        "pause": frozenset({"running"}),
        "unpause": frozenset({"paused"}),
        "kill": ACTIVE,
        "remove": ANY - {"removing"},
        "logs": ANY,
        "exec": frozenset({"running"}),
        "attach": frozenset({"running"}),
        "inspect": ANY,
        "open": ANY,
        "copy": ANY,
        "mark": ANY,
    },
    "images": {a: ANY for a in ("remove", "inspect", "open", "copy", "mark", "tag", "push", "run_image")},
    "networks": {a: ANY for a in ("remove", "inspect", "open", "copy", "mark", "connect", "disconnect")},
    "volumes": {a: ANY for a in ("remove", "inspect", "open", "copy", "mark")},
    # Swarm (through a manager): the "state" is a service's update state, a node's availability
    "services": {a: ANY for a in ("scale", "service_restart", "rollback", "remove", "logs", "inspect", "open", "copy", "remove_stack")},
    "tasks": {a: ANY for a in ("inspect", "open", "copy")},
    "nodes": {a: ANY for a in ("availability", "inspect", "copy")},
}

# Actions that change the daemon (or can: a shell can change anything). Read-only mode
# refuses each of them in the engine and drops them from footer, help and palette.
MUTATING = frozenset({
    "start", "stop", "restart", "pause", "unpause", "kill", "remove", "exec", "attach",
    "pull", "push", "tag", "run_image", "create", "connect", "disconnect", "prune",
    "rename", "prune_all",
    "scale", "service_restart", "rollback", "availability", "remove_stack",
})


def swarm_applies(action: str, obj) -> bool:
    """Swarm actions beyond the table: only a replicated service scales; a rollback needs
    a previous spec and no rollback already running; availability applies to any node."""
    if action == "scale":
        return getattr(obj, "mode", "") == "replicated"
    if action == "rollback":
        return bool(getattr(obj, "can_roll_back", False))
    return True


def applies(kind: str, action: str, state: str = "") -> bool:
    """Does ``action`` apply to one object of ``kind`` in ``state``?"""
    table = APPLIES.get(kind, {})
    states = table.get(action)
    if states is None:
        return False
    return kind != "containers" or state in states


def applicable(kind: str, action: str, targets: Iterable) -> list:
    """The targets ``action`` applies to (bulk actions skip the others)."""
    return [t for t in targets if applies(kind, action, getattr(t, "state", ""))]


def pause_action(states: Iterable[str]) -> str:
    """``p`` toggles: unpause when every target is paused, else pause."""
    states = list(states)
    return "unpause" if states and all(s == "paused" for s in states) else "pause"


def is_mutating(action: str) -> bool:
    return action in MUTATING


def container_actions(state: str) -> frozenset[str]:
    """Every container action that applies in ``state`` (the lifecycle view lists these)."""
    return frozenset(a for a, states in APPLIES["containers"].items() if state in states)
