"""The Hosts view: every docker context and every configured host, probed; enter switches.

| key   | action                                         |
|-------|------------------------------------------------|
| enter | switch the dashboard to this host              |
| r     | probe every host again                         |
| d     | fleet: stop following this host                |
| esc q | back to the dashboard                          |

The list is read again every few seconds (contexts from contexts/meta, live), and each
new row is probed once (engine probe() through app.control.hosts). Rows are patched by key.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Label

from ..widgets.footer import Footer
from ..domain.hosts import HostProbe, HostTarget
from .mounted import unless_closed

RELIST_SECONDS = 2.0
COLUMNS = (
    ("cur", " ", 1),
    ("name", "NAME", 16),
    ("source", "SOURCE", 7),
    ("transport", "TRANSPORT", 13),
    ("state", "STATE", 12),
    ("engine", "ENGINE", 9),
    ("api", "API", 5),
    ("ping", "PING", 8),
    ("containers", "RUN/ALL", 8),
    ("group", "GROUP", 8),
    ("ro", "RO", 2),
    ("detail", "ADDRESS / LAST ERROR", 40),
)


def row_cells(target: HostTarget, found: HostProbe | None, current: bool, connection: str) -> tuple[Text, ...]:
    """What one row shows; ``found`` is None while the first probe runs."""
    if found is None:
        state = Text("probing…", style="dim italic")
    elif found.ok:
        state = Text("● " + (connection if current else "reachable"), style="green" if (not current or connection == "live") else "yellow")
    else:
        state = Text("✕ error", style="red")
    if target.error:
        state = Text("✕ unusable", style="red")
    detail = found.error if found is not None and found.error else (target.error or target.address)
    return (
        Text("▶" if current else " ", style="bold"),
        Text(target.key, style=f"bold {target.colour}" if target.colour else "bold"),
        Text(target.source),
        Text((found.transport if found is not None and found.ok else "") or target.transport),
        state,
        Text(found.engine_version if found else ""),
        Text(found.api_version if found else ""),
        Text(f"{found.ping_ms:.0f} ms" if found is not None and found.ping_ms is not None else "", justify="right"),
        Text(f"{found.running}/{found.total}" if found is not None and found.total is not None else "", justify="right"),
        Text(target.group),
        Text("RO" if target.readonly else "", style="bold red"),
        Text(detail, style="red" if (found is not None and found.error) or target.error else "dim"),
    )


class HostsScreen(Screen):
    BINDINGS = [
        Binding("enter", "switch", "Switch", id="hosts.switch", tooltip="Show this host on the dashboard"),
        Binding("r", "probe_all", "Probe again", id="hosts.probe", tooltip="Probe every host again"),
        Binding("d", "remove", "Remove from fleet", id="hosts.remove", tooltip="Fleet: stop following this host"),
        Binding("escape,q,H", "app.pop_screen", "Back", id="hosts.close", tooltip="Back to the dashboard"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="hosts")
        self.targets: dict[str, HostTarget] = {}
        self.probes: dict[str, HostProbe | None] = {}
        self._shown: dict[str, tuple[Text, ...]] = {}

    def compose(self) -> ComposeResult:
        yield Label(Text("Hosts — docker contexts and [[hosts]] of config.toml · enter switches · r probes again", style="bold"), id="hosts-title")
        table = DataTable(cursor_type="row", id="hosts-table")
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        yield table
        yield Label("", id="hosts-problems")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        problems = self.app.control.hosts.problems
        if problems:
            self.query_one("#hosts-problems", Label).update(Text("config.toml: " + "; ".join(problems), style="yellow"))
        self.relist()
        self.set_interval(RELIST_SECONDS, self.relist)
        self.app.control.store.state_signal.subscribe(self, lambda state: self._patch_rows(), immediate=True)

    def relist(self) -> None:
        self.app.control.hosts.list(self._listed, owner=self)

    @unless_closed
    def _listed(self, targets: tuple[HostTarget, ...]) -> None:
        fresh = {t.key + "\x00" + t.source: t for t in targets}
        for key in list(self.targets):
            if key not in fresh:
                del self.targets[key]
                self.probes.pop(key, None)
        for key, target in fresh.items():
            known = self.targets.get(key)
            self.targets[key] = target
            if known != target:
                self._probe(key)
        self._patch_rows()

    def _probe(self, key: str) -> None:
        self.probes[key] = None
        self.app.control.hosts.probe(self.targets[key], lambda found, key=key: self._probed(key, found), owner=self)

    @unless_closed
    def _probed(self, key: str, found: HostProbe) -> None:
        if key in self.targets:
            self.probes[key] = found
            self._patch_rows()

    def action_probe_all(self) -> None:
        for key in self.targets:
            self._probe(key)
        self._patch_rows()

    def _patch_rows(self) -> None:
        """Patch the table by key: rows gone, rows changed, rows new (in list order)."""
        if not self.is_mounted:
            return
        table = self.query_one(DataTable)
        hosts = self.app.control.hosts
        connection = self.app.control.store.state.connection
        for key in [k for k in self._shown if k not in self.targets]:
            table.remove_row(key)
            del self._shown[key]
        for key, target in self.targets.items():
            cells = row_cells(target, self.probes.get(key), hosts.is_current(target), connection)
            old = self._shown.get(key)
            if old is None:
                table.add_row(*cells, key=key)
            else:
                for (col, _, _), before, after in zip(COLUMNS, old, cells):
                    if before.plain != after.plain or before.style != after.style:
                        table.update_cell(key, col, after)
            self._shown[key] = cells

    @property
    def selected(self) -> HostTarget | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key((table.cursor_row, 0))
        return self.targets.get(row_key.value)

    def select(self, name: str) -> bool:
        """Move the cursor to the host called ``name`` (tests, the palette)."""
        table = self.query_one(DataTable)
        for key, target in self.targets.items():
            if target.key == name:
                table.move_cursor(row=table.get_row_index(key))
                return True
        return False

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_switch()

    def action_remove(self) -> None:
        target = self.selected
        if target is not None and self.app.control.hosts.remove_from_fleet(target):
            self._patch_rows()

    def action_switch(self) -> None:
        target = self.selected
        if target is None:
            return
        if self.app.control.fleet is None and self.app.control.hosts.is_current(target):
            self.app.pop_screen()
            return
        if self.app.control.hosts.switch(target):
            self.app.pop_screen()
