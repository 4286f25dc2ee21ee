"""Guided lessons ("Lessons / 수업" in the palette): an ordered path through the seed concepts.

Each step gives the command to type in another terminal, a "predict, then observe" text, a
live check that completes when the expected daemon events or states appear, and the view to
open. ``ops`` is the same step as data, so the teacher key (and the pilot test) can do it on
the daemon through tui.engine.lessons. Every object a lesson makes is named with PREFIX, and
cleaning up touches nothing else. Pure: texts are translation keys ("lesson.<id>.<step>.*").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .changes import DaemonEvent
from .state import State

PREFIX = "lsn-"


@dataclass(frozen=True, slots=True)
class Check:
    """Done when an event matches (type, action prefix, actor name, exit code) after the step began,
    or when the named container is in ``state``, or an image/network/volume named ``exists``."""

    event: tuple[str, str] = ()  # (type, action) e.g. ("container", "die")
    name: str = ""  # actor name (container, image tag, network, volume)
    exit_code: str | None = None  # for die: "0", "137"; "!0" for any non-zero
    count: int = 1  # how many matching events
    state: str = ""  # container state
    exists: str = ""  # kind: images, networks, volumes


@dataclass(frozen=True, slots=True)
class Step:
    key: str  # translation key stem: lesson.<lesson>.<step>
    command: str  # {image} {registry} and the prefix are filled in
    check: Check
    view: str = ""  # events, layers, isolation, lifecycle, map, arch
    view_object: str = ""  # name of the object the view shows (containers/images by name)
    ops: tuple[tuple, ...] = ()  # what the teacher key does (tui.engine.lessons.do)


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    steps: tuple[Step, ...] = field(default_factory=tuple)


P = PREFIX
BUSY = "trap 'exit 0' TERM; sleep 100000 & wait"

LESSONS: tuple[Lesson, ...] = (
    Lesson("client", (
        Step("lesson.client.run", "docker run --name lsn-hello {image} echo hello",
             Check(("container", "die"), P + "hello", "0"), "events", "",
             (("run", P + "hello", ["echo", "hello"], {}),)),
        Step("lesson.client.arch", "docker version", Check(exists="images", name="{image}"), "arch"),
    )),
    Lesson("layers", (
        Step("lesson.layers.build", "printf 'FROM {image}\\nRUN echo a > /a\\n' | docker build -t lsn-a:1 -",
             Check(exists="images", name=P + "a:1"), "layers", P + "a:1",
             (("build", P + "a:1", "FROM {image}\nRUN echo a > /a\n"),)),
        Step("lesson.layers.second", "printf 'FROM {image}\\nRUN echo b > /b\\n' | docker build -t lsn-b:1 -",
             Check(exists="images", name=P + "b:1"), "layers", P + "b:1",
             (("build", P + "b:1", "FROM {image}\nRUN echo b > /b\n"),)),
    )),
    Lesson("writable", (
        Step("lesson.writable.run", "docker run -d --name lsn-w {image} sleep 100000",
             Check(state="running", name=P + "w"), "layers", P + "w",
             (("run", P + "w", ["sh", "-c", BUSY], {"detach": True}),)),
        Step("lesson.writable.exec", "docker exec lsn-w sh -c 'echo hi > /hi; rm /bin/true'",
             Check(("container", "exec_die"), P + "w"), "layers", P + "w",
             (("exec", P + "w", ["sh", "-c", "echo hi > /hi; rm -f /bin/true"]),)),
        Step("lesson.writable.rm", "docker rm -f lsn-w", Check(("container", "destroy"), P + "w"), "events", "",
             (("rm", P + "w"),)),
    )),
    Lesson("lifecycle", (
        Step("lesson.lifecycle.run", "docker run -d --name lsn-life {image} sleep 100000",
             Check(state="running", name=P + "life"), "lifecycle", P + "life",
             (("run", P + "life", ["sleep", "100000"], {"detach": True}),)),
        Step("lesson.lifecycle.stop", "docker stop -t 3 lsn-life", Check(("container", "die"), P + "life", "137"), "events", "",
             (("stop", P + "life", 3),)),
        Step("lesson.lifecycle.policy", "docker run -d --name lsn-pol --restart on-failure:2 {image} sh -c 'sleep 1; exit 1'",
             Check(("container", "start"), P + "pol", count=3), "lifecycle", P + "pol",
             (("run", P + "pol", ["sh", "-c", "sleep 1; exit 1"], {"detach": True, "restart": 2}),)),
    )),
    Lesson("namespaces", (
        Step("lesson.namespaces.run", "docker run -d --name lsn-ns {image} sleep 100000",
             Check(state="running", name=P + "ns"), "isolation", P + "ns",
             (("run", P + "ns", ["sh", "-c", BUSY], {"detach": True}),)),
        Step("lesson.namespaces.share", "docker run -d --name lsn-ns2 --pid container:lsn-ns {image} sleep 100000",
             Check(state="running", name=P + "ns2"), "isolation", P + "ns2",
             (("run", P + "ns2", ["sh", "-c", BUSY], {"detach": True, "pid": "container:" + P + "ns"}),)),
        Step("lesson.namespaces.host", "docker run -d --name lsn-hostnet --network host {image} sleep 100000",
             Check(state="running", name=P + "hostnet"), "isolation", P + "hostnet",
             (("run", P + "hostnet", ["sh", "-c", BUSY], {"detach": True, "network": "host"}),)),
    )),
    Lesson("cgroups", (
        Step("lesson.cgroups.limit", "docker run -d --name lsn-lim --memory 32m --cpus 0.5 {image} sleep 100000",
             Check(state="running", name=P + "lim"), "isolation", P + "lim",
             (("run", P + "lim", ["sh", "-c", BUSY], {"detach": True, "memory": "32m", "cpus": 0.5}),)),
        Step("lesson.cgroups.oom", "docker run --name lsn-oom --memory 16m --memory-swap 16m {image} sh -c 'x=a; while true; do x=$x$x; done'",
             Check(("container", "die"), P + "oom", "!0"), "events", "",
             (("run", P + "oom", ["sh", "-c", "x=aaaaaaaaaa; while true; do x=$x$x; done"], {"memory": "16m", "wait": True}),)),
    )),
    Lesson("networks", (
        Step("lesson.networks.create", "docker network create lsn-net", Check(exists="networks", name=P + "net"), "map", "",
             (("network", P + "net"),)),
        Step("lesson.networks.server", "docker run -d --name lsn-srv --network lsn-net {image} sleep 100000",
             Check(state="running", name=P + "srv"), "map", P + "srv",
             (("run", P + "srv", ["sh", "-c", BUSY], {"detach": True, "network": P + "net"}),)),
        Step("lesson.networks.byname", "docker run --name lsn-ping --network lsn-net {image} ping -c 1 lsn-srv",
             Check(("container", "die"), P + "ping", "0"), "events", "",
             (("run", P + "ping", ["ping", "-c", "1", P + "srv"], {"network": P + "net", "wait": True}),)),
        Step("lesson.networks.default", "docker run --name lsn-ping2 {image} ping -c 1 lsn-srv",
             Check(("container", "die"), P + "ping2", "!0"), "events", "",
             (("run", P + "ping2", ["ping", "-c", "1", P + "srv"], {"wait": True}),)),
    )),
    Lesson("volumes", (
        Step("lesson.volumes.create", "docker volume create lsn-data", Check(exists="volumes", name=P + "data"), "map", "",
             (("volume", P + "data"),)),
        Step("lesson.volumes.write", "docker run --name lsn-v -v lsn-data:/data {image} sh -c 'echo kept > /data/f'",
             Check(("container", "die"), P + "v", "0"), "events", "",
             (("run", P + "v", ["sh", "-c", "echo kept > /data/f"], {"volumes": {P + "data": "/data"}, "wait": True}),)),
        Step("lesson.volumes.rm", "docker rm lsn-v", Check(("container", "destroy"), P + "v"), "events", "",
             (("rm", P + "v"),)),
    )),
    Lesson("registry", (
        Step("lesson.registry.tag", "docker tag {image} {registry}/lsn-img:1", Check(("image", "tag"), "{registry}/lsn-img:1"), "events", "",
             (("tag", "{image}", "{registry}/lsn-img:1"),)),
        Step("lesson.registry.push", "docker push {registry}/lsn-img:1", Check(("image", "push"), "{registry}/lsn-img:1"), "events", "",
             (("push", "{registry}/lsn-img:1"),)),
        Step("lesson.registry.pull", "docker rmi {registry}/lsn-img:1 && docker pull {registry}/lsn-img:1",
             Check(("image", "pull"), "{registry}/lsn-img:1"), "events", "",
             (("rmi", "{registry}/lsn-img:1"), ("pull", "{registry}/lsn-img:1"))),
    )),
)


def lesson(lesson_id: str) -> Lesson:
    return next(x for x in LESSONS if x.id == lesson_id)


def fill(text: str, image: str, registry: str) -> str:
    return text.replace("{image}", image).replace("{registry}", registry)


def fill_ops(ops: Iterable[tuple], image: str, registry: str) -> tuple[tuple, ...]:
    def f(value):
        if isinstance(value, str):
            return fill(value, image, registry)
        if isinstance(value, list):
            return [f(v) for v in value]
        if isinstance(value, dict):
            return {f(k): f(v) for k, v in value.items()}
        return value

    return tuple(tuple(f(v) for v in op) for op in ops)


def _event_name(event: DaemonEvent) -> str:
    return event.attr("name") or event.actor_id


def done(check: Check, state: State, events: Iterable[DaemonEvent], since: float, image: str = "", registry: str = "") -> bool:
    """Has the step's check been met by the state now or the events since the step began?"""
    name = fill(check.name, image, registry)
    if check.event:
        etype, action = check.event
        n = 0
        for e in events:
            if e.time < since or e.type != etype or not e.action.startswith(action):
                continue
            # push/pull events name the repository and carry the full reference as the actor id
            if name and name not in (_event_name(e), e.actor_id):
                continue
            if check.exit_code is not None:
                code = e.attr("exitCode")
                if check.exit_code == "!0" and code in ("", "0"):
                    continue
                if check.exit_code != "!0" and code != check.exit_code:
                    continue
            n += 1
        return n >= check.count
    if check.state:
        return any(c.name == name and c.state == check.state for c in state.containers.values())
    if check.exists == "images":
        return any(name in i.tags or (":" not in name and f"{name}:latest" in i.tags) for i in state.images.values())
    if check.exists == "networks":
        return any(n.name == name for n in state.networks.values())
    if check.exists == "volumes":
        return name in state.volumes
    return False
