"""A removed container's last, transient STATUS ("Exited (137) 0 sec ago" between its kill
and its destroy) must not keep the column that wide: the columns it pushed off the pane
come back once the row is gone (fast tier, the recording of the real daemon)."""

from __future__ import annotations

from dataclasses import replace

from tests.ui.helpers import pane
from tests.ui.test_fast_tier import fake_app, ready
from tui.domain import changes as ch


async def test_a_removed_rows_wide_status_does_not_keep_its_width():
    app = fake_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        p = pane(app)
        before_widths, before_status = dict(p._widths), p._content["status"]
        victim = next(c for c in app.state.containers.values() if c.state == "running")
        session = app.control.session
        wide = replace(victim, state="exited", status="Exited (137) Less than a second ago, and more words")
        session.emit(ch.ContainerChanged(wide))
        await pilot.pause(0.2)
        assert p._content["status"] > before_status
        # the row's own text then shortens (a tick), still wider than the others: the width
        # was made by an earlier text of the row, so the rows left are what is measured
        session.emit(ch.ContainerChanged(replace(wide, status="E" * (before_status + 3))))
        await pilot.pause(0.2)
        session.emit(ch.ContainerRemoved(victim.id))
        await pilot.pause(0.2)
        assert victim.id not in p._cells
        assert p._content["status"] == before_status
        assert p._widths == before_widths
