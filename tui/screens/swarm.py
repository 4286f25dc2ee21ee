"""The Swarm panes: services, tasks and nodes of the swarm a host in scope manages.

Opened from the dashboard with 5 / 6 / 7 (numbered after its four panes, as dry does);
shown only when the scope contains a swarm manager.

| key        | pane     | action                                                  |
|------------|----------|---------------------------------------------------------|
| 1-4        | any      | back to the dashboard's pane                            |
| 5 6 7, tab | any      | services, tasks, nodes                                  |
| + / -      | services | scale up / down by one                                  |
| =          | services | set the replicas (dialog)                               |
| r          | services | forced rolling restart (docker service update --force)  |
| b          | services | rollback (asks)                                         |
| l          | services | service logs: every node's tasks, interleaved by time   |
| t, enter   | services | show this service's tasks (again: every task)           |
| d          | services | remove the service, or on a stack row the stack (asks)  |
| z          | services | group by stack (com.docker.stack.namespace)             |
| enter      | tasks    | its container on the node's own Dockyard host, else inspect |
| a p D      | nodes    | availability active, pause, drain (drain asks)          |
| i          | any      | inspect                                                 |
| f1         | any      | concept card: service, task or node (with the live row) |
| esc        | any      | clear the task filter, then back                        |

Rows are patched by key while the row order stays; a new or removed row re-lays the table
(the cursor stays on its row). Every action goes through ``app.control.swarm`` (ops.run).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Label

from ..domain import capabilities
from ..domain import swarm as sw
from ..domain.sanitize import clean
from ..widgets.footer import Footer
from .dialogs.confirm import ConfirmResult, ConfirmScreen
from .dialogs.forms import Field, FormScreen
from .mounted import unless_closed
from .swarm_rows import NODE_COLUMNS, SERVICE_COLUMNS, TASK_COLUMNS, node_cells, service_cells, stack_cells, task_cells
from ..widgets.plain_log import PlainLog

PANES = ("services", "tasks", "nodes")
_COLUMNS = {"services": SERVICE_COLUMNS, "tasks": TASK_COLUMNS, "nodes": NODE_COLUMNS}
# action -> the pane it belongs to
_PANE_OF = {
    "scale_up": "services", "scale_down": "services", "set_replicas": "services", "restart": "services",
    "rollback": "services", "logs": "services", "tasks": "services", "remove": "services", "group": "services",
    "availability": "nodes", "drain": "nodes",
}
_CAPABILITY = {"scale_up": "scale", "scale_down": "scale", "set_replicas": "scale", "restart": "service_restart",
               "rollback": "rollback", "remove": "remove", "availability": "availability", "drain": "availability"}


class SwarmScreen(Screen):
    BINDINGS = [
        Binding("1", "dashboard('containers')", "Containers", id="swarm.containers", show=False, tooltip="Back to the containers pane"),
        Binding("2", "dashboard('images')", "Images", id="swarm.images", show=False, tooltip="Back to the images pane"),
        Binding("3", "dashboard('networks')", "Networks", id="swarm.networks", show=False, tooltip="Back to the networks pane"),
        Binding("4", "dashboard('volumes')", "Volumes", id="swarm.volumes", show=False, tooltip="Back to the volumes pane"),
        Binding("5", "focus_pane('services')", "Services", id="swarm.services", show=False, tooltip="Focus the services pane"),
        Binding("6", "focus_pane('tasks')", "Tasks", id="swarm.tasks", show=False, tooltip="Focus the tasks pane"),
        Binding("7", "focus_pane('nodes')", "Nodes", id="swarm.nodes", show=False, tooltip="Focus the nodes pane"),
        Binding("tab", "cycle(1)", "Next pane", id="swarm.next", show=False, tooltip="Focus the next swarm pane"),
        Binding("shift+tab", "cycle(-1)", "Previous pane", id="swarm.previous", show=False, tooltip="Focus the previous swarm pane"),
        Binding("plus", "scale_up", "Scale +1", id="swarm.scale_up", tooltip="One replica more"),
        Binding("minus", "scale_down", "Scale -1", id="swarm.scale_down", tooltip="One replica fewer"),
        Binding("equals_sign", "set_replicas", "Replicas", id="swarm.set_replicas", tooltip="Set the number of replicas"),
        Binding("r", "restart", "Restart", id="swarm.restart", tooltip="Forced rolling restart: every task replaced"),
        Binding("b", "rollback", "Rollback", id="swarm.rollback", tooltip="Roll back to the previous spec (asks)"),
        Binding("l", "logs", "Logs", id="swarm.logs", tooltip="Service logs through the manager: every node's tasks"),
        Binding("t", "tasks", "Tasks", id="swarm.show_tasks", tooltip="This service's tasks (again: every task)"),
        Binding("d", "remove", "Remove", id="swarm.remove", tooltip="Remove the service, or the stack on a stack row (asks)"),
        Binding("z", "group", "Stacks", id="swarm.group", show=False, tooltip="Group services by stack"),
        Binding("a", "availability('active')", "Active", id="swarm.active", tooltip="Node availability: active"),
        Binding("p", "availability('pause')", "Pause", id="swarm.pause", tooltip="Node availability: pause (no new tasks)"),
        Binding("D", "drain", "Drain", id="swarm.drain", tooltip="Node availability: drain (its tasks move; asks)"),
        Binding("enter", "open", "Open", id="swarm.open", tooltip="Tasks of a service; a task's container on its node's host"),
        Binding("i", "inspect", "Inspect", id="swarm.inspect", tooltip="Show the inspect document"),
        Binding("m", "map", "Map", id="swarm.map", tooltip="Relationship map: service → tasks → containers on nodes"),
        Binding("f1", "concept", "Concept", id="swarm.concept", show=False, tooltip="Explain service, task or node"),
        Binding("escape", "back", "Back", id="swarm.back", tooltip="Clear the task filter, then back to the dashboard"),
    ]

    class LogsArrived(Message, bubble=False):
        """A service log line or status; the screen's own (the app is not woken for it)."""

        def __init__(self, item: object) -> None:
            super().__init__()
            self.item = item

    def __init__(self, pane: str = "services") -> None:
        super().__init__(classes="swarm")
        self.active_pane = pane if pane in PANES else "services"
        self.grouped = False
        self.task_service: str | None = None  # the tasks pane shows this service's tasks only
        self._shown: dict[str, dict[str, tuple[Text, ...]]] = {p: {} for p in PANES}
        self._rows: dict[str, dict[str, object]] = {p: {} for p in PANES}

    def compose(self) -> ComposeResult:
        yield Label("", id="swarm-title")
        with Vertical(id="swarm-panes"):
            for n, pane in enumerate(PANES, start=5):
                yield Label(Text(f" {n} {pane.title()}", style="bold"), id=f"swarm-label-{pane}", classes="swarm-label")
                table = DataTable(cursor_type="row", id=f"swarm-{pane}", classes="swarm-table")
                for key, label, width in _COLUMNS[pane]:
                    table.add_column(label, key=key, width=width)
                yield table
        yield Footer(compact=True)

    def on_mount(self) -> None:
        swarm = self.app.control.swarm
        swarm.set_visible(True)  # task news is polled only while these panes are on screen
        swarm.signal.subscribe(self, self._on_swarm, immediate=True)
        self.app.control.store.tick_signal.subscribe(self, lambda _: self._on_swarm(swarm.snapshot), immediate=True)
        self._on_swarm(swarm.snapshot)
        self.table(self.active_pane).focus()

    def on_unmount(self) -> None:
        self.app.control.swarm.set_visible(False)

    def table(self, pane: str) -> DataTable:
        return self.query_one(f"#swarm-{pane}", DataTable)

    # Rows

    @unless_closed
    def _on_swarm(self, snap: sw.SwarmSnapshot | None) -> None:
        swarm = self.app.control.swarm
        if snap is None:
            self.query_one("#swarm-title", Label).update(Text("No swarm manager in scope", style="yellow"))
            snap = sw.SwarmSnapshot()
        else:
            host = swarm.manager_host or self.app.control.endpoint.key
            leader = next((n for n in snap.nodes if n.id == snap.node_id), None)
            title = Text(f"Swarm through {host}", style="bold")
            title.append(f"  · manager {leader.hostname if leader else snap.node_id[:12]} · {len(snap.nodes)} nodes · {len(snap.services)} services", style="dim")
            if self.task_service:
                svc = snap.service(self.task_service)
                title.append(f"  · tasks of {svc.name if svc else self.task_service[:12]} (esc: all)", style="italic")
            self.query_one("#swarm-title", Label).update(title)
        with self.app.batch_update():
            self._patch("services", self._service_rows(snap, swarm))
            hosts = {n.id: n.hostname or n.short_id for n in snap.nodes}
            tasks = [t for t in snap.tasks if self.task_service is None or t.service_id == self.task_service]
            tasks.sort(key=lambda t: (t.service_name, t.slot, t.node_id, not t.is_current, -t.since))
            self._patch("tasks", [(t.id, t, task_cells(t, hosts.get(t.node_id, t.node_id[:12]))) for t in tasks])
            self._patch("nodes", [(n.id, n, node_cells(n, swarm.host_label(n.id), swarm.label(n.id))) for n in snap.nodes])
        self.refresh_bindings()

    def _service_rows(self, snap: sw.SwarmSnapshot, swarm) -> list:
        if not self.grouped:
            return [(s.id, s, service_cells(s, swarm.label(s.id))) for s in snap.services]
        rows = []
        for stack, members in sorted(snap.stacks().items()):
            rows.append((f"stack:{stack}", ("stack", stack, members), stack_cells(stack, members, swarm.label(f"stack:{stack}"))))
            rows += [(s.id, s, service_cells(s, swarm.label(s.id))) for s in members]
        rows += [(s.id, s, service_cells(s, swarm.label(s.id))) for s in snap.services if not s.stack]
        return rows

    def _patch(self, pane: str, rows: list) -> None:
        table = self.table(pane)
        shown = self._shown[pane]
        keys = [k for k, _, _ in rows]
        self._rows[pane] = {k: obj for k, obj, _ in rows}
        if keys != list(shown):  # rows came or went: lay out again, the cursor stays on its row
            current = self._cursor_key(pane)
            table.clear()
            shown.clear()
            for key, _, cells in rows:
                table.add_row(*cells, key=key)
                shown[key] = cells
            if current in shown:
                table.move_cursor(row=keys.index(current))
            return
        columns = _COLUMNS[pane]
        for key, _, cells in rows:
            old = shown[key]
            for (col, _, _), before, after in zip(columns, old, cells):
                if before.plain != after.plain or before.style != after.style:
                    table.update_cell(key, col, after)
            shown[key] = cells

    def _cursor_key(self, pane: str) -> str | None:
        table = self.table(pane)
        if not table.row_count:
            return None
        try:
            row_key, _ = table.coordinate_to_cell_key((table.cursor_row, 0))
        except Exception:
            return None
        return row_key.value

    def selected(self, pane: str | None = None):
        pane = pane or self.active_pane
        key = self._cursor_key(pane)
        return self._rows[pane].get(key) if key is not None else None

    def select(self, pane: str, key: str) -> bool:
        """Move the cursor of ``pane`` to row ``key`` (tests, the palette)."""
        if key not in self._shown[pane]:
            return False
        self.table(pane).move_cursor(row=list(self._shown[pane]).index(key))
        return True

    # Focus and keys that apply

    def on_descendant_focus(self, event) -> None:
        for pane in PANES:
            if event.widget is self.table(pane):
                self.active_pane = pane
                for other in PANES:
                    self.query_one(f"#swarm-label-{other}", Label).set_class(other == pane, "-active")
        self.refresh_bindings()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        pane = _PANE_OF.get(action)
        if pane is None:
            return True
        if pane != self.active_pane:
            return False
        capability = _CAPABILITY.get(action)
        if capability is not None and not self.app.control.allowed(capability):
            return False  # read-only: absent
        sel = self.selected()
        if sel is None:
            return None
        if isinstance(sel, tuple):  # a stack row: only remove applies
            return True if action in ("remove", "group") else None
        if capability in ("scale", "rollback"):
            return True if capabilities.swarm_applies(capability, sel) else None
        if action == "scale_down":
            return True if sel.desired > 0 else None
        return True

    # Actions

    def action_dashboard(self, pane: str) -> None:
        self.app.pop_screen()
        screen = self.app.screen
        if hasattr(screen, "action_focus_pane"):
            screen.action_focus_pane(pane)

    def action_focus_pane(self, pane: str) -> None:
        self.table(pane).focus()

    def action_cycle(self, step: int) -> None:
        self.action_focus_pane(PANES[(PANES.index(self.active_pane) + step) % len(PANES)])

    def _service(self) -> sw.Service | None:
        sel = self.selected("services")
        return sel if isinstance(sel, sw.Service) else None

    def action_scale_up(self) -> None:
        if (s := self._service()) is not None:
            self.app.control.swarm.scale(s, s.desired + 1)

    def action_scale_down(self) -> None:
        if (s := self._service()) is not None and s.desired > 0:
            self.app.control.swarm.scale(s, s.desired - 1)

    def action_set_replicas(self) -> None:
        s = self._service()
        if s is None:
            return

        def check(values: dict) -> int:
            text = str(values.get("replicas", "")).strip()
            if not text.isdigit():
                raise ValueError("replicas: a whole number, 0 or more")
            return int(text)

        def done(values: dict | None) -> None:
            if values is not None:
                self.app.control.swarm.scale(s, check(values))

        self.app.push_screen(FormScreen(f"Scale {s.name}", [Field("replicas", "Replicas", value=str(s.desired))], check, verb="Scale"), done)

    def action_restart(self) -> None:
        if (s := self._service()) is not None:
            self.app.control.swarm.restart(s)

    def action_rollback(self) -> None:
        s = self._service()
        if s is None:
            return

        def done(result: ConfirmResult | None) -> None:
            if result and result.confirmed:
                self.app.control.swarm.rollback(s)

        self.app.push_screen(ConfirmScreen(f"Roll back {s.name} to its previous spec?", [f"{s.name}  ({s.image})"], verb="Roll back"), done)

    def action_remove(self) -> None:
        sel = self.selected("services")
        if sel is None:
            return
        swarm = self.app.control.swarm
        if isinstance(sel, tuple):
            _, stack, members = sel

            def parts_read(parts: sw.StackParts) -> None:
                lines = [f"service {n}" for n in parts.services] + [f"network {n}" for n in parts.networks]
                lines += [f"config {n}" for n in parts.configs] + [f"secret {n}" for n in parts.secrets]

                def done(result: ConfirmResult | None) -> None:
                    if result and result.confirmed:
                        swarm.remove_stack(stack, members)

                self.app.push_screen(ConfirmScreen(f"Remove stack {stack} ({parts.count} objects)?", lines), done)

            swarm.stack_parts(stack, members[0] if members else None, parts_read, owner=self)
            return

        def done(result: ConfirmResult | None) -> None:
            if result and result.confirmed:
                swarm.remove_service(sel)

        self.app.push_screen(ConfirmScreen(f"Remove service {sel.name}? ({sel.replicas} tasks)", [f"{sel.name}  ({sel.image})"]), done)

    def action_group(self) -> None:
        self.grouped = not self.grouped
        self._on_swarm(self.app.control.swarm.snapshot)

    def action_tasks(self) -> None:
        s = self._service()
        if s is None:
            return
        self.task_service = None if self.task_service == s.id else s.id
        self._on_swarm(self.app.control.swarm.snapshot)
        self.action_focus_pane("tasks")

    def action_logs(self) -> None:
        if (s := self._service()) is not None:
            self.app.push_screen(ServiceLogsScreen(s))

    def action_availability(self, availability: str) -> None:
        node = self.selected("nodes")
        if isinstance(node, sw.Node) and self.active_pane == "nodes":
            self.app.control.swarm.set_availability(node, availability)

    def action_drain(self) -> None:
        node = self.selected("nodes")
        if not isinstance(node, sw.Node):
            return
        snap = self.app.control.swarm.snapshot
        moving = snap.tasks_on(node.id) if snap is not None else []

        def done(result: ConfirmResult | None) -> None:
            if result and result.confirmed:
                self.app.control.swarm.set_availability(node, "drain")

        self.app.push_screen(ConfirmScreen(f"Drain {node.name}? {len(moving)} task(s) will move to other nodes", [t.name for t in moving] or ["(no tasks run there)"], verb="Drain"), done)

    def action_open(self) -> None:
        sel = self.selected()
        if self.active_pane == "services":
            if isinstance(sel, sw.Service):
                self.action_tasks()
            elif isinstance(sel, tuple):
                self.action_group()
        elif self.active_pane == "tasks" and isinstance(sel, sw.Task):
            self.app.control.swarm.open_task(sel)
        elif isinstance(sel, sw.Node):
            self.action_inspect()

    def action_inspect(self) -> None:
        sel = self.selected()
        if sel is not None and not isinstance(sel, tuple):
            self.app.control.swarm.inspect(self.active_pane, sel)

    def action_map(self) -> None:
        """The relationship map of the service under the cursor (elsewhere: every service)."""
        service = self._service() if self.active_pane == "services" else None
        if service is not None:
            self.app.control.nav.open_learn("map", "services", service)
        elif self.app.control.swarm.snapshot is not None:
            self.app.control.nav.open_learn("map", "swarm", self.app.control.swarm.snapshot)

    def action_concept(self) -> None:
        sel = self.selected()
        concept = {"services": "service", "tasks": "task", "nodes": "node"}[self.active_pane]
        self.app.control.nav.open_learn("concept", None, None if isinstance(sel, tuple) else sel, concept=concept)

    def action_back(self) -> None:
        if self.task_service is not None:
            self.task_service = None
            self._on_swarm(self.app.control.swarm.snapshot)
            return
        self.app.pop_screen()


class ServiceLogsScreen(Screen):
    """``docker service logs -f``: every task on every node, through the manager, by time."""

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="swarm_logs.back", tooltip="Back to the Swarm panes")]

    def __init__(self, service: sw.Service) -> None:
        super().__init__(classes="swarm-logs")
        self.service = service
        self.pump = None
        self.lines = 0

    def compose(self) -> ComposeResult:
        yield Label(Text(f"Logs of service {self.service.name} — every task on every node, by time", style="bold"), id="swarm-logs-title")
        yield PlainLog(id="swarm-log", max_lines=10_000, auto_scroll=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.pump = self.app.control.swarm.follow_logs(self.service, lambda item: self.post_message(SwarmScreen.LogsArrived(item)))

    def on_unmount(self) -> None:
        if self.pump is not None:
            self.pump.close()

    @on(SwarmScreen.LogsArrived)
    def _arrived(self, message: SwarmScreen.LogsArrived) -> None:
        item = message.item
        lines = getattr(item, "lines", None)
        log = self.query_one(PlainLog)
        if lines is not None:
            log.write_lines([f"{(ln.ts or '')[:23]} {clean(ln.text)}" for ln in lines])
            self.lines += len(lines)
            if getattr(item, "dropped", 0):
                log.write_line(f"… {item.dropped} lines dropped")
            if self.pump is not None:
                self.pump.ack()
        elif type(item).__name__ == "LogStatus" and getattr(item, "state", "") in ("error", "gone"):
            log.write_line(f"[{item.state}] {clean(getattr(item, 'message', ''))}")
