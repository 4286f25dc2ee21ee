"""The Health tab follows the health log live (issue 15, item 7)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from tests.ui.helpers import pane, shown
from tui.screens.detail import ContainerDetailScreen

pytestmark = pytest.mark.daemon


def newest_probe(app) -> str:
    table = app.screen.query_one("#health-table", DataTable)
    if not table.row_count:
        return ""
    return str(table.get_row_at(0)[0])


async def test_health_tab_shows_new_probes_as_they_run(make_app, bed, until):
    cid = bed.run("probed", healthcheck={"test": ["CMD-SHELL", "echo probe-ok"], "interval": 1_000_000_000, "timeout": 2_000_000_000})
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid) and app.state.containers[cid].health == "healthy", timeout=20, what="healthy")
        p = pane(app)
        p.select_key(cid)
        await until(pilot, lambda: p.selected_key == cid)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ContainerDetailScreen) and app.screen.is_mounted, what="detail")
        app.screen.query_one("TabbedContent").active = "tab-health"
        await until(pilot, lambda: newest_probe(app), what="a probe in the table")
        first = newest_probe(app)
        await until(pilot, lambda: newest_probe(app) not in ("", first), timeout=15, what="a newer probe shown without leaving the tab")
        second = newest_probe(app)
        await until(pilot, lambda: newest_probe(app) not in ("", second), timeout=15, what="and another")
