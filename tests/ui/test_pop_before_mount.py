"""A screen popped before its Mount ran: the key that opens it and escape read in one batch
(type-ahead over a slow link, a paste). Textual prunes the popped screen while its Mount
handlers run; ours query their children, and the app ended on NoMatches (CI, the lessons
test). The real app on the fake session: push and pop in one go, for each kind of screen."""

from __future__ import annotations

import pytest

from tests.ui.fake_daemon import FakeSession
from tests.ui.test_fast_tier import fake_app, ready


def _container(app):
    return next(c for c in app.state.containers.values() if c.state == "running")


def _network(app):
    return next(iter(app.state.networks.values()))


SCREENS = {
    "map (container)": lambda app: __import__("tui.screens.learn.relations", fromlist=["x"]).RelationsScreen("containers", _container(app)),
    "map (network)": lambda app: __import__("tui.screens.learn.relations", fromlist=["x"]).RelationsScreen("networks", _network(app)),
    "lifecycle": lambda app: __import__("tui.screens.learn.lifecycle", fromlist=["x"]).LifecycleScreen(_container(app)),
    "isolation": lambda app: __import__("tui.screens.learn.isolation", fromlist=["x"]).IsolationScreen(_container(app)),
    "layers": lambda app: __import__("tui.screens.learn.layers", fromlist=["x"]).LayersScreen("containers", _container(app)),
    "events": lambda app: __import__("tui.screens.learn.events_timeline", fromlist=["x"]).EventsScreen(),
    "detail": lambda app: __import__("tui.screens.detail.screen", fromlist=["x"]).ContainerDetailScreen([_container(app)]),
    "disk": lambda app: __import__("tui.screens.objects.disk", fromlist=["x"]).DiskScreen(),
}


@pytest.mark.parametrize("name", list(SCREENS))
async def test_a_screen_popped_before_its_mount_leaves_the_app_running(name):
    app = fake_app(FakeSession)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        dashboard = app.screen
        app.push_screen(SCREENS[name](app))
        app.pop_screen()
        for _ in range(10):
            await pilot.pause()
        assert app.is_running and app.screen is dashboard
        await pilot.press("q")
