"""A click on a pane's column header sorts by that column; a second click reverses it (as `o`
and `O` do from the keyboard; lazydocker and k9s users click headers too)."""

from __future__ import annotations

from tests.ui.fake_daemon import FakeSession
from tests.ui.helpers import pane
from tests.ui.test_fast_tier import fake_app, ready


def _header_x(table, key: str) -> int:
    x = 0
    for column in table.ordered_columns:
        if column.key.value == key:
            return x + 1
        x += column.get_render_width(table)
    raise AssertionError(f"no column {key}")


def _header_label(table, key: str) -> str:
    return next(c.label.plain for c in table.ordered_columns if c.key.value == key)


async def test_a_header_click_sorts_by_its_column_and_a_second_reverses():
    app = fake_app(FakeSession)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        p = pane(app)
        p.show_stopped = True
        await pilot.pause()
        table = p.table
        names = lambda: [app.state.containers[k].name for k in p._order()]  # noqa: E731
        assert len(names()) >= 3
        screens = len(app.screen_stack)

        await pilot.click(table, offset=(_header_x(table, "name"), 0))
        await pilot.pause()
        assert (p.sort_column, p.sort_reverse) == ("name", False)
        assert names() == sorted(names(), key=str.lower) or names() == sorted(names())
        assert _header_label(table, "name").endswith("▲")
        assert table.row_count and app.screen.focused is table
        assert len(app.screen_stack) == screens  # the click opened nothing

        await pilot.click(table, offset=(_header_x(table, "name"), 0))
        await pilot.pause()
        assert (p.sort_column, p.sort_reverse) == ("name", True)
        assert _header_label(table, "name").endswith("▼")
        assert names()[0] >= names()[-1]

        await pilot.click(table, offset=(0, 0))  # the marks' column: nothing to sort by
        await pilot.pause()
        assert (p.sort_column, p.sort_reverse) == ("name", True)
