"""A container removed (outside Dockyard) while it is selected: a notice, the cursor on its
neighbour, no crash."""

from __future__ import annotations

import pytest

from tests.ui.helpers import pane, shown

pytestmark = pytest.mark.daemon


async def test_selected_container_removed_elsewhere_gives_a_notice(make_app, bed, daemon_client, until):
    first = bed.run("a-first")
    second = bed.run("b-second")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, first) and shown(app, second), what="both rows")
        p = pane(app)
        assert p.select_key(first)
        await until(pilot, lambda: p.selected_key == first, what="cursor on the first")
        daemon_client.remove_container(first, force=True)
        await until(pilot, lambda: not shown(app, first), what="row removed by the event")
        await until(
            pilot,
            lambda: any("was removed" in str(n.message) and bed.name("a-first") in str(n.message) for n in app._notifications),
            what="the removal notice",
        )
        assert p.selected_key is not None and p.selected_key != first
        await pilot.press("i")  # acting on the new selection still works
        await pilot.pause(0.2)
        assert app.is_running
