"""The smaller findings of issue 15 (item 12): no false "was removed" toast when ungrouping
compose; unknown filter keys are named and port= works; the logs status does not say
"following" while a search paused the view."""

from __future__ import annotations

import socket

import pytest

from tests.integration.compose_project import project_fixture
from tests.ui.helpers import pane, shown
from tests.ui.objects_support import select
from tui.screens.detail import ContainerDetailScreen
from tui.screens.detail.logs_tab import LogsTab

pytestmark = pytest.mark.daemon


@pytest.fixture
def project(tmp_path, daemon_client):
    p = project_fixture(tmp_path)
    yield p
    p.down()


async def test_ungrouping_compose_gives_no_removed_toast(make_app, until, project):
    app = make_app()
    key = f"project:{project.name}"
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and sum(c.compose_project == project.name for c in app.state.containers.values()) == 2)
        p = pane(app)
        await pilot.press("z")
        await until(pilot, lambda: key in p._cells, what="project header row")
        await select(pilot, app, "containers", key, until)
        await pilot.press("z")
        await until(pilot, lambda: key not in p._cells, what="ungrouped")
        await pilot.pause(0.5)
        assert not any("was removed" in str(n.message) for n in app._notifications), [str(n.message) for n in app._notifications]


def title(app) -> str:
    return str(pane(app).query_one(".pane-title").render())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_unknown_filter_key_is_named_and_port_filters(make_app, bed, until):
    bed.network("pnet")  # the test daemon has no default bridge to publish on
    port = free_port()  # not a fixed one: another test run on the machine may hold it
    web = bed.run("web", ports=[80], port_bindings={80: port}, network_mode=bed.name("pnet"))
    other = bed.run("other")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, web) and shown(app, other))
        await pilot.press("slash", *"colour=red")
        await until(pilot, lambda: "unknown key: colour" in title(app), what=f"the unknown key named ({title(app)})")
        await pilot.press("escape")
        await pilot.press("slash", *f"port={port}")
        await until(pilot, lambda: shown(app, web) and not shown(app, other), what="port= filter")
        assert "unknown key" not in title(app)
        await pilot.press("escape")
        await pilot.press("slash", *f"port={str(port)[:-1]}")
        await until(pilot, lambda: not shown(app, web), what="a whole port, not a substring")


async def test_logs_status_is_not_following_while_a_search_paused_it(make_app, bed, until):
    cid = bed.run("chatty", "i=0; while true; do i=$((i+1)); echo line-$i; sleep 0.05; done")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid))
        p = pane(app)
        p.select_key(cid)
        await until(pilot, lambda: p.selected_key == cid)
        await pilot.press("l")
        screen = await until(pilot, lambda: app.screen if isinstance(app.screen, ContainerDetailScreen) and app.screen.is_mounted else None)
        tab = screen.query_one(LogsTab)
        await until(pilot, lambda: len(tab.buffer) > 60 and "following" in str(tab._status_bar.render()), what="following")
        await pilot.press("slash", *"line-3", "enter")
        await until(pilot, lambda: not tab.view.follow, what="search jump paused the view")
        tab._show_status()
        status = str(tab._status_bar.render())
        assert "following" not in status and "paused" in status, status
