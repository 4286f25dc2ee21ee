"""Layout at 120x36 and 80x24, pane keys, row movement and the mouse, on the real daemon."""

from __future__ import annotations

import pytest

from tests.ui.helpers import dash, pane, shown

pytestmark = pytest.mark.daemon
LOWER = ("images", "networks", "volumes")


def visible(app, kind: str) -> bool:
    p = pane(app, kind)
    return bool(p.display) and p.region.width > 20 and p.region.height > 3


async def test_four_panes_side_by_side_at_120x36(make_app, bed, until):
    bed.run("wide")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced)
        await pilot.pause()
        assert all(visible(app, k) for k in ("containers", *LOWER))
        assert not dash(app).query_one("#lower-tabs").display or not dash(app).has_class("-narrow")
        # every container column fits at this width (the optional CPU trend takes only what is left)
        assert {c.key for c in pane(app).columns if not c.optional} <= set(pane(app)._widths)


async def test_80x24_keeps_containers_large_and_tabs_the_rest(make_app, bed, until):
    bed.run("narrow")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.state.synced)
        await pilot.pause()
        screen = dash(app)
        assert screen.has_class("-narrow")
        assert visible(app, "containers") and visible(app, "images")
        assert not visible(app, "networks") and not visible(app, "volumes")
        assert pane(app).region.height > pane(app, "images").region.height
        for key, kind in (("3", "networks"), ("4", "volumes"), ("2", "images")):
            await pilot.press(key)
            await until(pilot, lambda: screen.active_pane == kind and visible(app, kind), what=f"{kind} shown")
            assert [k for k in LOWER if visible(app, k)] == [kind]
        await pilot.press("1")
        await until(pilot, lambda: screen.active_pane == "containers")
        assert visible(app, "images")
        # narrow: the least important columns step aside, the name and state stay
        assert {"name", "state", "cpu"} <= set(pane(app)._widths) < {c.key for c in pane(app).columns}


async def test_tab_cycles_panes_and_jk_move_the_cursor(make_app, bed, until):
    for s in ("a", "b", "c"):
        bed.run(s, start=False)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and pane(app).table.row_count >= 3)
        screen = dash(app)
        for expected in ["images", "networks", "volumes", "containers"]:
            await pilot.press("tab")
            await until(pilot, lambda: screen.active_pane == expected, what=f"tab to {expected}")
        await pilot.press("shift+tab")
        await until(pilot, lambda: screen.active_pane == "volumes")
        await pilot.press("1")
        await until(pilot, lambda: screen.active_pane == "containers")
        table = pane(app).table
        table.move_cursor(row=0)
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("down")
        assert table.cursor_row == 2
        await pilot.press("up")
        assert table.cursor_row == 1


async def test_click_selects_a_row_and_focuses_its_pane(make_app, bed, until):
    nets = [bed.network(s) for s in ("n1", "n2")]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and all(shown(app, n, "networks") for n in nets))
        await pilot.pause()
        p = pane(app, "networks")
        target = p._order()[1]
        # row 1 of the table body: below the title row and the column header
        await pilot.click(p.table, offset=(5, 2))
        await until(pilot, lambda: dash(app).active_pane == "networks", what="click focuses the pane")
        assert p.selected_key == target
        await pilot.pause(0.3)
        # one click selects, it does not open (DataTable's handler ran twice per click: the
        # second saw the cursor on the row and selected it)
        assert app.screen is dash(app), type(app.screen).__name__
