"""Compose lifecycle through the compose CLI: what to run for a project or one service. Pure.

The project's files and working directory come from the labels compose puts on every
container (``com.docker.compose.project.working_dir``, ``…config_files``); the command is
built for whichever CLI exists (``docker compose`` v2, else ``docker-compose`` v1).
"""

from __future__ import annotations

import posixpath
import shlex
from dataclasses import dataclass
from typing import Iterable, Mapping

from .compose import CONFIG_LABEL, WORKDIR_LABEL
from .models import Container

DEPENDS_LABEL = "com.docker.compose.depends_on"  # v2: "db:service_started:false,cache:…"

# action -> (label, needs a confirm, changes the daemon)
ACTIONS: dict[str, tuple[str, bool, bool]] = {
    "up": ("Up (detached)", False, True),
    "down": ("Down", True, True),
    "pull": ("Pull images", False, True),
    "restart": ("Restart", False, True),
    "recreate": ("Recreate (up --force-recreate)", False, True),
    "build": ("Build", False, True),
    "config": ("Effective config", False, False),
}


@dataclass(frozen=True, slots=True)
class ComposeTarget:
    project: str
    working_dir: str
    config_files: tuple[str, ...]
    service: str = ""  # "" for the whole project
    services: tuple[str, ...] = ()  # every service of the project, in start order

    @property
    def scope(self) -> str:
        return f"service {self.service}" if self.service else f"project {self.project}"


def target(containers: Iterable[Container], project: str, service: str = "") -> ComposeTarget:
    members = [c for c in containers if c.compose_project == project]
    workdir = next((c.label(WORKDIR_LABEL) for c in members if c.label(WORKDIR_LABEL)), "")
    files = next((c.label(CONFIG_LABEL) for c in members if c.label(CONFIG_LABEL)), "")
    return ComposeTarget(
        project=project,
        working_dir=workdir,
        # compose v1 writes the file names relative to the working directory
        config_files=tuple(f if f.startswith("/") or not workdir else posixpath.join(workdir, f) for f in files.split(",") if f),
        service=service,
        services=tuple(start_order(members)),
    )


def dependencies(containers: Iterable[Container]) -> dict[str, set[str]]:
    deps: dict[str, set[str]] = {}
    for c in containers:
        service = c.compose_service
        if not service:
            continue
        needs = deps.setdefault(service, set())
        for part in c.label(DEPENDS_LABEL).split(","):
            name = part.split(":", 1)[0].strip()
            if name and name != service:
                needs.add(name)
    return deps


def start_order(containers: Iterable[Container], deps: Mapping[str, set[str]] | None = None) -> list[str]:
    """Services so that each comes after what it depends on (name order otherwise; a cycle
    is broken at the first service in name order)."""
    cs = list(containers)
    deps = dependencies(cs) if deps is None else deps
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(s: str) -> None:
        if state.get(s) == 2 or state.get(s) == 1:
            return
        state[s] = 1
        for d in sorted(deps.get(s, ())):
            if d in deps:
                visit(d)
        state[s] = 2
        order.append(s)

    for s in sorted(deps):
        visit(s)
    return order


def waves(containers: Iterable[Container], deps: Mapping[str, set[str]] | None = None) -> list[list[Container]]:
    """Containers grouped into waves: every dependency of a wave is in an earlier one."""
    cs = list(containers)
    deps = dependencies(cs) if deps is None else deps
    depth: dict[str, int] = {}

    def level(s: str, seen: frozenset = frozenset()) -> int:
        if s in depth:
            return depth[s]
        if s in seen:
            return 0
        d = 1 + max((level(x, seen | {s}) for x in deps.get(s, ()) if x in deps), default=-1)
        depth[s] = d
        return d

    out: dict[int, list[Container]] = {}
    for c in cs:
        out.setdefault(level(c.compose_service) if c.compose_service else 0, []).append(c)
    return [sorted(out[k], key=lambda c: c.name) for k in sorted(out)]


def argv(cli: tuple[str, ...], t: ComposeTarget, action: str, *, volumes: bool = False) -> list[str]:
    """The exact command; runs in ``t.working_dir``."""
    base = [*cli, "-p", t.project]
    for f in t.config_files:
        base += ["-f", f]
    if t.working_dir:
        base += ["--project-directory", t.working_dir]
    svc = [t.service] if t.service else []
    if action == "up":
        return base + ["up", "-d", *svc]
    if action == "recreate":
        return base + ["up", "-d", "--force-recreate", *svc]
    if action == "down":
        if t.service:
            return base + ["rm", "-s", "-f", *(["-v"] if volumes else []), t.service]
        return base + ["down", *(["-v"] if volumes else [])]
    if action in ("pull", "restart", "build"):
        return base + [action, *svc]
    if action == "config":
        return base + ["config"]
    raise ValueError(f"not a compose action: {action}")


def command_line(args: list[str]) -> str:
    return " ".join(shlex.quote(a) for a in args)


def build_services(config_text: str) -> set[str]:
    """Services with a build context, from ``compose config`` output (normalised YAML:
    ``services:`` at the left margin, each service one indent in, its keys one more)."""
    out: set[str] = set()
    in_services = False
    service = ""
    service_indent = key_indent = -1
    for line in config_text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        text = line.strip()
        if indent == 0:
            in_services = text == "services:"
            service = ""
            continue
        if not in_services:
            continue
        if service_indent < 0 or indent == service_indent:
            service_indent = indent
            service = text.rstrip(":").strip("'\"")
            key_indent = -1
            continue
        if indent < service_indent:
            continue
        if key_indent < 0:
            key_indent = indent
        if indent == key_indent and (text == "build:" or text.startswith("build:")) and service:
            out.add(service)
    return out
