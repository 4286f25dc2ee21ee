"""What each row of the Swarm panes shows (Rich Text cells; daemon text stays plain)."""

from __future__ import annotations

import time

from rich.text import Text

from ..domain import format as fmt
from ..domain import swarm as sw

SERVICE_COLUMNS = (
    ("name", "NAME", 26), ("stack", "STACK", 10), ("mode", "MODE", 10), ("replicas", "REPLICAS", 16),
    ("image", "IMAGE", 30), ("update", "UPDATE", 18), ("ports", "PORTS", 16), ("age", "AGE", 12),
)
TASK_COLUMNS = (
    ("name", "TASK", 24), ("node", "NODE", 16), ("desired", "DESIRED", 9), ("state", "CURRENT", 10),
    ("since", "SINCE", 14), ("error", "ERROR", 40), ("container", "CONTAINER", 12),
)
NODE_COLUMNS = (
    ("hostname", "HOSTNAME", 16), ("id", "ID", 12), ("role", "ROLE", 8), ("availability", "AVAILABILITY", 12),
    ("status", "STATUS", 8), ("manager", "MANAGER", 11), ("engine", "ENGINE", 16), ("address", "ADDRESS", 20),
    ("host", "DOCKYARD HOST", 14),
)

_UPDATE_STYLE = {
    "updating": "yellow", "rollback_started": "yellow", "paused": "red", "rollback_paused": "red",
    "completed": "green", "rollback_completed": "cyan",
}
_TASK_STYLE = {"running": "green", "rejected": "red", "failed": "red", "shutdown": "dim", "complete": "dim"}


def service_cells(s: sw.Service, pending: str = "", now: float | None = None) -> tuple[Text, ...]:
    now = time.time() if now is None else now
    full = s.running >= s.desired and s.desired > 0
    replicas = Text(f"{sw.bar(s.running, s.desired)} {s.replicas}", style="green" if full else "yellow")
    image = s.image + (f" @{s.short_digest}" if s.short_digest else "")
    update = Text(pending, style="italic") if pending else Text(s.update_state, style=_UPDATE_STYLE.get(s.update_state, ""))
    return (
        Text(s.name, style="bold"), Text(s.stack, style="dim"), Text(s.mode), replicas, Text(image),
        update, Text(", ".join(str(p) for p in s.ports)), Text(fmt.ago(s.created, now)),
    )


def stack_cells(stack: str, members: list[sw.Service], pending: str = "") -> tuple[Text, ...]:
    running = sum(m.running for m in members)
    desired = sum(m.desired for m in members)
    return (
        Text(f"▾ {stack}", style="bold reverse"), Text(f"{len(members)} services", style="dim"), Text("stack"),
        Text(f"{sw.bar(running, desired)} {running}/{desired}"), Text(""), Text(pending, style="italic"), Text(""), Text(""),
    )


def task_cells(t: sw.Task, node_name: str, now: float | None = None) -> tuple[Text, ...]:
    now = time.time() if now is None else now
    dim = "dim" if not t.is_current else ""
    return (
        Text(t.name, style=dim or "bold"), Text(node_name, style=dim), Text(t.desired_state, style=dim),
        Text(t.state, style=_TASK_STYLE.get(t.state, "yellow")), Text(fmt.ago(t.since, now), style=dim),
        Text(t.error, style="red"), Text(t.container_id[:12], style=dim),
    )


def node_cells(n: sw.Node, dockyard_host: str, pending: str = "") -> tuple[Text, ...]:
    avail = Text(pending, style="italic") if pending else Text(n.availability, style={"active": "green", "pause": "yellow", "drain": "red"}.get(n.availability, ""))
    return (
        Text(n.hostname, style="bold"), Text(n.short_id, style="dim"), Text(n.role), avail,
        Text(n.status, style="green" if n.status == "ready" else "red"),
        Text(n.manager_status, style={"Leader": "bold", "Unreachable": "red"}.get(n.manager_status, "")),
        Text(n.engine), Text(n.address), Text(dockyard_host, style="cyan"),
    )
