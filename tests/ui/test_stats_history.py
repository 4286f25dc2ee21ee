"""Stats history: the store keeps a bounded per-container history of what was sampled, and
the Stats tab shows it at once (issue 15, item 8)."""

from __future__ import annotations

import pytest

from tests.ui.helpers import pane, shown
from tui.control.store import STATS_HISTORY_SECONDS
from tui.screens.detail import ContainerDetailScreen
from tui.widgets.stats_graphs import StatsGraphs

pytestmark = pytest.mark.daemon


async def test_stats_tab_starts_with_what_the_dashboard_sampled(make_app, bed, until):
    cid = bed.run("sampled")
    app = make_app(stats_interval=0.5)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), what="the row")
        store = app.control.store
        await until(pilot, lambda: len(store.stats_history(cid)) >= 6, timeout=30, what="six samples on the dashboard")
        kept = len(store.stats_history(cid))
        assert store._history_len * 0.5 >= STATS_HISTORY_SECONDS  # 15 minutes at this interval
        p = pane(app)
        p.select_key(cid)
        await until(pilot, lambda: p.selected_key == cid)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ContainerDetailScreen) and app.screen.is_mounted, what="detail")
        graphs = app.screen.query_one(StatsGraphs)
        assert len(graphs.points) >= kept  # at once, before a new sample arrives
        assert not app.screen.query_one("#stats-waiting").display


def test_history_is_bounded():

    from tui.control.store import Store
    from tui.domain.models import StatsSample


    store = Store.__new__(Store)
    store._history_len = 10
    store._stats_history = {}
    store._record_stats([StatsSample("c", at=float(i)) for i in range(25)])
    store._record_stats([StatsSample("c", at=3.0)])  # an old sample is not appended
    assert [s.at for s in store.stats_history("c")] == [float(i) for i in range(15, 25)]
