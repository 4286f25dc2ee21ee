"""Compose projects, found from the labels docker-compose puts on containers. Pure.

A project is every container labelled ``com.docker.compose.project=<name>``; its
services come from ``com.docker.compose.service``. Nothing here asks the daemon.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .models import Container

PROJECT_LABEL = "com.docker.compose.project"
SERVICE_LABEL = "com.docker.compose.service"
WORKDIR_LABEL = "com.docker.compose.project.working_dir"
CONFIG_LABEL = "com.docker.compose.project.config_files"
HEADER_PREFIX = "project:"


@dataclass(frozen=True, slots=True)
class Project:
    name: str
    services: tuple[str, ...]
    container_ids: tuple[str, ...]
    running: int
    working_dir: str = ""
    config_files: str = ""

    @property
    def key(self) -> str:
        """The row key of the project's header in the containers pane."""
        return header_key(self.name)

    @property
    def id(self) -> str:
        return self.key

    @property
    def short_id(self) -> str:
        return self.name[:12]

    @property
    def total(self) -> int:
        return len(self.container_ids)

    @property
    def state(self) -> str:
        if not self.total:
            return "empty"
        if self.running == self.total:
            return "running"
        return "partial" if self.running else "exited"


def header_key(name: str) -> str:
    return f"{HEADER_PREFIX}{name}"


def is_header_key(key: str) -> bool:
    return key.startswith(HEADER_PREFIX)


def group(containers: Iterable[Container]) -> tuple[Project, ...]:
    """Projects by name, each with its services and containers sorted by name."""
    members: dict[str, list[Container]] = {}
    for c in containers:
        if c.compose_project:
            members.setdefault(c.compose_project, []).append(c)
    projects = []
    for name in sorted(members):
        cs = sorted(members[name], key=lambda c: (c.compose_service, c.name))
        projects.append(
            Project(
                name=name,
                services=tuple(sorted({c.compose_service for c in cs if c.compose_service})),
                container_ids=tuple(c.id for c in cs),
                running=sum(1 for c in cs if c.state == "running"),
                working_dir=next((c.label(WORKDIR_LABEL) for c in cs if c.label(WORKDIR_LABEL)), ""),
                config_files=next((c.label(CONFIG_LABEL) for c in cs if c.label(CONFIG_LABEL)), ""),
            )
        )
    return tuple(projects)


def project_of(containers: Iterable[Container], name: str) -> Project | None:
    return next((p for p in group(containers) if p.name == name), None)


def startable(containers: Iterable[Container]) -> list[Container]:
    return [c for c in containers if c.state in ("created", "exited", "dead")]


def stoppable(containers: Iterable[Container]) -> list[Container]:
    return [c for c in containers if c.state in ("running", "paused", "restarting")]
