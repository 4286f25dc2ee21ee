"""The containers pane's CPU trend (issue 15 item 8: "sparklines in the containers pane"):
a sparkline of the last samples from the store's bounded stats history, only for rows the
sampler reads, drawn from what it read anyway (no request of its own)."""

from __future__ import annotations

import pytest

from tests.ui.helpers import cell, pane, shown
from tui.domain.config_schema import Settings, UiSettings
from tui.keymap import Config
from tui.widgets.columns import TREND
from tui.widgets.stats_graphs import BLOCKS, bars

pytestmark = pytest.mark.daemon


async def test_cpu_trend_column_from_the_stats_history(make_app, bed, until):
    busy = bed.run("busy", ["sh", "-c", "while :; do :; done"])
    idle = bed.run("idle")
    stopped = bed.run("stopped", start=False)
    app = make_app(stats_interval=0.5, config=Config(settings=Settings(ui=UiSettings(preview=False))))
    async with app.run_test(size=(160, 45)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, busy) and shown(app, idle), what="rows")
        p = pane(app)
        if not p.show_stopped:
            await pilot.press("e")
        await until(pilot, lambda: shown(app, stopped), what="the stopped row")
        store = app.control.store
        await until(pilot, lambda: len(store.stats_history(busy)) >= 4, timeout=30, what="samples of the busy row")
        await until(pilot, lambda: "trend" in p._widths, timeout=10, what="the CPU TREND column")
        await until(pilot, lambda: cell(app, busy, "trend").strip(), what="the busy row's sparkline")
        spark = cell(app, busy, "trend")
        assert len(spark) == TREND and set(spark) <= set(BLOCKS)

        def expected(cid: str) -> str:
            # exactly what the store kept: its last TREND samples, newest on the right,
            # scaled to their peak (at least 5 % of a core)
            values = [s.cpu_percent for s in store.stats_recent(cid, TREND)]
            known = [v for v in values if v is not None]
            return bars(values, TREND, 1, top=max(5.0, max(known)))[0] if known else " " * TREND

        await until(pilot, lambda: cell(app, busy, "trend") == expected(busy) and cell(app, idle, "trend") == expected(idle), timeout=10, what="cells follow the history")
        assert [s.at for s in store.stats_recent(busy, TREND)] == [s.at for s in store.stats_history(busy)[-TREND:]]
        # rows the sampler does not read stay blank
        assert cell(app, stopped, "trend").strip() == ""
        assert store.stats_recent(stopped, TREND) == []
        header = [str(c.label) for c in p.table.columns.values()]
        assert any("CPU TREND" in h for h in header)

        # narrow: the trend is one of the first columns to go
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: "trend" not in p._widths and "name" in p._widths, what="trend dropped at 80 columns")
        bed.client.stop(busy, timeout=1)


def test_trend_column_hidden_until_a_row_has_samples():
    from tui.widgets.columns import CONTAINER_COLUMNS, fit

    content = {c.key: len(c.label) for c in CONTAINER_COLUMNS if not c.optional}
    assert "trend" not in fit(CONTAINER_COLUMNS, 300, content)
    assert "trend" in fit(CONTAINER_COLUMNS, 300, {**content, "trend": TREND})


def test_trend_never_displaces_a_column_or_narrows_names():
    from tui.widgets.columns import CONTAINER_COLUMNS, fit

    content = {c.key: len(c.label) for c in CONTAINER_COLUMNS} | {"image": 28, "ports": 20, "trend": TREND}
    narrow = fit(CONTAINER_COLUMNS, 71, content)  # 80 columns: some columns are left out
    assert "trend" not in narrow
    wide = fit(CONTAINER_COLUMNS, 151, content)
    assert "trend" in wide and wide["image"] == 28 and wide["ports"] == 20
    without = fit(CONTAINER_COLUMNS, 111, {k: v for k, v in content.items() if k != "trend"})
    assert {k: v for k, v in fit(CONTAINER_COLUMNS, 111, content).items() if k != "trend"} == without


async def test_preview_sparklines_start_from_the_history(make_app, bed, until):
    """The preview's sparklines show what the dashboard sampled before the cursor came
    (found in tmux: one bar after minutes of sampling), and idle CPU is not a full bar."""
    from tui.widgets.preview import PreviewPane

    first = bed.run("first")
    second = bed.run("second")
    app = make_app(stats_interval=0.5, config=Config(settings=Settings(ui=UiSettings(preview=True))))
    async with app.run_test(size=(160, 45)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, first) and shown(app, second), what="rows")
        p = pane(app)
        store = app.control.store
        p.select_key(first)
        await until(pilot, lambda: len(store.stats_history(second)) >= 4, timeout=30, what="samples of the second row")
        preview = app.screen.query_one(PreviewPane)
        p.select_key(second)
        await pilot.pause()
        await until(pilot, lambda: preview.key == second, what="the preview on the second row")
        assert len(preview._points) >= 3  # at once, from the store
        sparks = str(preview.query_one("#preview-sparks").render())
        cpu_line = next(line for line in sparks.splitlines() if line.startswith("CPU"))
        assert "█" not in cpu_line  # sleeping: far below the 5 % floor of the scale
