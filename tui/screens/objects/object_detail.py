"""What the image, network and volume detail screens share: a title, a key/value
block, a table, live refresh from the state signal, and back on escape."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from ...widgets.footer import Footer
from ...domain.state import State


def cell(value: str, style: str = "", right: bool = False) -> Text:
    return Text(value, style=style, no_wrap=True, overflow="ellipsis", justify="right" if right else "left")


def facts(rows: list[tuple[str, str]]) -> Text:
    """An aligned key/value block from plain strings (never markup)."""
    width = max((len(k) for k, _ in rows), default=0)
    text = Text()
    for key, value in rows:
        text.append(f"{key:<{width}}  ", style="bold")
        text.append(f"{value}\n")
    return text


class ObjectDetailScreen(Screen):
    KIND = ""  # images, networks, volumes
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="detail.back"),
        Binding("i", "inspect", "Inspect", id="detail.inspect", tooltip="The full inspect document"),
    ]

    def __init__(self, obj: Any) -> None:
        super().__init__(classes=f"object-detail {self.KIND}-detail")
        self.obj = obj
        self.gone = False

    def compose(self) -> ComposeResult:
        yield Label(self.title_text(), classes="screen-title", id="detail-title")
        with VerticalScroll(id="detail-body"):
            yield Static(id="detail-facts")
            for key, title in self.sections():
                yield Label(Text(title, style="bold"), classes="detail-section", id=f"section-{key}")
                yield DataTable(id=f"detail-{key}", cursor_type="row", classes="detail-table")
        yield Footer()

    def sections(self) -> list[tuple[str, str]]:
        return []

    def title_text(self) -> Text:
        return Text(f"{self.KIND[:-1].title()} {getattr(self.obj, 'name', self.obj.id)}", style="bold")

    def on_mount(self) -> None:
        self.setup_tables()
        self.app.control.store.state_signal.subscribe(self, self._on_state)
        self._on_state(self.app.control.store.state)

    def setup_tables(self) -> None:
        pass

    def _on_state(self, state: State) -> None:
        current = getattr(state, self.KIND).get(self.obj.id)
        if current is None:
            if state.synced and not self.gone:
                self.gone = True
                self.query_one("#detail-title", Label).update(self.title_text().append("  (removed)", style="red"))
        else:
            self.obj = current
        self.show(state)

    def show(self, state: State) -> None:
        raise NotImplementedError

    def table(self, key: str) -> DataTable:
        return self.query_one(f"#detail-{key}", DataTable)

    def fill(self, key: str, rows: list[tuple[str, tuple]]) -> None:
        """Replace a table's rows, keeping the cursor on the same key where possible."""
        table = self.table(key)
        try:
            keep = table.coordinate_to_cell_key((table.cursor_row, 0))[0].value if table.row_count else None
        except Exception:
            keep = None
        table.clear()
        for row_key, cells in rows:
            table.add_row(*cells, key=row_key)
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(keep))
            except Exception:
                pass

    def action_inspect(self) -> None:
        self.app.control.nav.open_inspect(self.KIND, self.obj)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in self.MUTATING and self.app.control.readonly:
            return False
        return True

    MUTATING: frozenset[str] = frozenset()
