"""The story of one `docker run`, step by step, from the container's inspect document, its
image, the architecture facts (shim and PID 1) and the daemon's events: which part of the
architecture acts at each step and what it produced on this daemon. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .event_story import Story
from .sanitize import clean_name

BOXES = ("client", "dockerd", "containerd", "shim", "runc", "kernel")


@dataclass(frozen=True, slots=True)
class TraceStep:
    box: str  # the architecture box that acts
    key: str  # translation key "trace.<step>"
    params: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


def _p(**kw: object) -> tuple[tuple[str, str], ...]:
    return tuple((k, clean_name(str(v))) for k, v in kw.items())


def build(inspect: Mapping[str, Any], image_layers: int, facts: Any = None, stories: Sequence[Story] = (), pulled: bool = False) -> tuple[TraceStep, ...]:
    name = str(inspect.get("Name") or "").lstrip("/")
    config = inspect.get("Config") or {}
    image = config.get("Image") or ""
    steps = [TraceStep("client", "trace.client", _p(name=name, image=image))]
    steps.append(TraceStep("dockerd", "trace.pulled" if pulled else "trace.image",
                           _p(image=image, id=str(inspect.get("Image") or "").split(":")[-1][:12], n=image_layers)))
    data = (inspect.get("GraphDriver") or {}).get("Data") or {}
    lower = [d for d in str(data.get("LowerDir") or "").split(":") if d]
    steps.append(TraceStep("dockerd", "trace.create", _p(name=name, driver=(inspect.get("GraphDriver") or {}).get("Name") or "?",
                                                          upper=data.get("UpperDir") or "?", lower=len(lower),
                                                          init=sum(1 for d in lower if d.rstrip("/").endswith("-init/diff")))))
    for net, ep in sorted(((inspect.get("NetworkSettings") or {}).get("Networks") or {}).items()):
        ep = ep or {}
        aliases = ", ".join(a for a in ep.get("Aliases") or () if not str(inspect.get("Id") or "").startswith(a)) or "—"
        steps.append(TraceStep("dockerd", "trace.network", _p(network=net, ip=ep.get("IPAddress") or "—", aliases=aliases)))
    for m in inspect.get("Mounts") or ():
        steps.append(TraceStep("dockerd", "trace.mount", _p(kind=m.get("Type") or "?", source=m.get("Name") or m.get("Source") or "?",
                                                             destination=m.get("Destination") or "?")))
    shim = getattr(getattr(facts, "parent", None), "pid", "") if facts is not None else ""
    pid = (inspect.get("State") or {}).get("Pid") or ""
    steps.append(TraceStep("containerd", "trace.shim", _p(pid=shim or "?")))
    cmd = " ".join(str(x) for x in (config.get("Entrypoint") or []) + (config.get("Cmd") or []))
    steps.append(TraceStep("runc", "trace.runc", _p(pid=pid or "?", cmd=cmd[:60])))
    steps.append(TraceStep("kernel", "trace.running", _p(name=name, pid=pid or "?")))
    die = next((s for s in reversed(stories) if s.cause), None)
    if die is not None:
        steps.append(TraceStep("kernel", f"trace.die.{die.cause}", _p(name=name, code=die.code or "?", signal=die.signal or "")))
    return tuple(steps)
