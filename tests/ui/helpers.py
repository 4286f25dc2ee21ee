"""Small helpers for the dashboard pilot tests."""

from __future__ import annotations

from tui.screens.dashboard import DashboardScreen


def dash(app) -> DashboardScreen:
    for screen in app.screen_stack:
        if isinstance(screen, DashboardScreen):
            return screen
    raise AssertionError("no dashboard screen")


def pane(app, kind: str = "containers"):
    return dash(app).pane(kind)


def cell(app, key: str, column: str, kind: str = "containers") -> str:
    """What the row shows in one column ('' when the row is absent)."""
    p = pane(app, kind)
    cells = p._cells.get(key)
    if cells is None:
        return ""
    index = 1 + [c.key for c in p.columns].index(column)
    return cells[index].plain


def shown(app, key: str, kind: str = "containers") -> bool:
    return key in pane(app, kind)._cells


def table_text(app, key: str, column: str, kind: str = "containers") -> str:
    """The cell as the DataTable holds it (proves the patch reached the widget)."""
    table = pane(app, kind).table
    return str(table.get_cell(key, column))
