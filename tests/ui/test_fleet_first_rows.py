"""A fleet's large first listing (fast tier, replayed from the recording of the real daemon):
the first rows of EVERY host go into the merged table at once, not only the first 120 rows
of the order (the rows of the hosts sorted last waited behind the others' chunks and the
paints between them); the chunks that follow are sorted into place, and the table ends in
the natural order."""

from __future__ import annotations

from tests.ui.fake_daemon import FROZEN_NOW, FakeSession
from tests.ui.helpers import pane
from tui.app import DockyardApp
from tui.engine.endpoint import Endpoint
from tui.keymap import Config
from tui.widgets import object_pane
from tui.widgets.object_pane import ObjectPane

HOSTS = ("alpha", "bravo", "charlie")


def natural(p, keys) -> list[str]:
    objs = p._objects
    return sorted(keys, key=lambda k: (objs[k].host, objs[k].state not in ("running", "paused"), objs[k].name.lower()))


async def test_each_host_has_its_first_rows_in_the_first_sync_and_the_chunks_sort_in(monkeypatch):
    # the recording's 7 containers on each of 3 hosts: 21 rows, scaled-down bounds
    monkeypatch.setattr(object_pane, "FIRST_ROWS", 4)
    monkeypatch.setattr(object_pane, "HOST_HEAD", 2)
    monkeypatch.setattr(object_pane, "FILL_CHUNK", 5)
    seen: list[tuple[list[str], int]] = []  # (table order, backlog left) before each chunk
    fill = ObjectPane._fill

    def spy(self):
        if self.kind == "containers":
            seen.append(([r.key.value for r in self.table.ordered_rows], len(self._backlog)))
        fill(self)

    monkeypatch.setattr(ObjectPane, "_fill", spy)
    fleet = [(n, Endpoint(f"ssh://{n}", "flag", name=n)) for n in HOSTS]
    app = DockyardApp(fleet[0][1], config=Config(), clock=lambda: FROZEN_NOW, session_factory=FakeSession, fleet=fleet)
    async with app.run_test(size=(120, 36)) as pilot:
        p = pane(app)
        for _ in range(200):
            if p.table.row_count == 21 and not p._backlog:
                break
            await pilot.pause(0.02)
        assert p.table.row_count == 21 and not p._backlog
        assert seen, "the first listing was not split (all three hosts' rows must come in one batch)"
        first, left = seen[0]
        assert left > 0 and len(first) == 4 + 2 + 2  # the order's first 4 (alpha), then 2 of each other host
        assert {p._objects[k].host for k in first} == set(HOSTS)
        for order, _ in seen:
            assert order == natural(p, order)  # each chunk went into place, not at the end
        assert [r.key.value for r in p.table.ordered_rows] == natural(p, p._cells)


class LateAlpha(FakeSession):
    """``alpha`` (sorted first) answers only when the test lets it: its rows sort in above
    the rows already shown."""

    gate = None  # a threading.Event per test

    def start(self) -> None:
        if self.endpoint.name != "alpha":
            return super().start()
        import threading

        def later() -> None:
            self.gate.wait(10)
            super(LateAlpha, self).start()

        threading.Thread(target=later, daemon=True).start()


async def _late_fleet(move_first: bool, check) -> None:
    import threading

    LateAlpha.gate = threading.Event()
    fleet = [(n, Endpoint(f"ssh://{n}", "flag", name=n)) for n in HOSTS]
    app = DockyardApp(fleet[0][1], config=Config(), clock=lambda: FROZEN_NOW, session_factory=LateAlpha, fleet=fleet)
    async with app.run_test(size=(120, 36)) as pilot:
        p = pane(app)
        for _ in range(200):
            if p.table.row_count == 14:
                break
            await pilot.pause(0.02)
        assert p.table.row_count == 14 and p.table.cursor_row == 0 and app.control.fleet.listing()
        if move_first:
            p.table.focus()
            await pilot.press("down")
        before = p.selected_key
        LateAlpha.gate.set()
        for _ in range(200):
            if p.table.row_count == 21:
                break
            await pilot.pause(0.02)
        await pilot.pause(0.1)
        assert not app.control.fleet.listing()
        check(p, [r.key.value for r in p.table.ordered_rows][0], before)


async def test_the_cursor_stays_on_the_top_row_while_the_fleets_hosts_are_listing():
    """Untouched, the cursor is on the top row when a later host's rows sort in above it."""

    def check(p, first, _):
        assert p._objects[first].host == "alpha"
        assert p.table.cursor_row == 0 and p.selected_key == first

    await _late_fleet(False, check)


async def test_a_cursor_the_user_moved_stays_on_its_object_as_rows_sort_in():
    def check(p, first, before):
        assert p._objects[before].host == "bravo"
        assert p.selected_key == before and p.table.cursor_row > 1

    await _late_fleet(True, check)


async def test_the_host_column_is_as_wide_as_its_header_with_short_host_names():
    """Hosts named in three letters: the HOST header is whole ("HOS" before: the column added
    after the pane mounted was fitted to its cells only), every kind's pane alike."""
    fleet = [(n, Endpoint(f"ssh://{n}", "flag", name=n)) for n in ("bed", "pod")]
    app = DockyardApp(fleet[0][1], config=Config(), clock=lambda: FROZEN_NOW, session_factory=FakeSession, fleet=fleet)
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(200):
            if pane(app).table.row_count and not pane(app)._backlog:
                break
            await pilot.pause(0.02)
        await pilot.pause(0.1)
        for kind in ("containers", "images", "networks"):
            p = pane(app, kind)
            header = p.table.render_line(0).text
            assert "HOST" in header, (kind, header)
            assert p._widths["host"] >= 4, (kind, p._widths)
