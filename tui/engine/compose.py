"""Project-level actions on a compose project's containers (grouping itself is pure:
tui.domain.compose). Stop and restart run in parallel, as compose does; start runs in
dependency order (waves from the ``com.docker.compose.depends_on`` labels; name order
when a project carries none, as compose v1 writes none)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Iterable

from ..domain.compose_cli import dependencies
from ..domain.models import Container
from .actions import Actions
from .errors import DockerError

PARALLEL = 8


def project_action(actions: Actions, action: str, containers: Iterable[Container], timeout: int = 10) -> list[tuple[str, str]]:
    """Run start/stop/restart on each container; returns (name, error) for the failures."""
    all_members = sorted(containers, key=lambda c: (c.compose_service, c.name))
    members = all_members
    if action == "start":
        members = [c for c in members if c.state in ("created", "exited", "dead")]
    elif action == "stop":
        members = [c for c in members if c.state in ("running", "paused", "restarting")]
    elif action != "restart":
        raise ValueError(f"not a project action: {action}")

    def one(c: Container) -> tuple[str, str] | None:
        try:
            if action == "start":
                actions.start(c.id)
            elif action == "stop":
                actions.stop(c.id, timeout=timeout)
            else:
                actions.restart(c.id, timeout=timeout)
        except DockerError as exc:
            return (c.name, exc.message)
        return None

    if action == "start":
        # Dependency order (the depends_on label compose v2 writes): each wave starts
        # side by side once every service it depends on was started.
        from ..domain.compose_cli import waves

        results = []
        with ThreadPoolExecutor(max_workers=PARALLEL, thread_name_prefix="dockyard-compose") as pool:
            for wave in waves(members, dependencies(all_members)):
                results += list(pool.map(one, wave))
    else:
        with ThreadPoolExecutor(max_workers=PARALLEL, thread_name_prefix="dockyard-compose") as pool:
            results = list(pool.map(one, members))
    return [r for r in results if r is not None]
