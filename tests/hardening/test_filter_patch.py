"""Filters at scale (issue 17, item 8): a filter change patches the rows, never rebuilds.

At 2,000 containers a filter change used to re-render every row (and measure every new
cell): 0.46-0.75 s per key. Speed is measured in bench/filter_scale.py; here the
behaviour that makes it fast, without a clock: rows that stay are not re-rendered (their
cells are the same objects), rows shown again reuse the cells they had, a row whose
container changed while hidden is rendered anew, and the cursor stays on its row.

The pane is fed a State of synthetic containers (pure UI logic, as the reducer hands it
over), so 2,000 rows need no 2,000 real containers.
"""

from __future__ import annotations

import dataclasses
import re

from bench.filter_scale import Bench, containers
from tui.domain.state import State
from tui.widgets.object_pane import ObjectPane
from tui.widgets.colours import state_variables

ROWS = 2000


async def _pane(pilot, app) -> ObjectPane:
    pane = app.query_one(ObjectPane)
    pane.set_colours(state_variables(app.get_css_variables()))
    pane.sync(State(containers=containers(ROWS), synced=True))
    for _ in range(500):
        if not pane._backlog:
            break
        await pilot.pause(0.01)
    await pilot.pause()
    return pane


def _count_renders(pane: ObjectPane) -> list[str]:
    rendered: list[str] = []
    original = pane._row_cells

    def counting(key, obj, ctx):
        rendered.append(key)
        return original(key, obj, ctx)

    pane._row_cells = counting
    return rendered


def _visible(pane: ObjectPane) -> list[str]:
    return [r.key.value for r in pane.table.ordered_rows]


def _painted(app) -> list[str]:
    """Container names on the rendered screen (what a user sees, not the table's model)."""
    return re.findall(r"\b(?:web|db|cache|worker|api|queue|auth|search)-\d{4}\b", app.export_screenshot())


async def test_filter_changes_patch_rows_and_keep_the_cursor():
    app = Bench()
    async with app.run_test(size=(160, 50)) as pilot:
        pane = await _pane(pilot, app)
        assert len(pane._cells) == ROWS
        web = [k for k, c in pane._objects.items() if c.name.startswith("web-1")]
        keep = sorted(web, key=lambda k: pane._objects[k].name)[3]
        assert pane.select_key(keep)
        before = {k: pane._cells[k] for k in web}
        rendered = _count_renders(pane)
        clears = []
        original_clear = pane.table.clear
        pane.table.clear = lambda *a, **kw: (clears.append(1), original_clear(*a, **kw))[1]

        # Narrowing letter by letter: no row is re-rendered, the cursor stays.
        for text in ("w", "we", "web", "web-1"):
            pane.set_filter(text)
            await pilot.pause()
            assert pane.selected_key == keep, text
        assert rendered == []
        assert set(_visible(pane)) == set(web)
        assert all(pane._cells[k] is before[k] for k in web)  # the same cell objects: patched, not rebuilt
        painted = _painted(app)
        assert len(painted) > 20 and all(n.startswith("web-1") for n in painted), painted
        assert pane._objects[keep].name in painted

        # Widening by backspace and clearing: hidden rows come back with their kept cells.
        for text in ("web-", "web", "we", "w", ""):
            pane.set_filter(text)
            await pilot.pause()
            assert pane.selected_key == keep, text
        assert rendered == []
        assert len(_visible(pane)) == ROWS
        assert sorted(_visible(pane)) == sorted(pane._objects)
        assert pane._objects[keep].name in _painted(app) and len(_painted(app)) > 20
        assert pane.table.virtual_size.height == ROWS + 1  # rows + header: all of them scroll

        # A narrow filter then clearing at once: bulk hide, bulk show, the cursor stays.
        pane.set_filter(pane._objects[keep].name)
        await pilot.pause()
        pane.set_filter("")
        await pilot.pause()
        assert pane.selected_key == keep
        assert rendered == []

        # A container that changed while hidden is rendered anew when shown again.
        pane.set_filter("web-1")
        await pilot.pause()
        hidden = next(k for k, c in pane._objects.items() if c.name.startswith("db-"))
        changed = dataclasses.replace(pane._objects[hidden], state="exited", status="Exited (1) 1 second ago")
        objects = dict(pane._state.containers)
        objects[hidden] = changed
        pane.sync(dataclasses.replace(pane._state, containers=objects))
        await pilot.pause()
        rendered.clear()
        pane.set_filter("")
        await pilot.pause()
        assert rendered == [hidden]
        assert "Exited (1)" in " ".join(c.plain for c in pane._cells[hidden])
        assert pane.selected_key == keep

        # A container removed while hidden leaves nothing behind in the kept cells.
        pane.set_filter("web-1")
        await pilot.pause()
        gone = next(k for k, c in pane._objects.items() if c.name.startswith("db-"))
        objects = dict(pane._state.containers)
        del objects[gone]
        pane.sync(dataclasses.replace(pane._state, containers=objects))
        assert len(pane._hidden) <= len(objects) - len(pane._cells)
        pane.set_filter("")
        await pilot.pause()
        assert gone not in pane._cells and len(pane._cells) == ROWS - 1
