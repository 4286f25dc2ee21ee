"""The detail screen's other tabs against the real daemon."""

from __future__ import annotations

from textual.widgets import DataTable, TabbedContent, Tree

from tests.ui.helpers import cell, dash, shown
from tests.ui.test_detail_logs import open_container
from tui.screens.dashboard import DashboardScreen
from tui.screens.detail.info_tabs import EnvTab, InspectTab, PortsTab
from tui.screens.detail.processes_tab import ProcessesTab
from tui.widgets.stats_graphs import BlockGraph, StatsGraphs, bars

SECRET = "hunter2-very-secret"


def cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_tabs_switch_with_brackets_and_esc_keeps_the_dashboard(bed, make_app, until):
    cid = bed.run("tabs", "sleep 100000")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        dash = app.screen
        pane = dash.pane("containers")
        screen = await open_container(app, pilot, until, cid)
        tabs = screen.query_one(TabbedContent)
        assert tabs.active == "tab-logs"
        for expected in [*screen.tabs[1:], "logs"]:
            await pilot.press("right_square_bracket")
            await until(pilot, lambda: tabs.active == f"tab-{expected}", what=f"tab {expected}")
        assert "health" not in screen.tabs  # no health check
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: tabs.active == f"tab-{screen.tabs[-1]}", what="last tab")
        await pilot.press("escape")
        assert app.screen is dash and pane.selected_key == cid


async def test_stats_graphs_receive_samples(bed, make_app, until):
    cid = bed.run("stats", "while true; do echo x > /dev/null; done")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_container(app, pilot, until, cid)
        await pilot.press("right_square_bracket")
        graphs = screen.query_one(StatsGraphs)
        await until(pilot, lambda: len(graphs.points) >= 3, timeout=15, what="three samples")
        cpu = screen.query_one("#stats-graph-cpu", BlockGraph)
        assert len(cpu.data) >= 3 and max(v for v in cpu.data if v is not None) > 0
        assert screen.query_one("#stats-graph-mem", BlockGraph).data[-1] > 0
        assert any(ch in "".join(bars(cpu.data, 40, 2)) for ch in "▁▂▃▄▅▆▇█")
        label = str(screen.query_one("#stats-label-mem").render())
        assert "/" in label and "of limit" in label
        assert screen.query_one("#stats-graph-pids", BlockGraph).data[-1] >= 1


async def test_hidden_stats_graphs_draw_when_shown(bed, make_app, until):
    """While the Logs tab shows, samples are kept but the graphs are not drawn; showing
    the Stats tab draws them from every sample kept."""
    cid = bed.run("hiddenstats", "while true; do echo x > /dev/null; done")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_container(app, pilot, until, cid)
        graphs = screen.query_one(StatsGraphs)
        drawn = []
        original = graphs._redraw
        graphs._redraw = lambda: (drawn.append(len(graphs.points)), original())[1]
        start = len(graphs.points)
        await until(pilot, lambda: len(graphs.points) >= start + 2, timeout=20, what="two samples while hidden")
        assert drawn == [], "drawn while the Stats tab was hidden"
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: screen.query_one(TabbedContent).active == "tab-stats", what="stats tab")
        await until(pilot, lambda: bool(drawn), what="drawn when shown")
        cpu = screen.query_one("#stats-graph-cpu", BlockGraph)
        assert len(cpu.data) == len(graphs.points)
        shown_now = len(drawn)
        await until(pilot, lambda: len(drawn) > shown_now, timeout=20, what="drawn on the next sample while shown")


async def test_env_secrets_stay_masked_until_revealed(bed, make_app, until):
    cid = bed.run("env", "sleep 100000", environment=[f"DB_PASSWORD={SECRET}", "MODE=prod", "DATABASE_URL=postgres://app:pw-in-url@db/app"])
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_container(app, pilot, until, cid)
        env = screen.query_one(EnvTab)
        table = env.query_one(DataTable)
        await until(pilot, lambda: table.row_count >= 3, what="env rows")
        screen.query_one(TabbedContent).active = "tab-env"
        await pilot.pause()
        rows = {r[0]: r[1] for r in cells(table)}
        assert rows["MODE"] == "prod"
        assert SECRET not in str(rows) and "pw-in-url" not in str(rows)
        # the inspect tree masks them too
        tree = screen.query_one(InspectTab).query_one(Tree)
        labels = []
        stack = [tree.root]
        while stack:
            node = stack.pop()
            labels.append(node.label.plain)
            stack.extend(node.children)
        assert not any(SECRET in label for label in labels)
        assert any("DB_PASSWORD=••••••" in label for label in labels)
        await pilot.press("v")
        rows = {r[0]: r[1] for r in cells(table)}
        assert rows["DB_PASSWORD"] == SECRET
        await pilot.press("v")
        rows = {r[0]: r[1] for r in cells(table)}
        assert SECRET not in str(rows)


async def test_inspect_search_finds_a_nested_key(bed, make_app, until):
    cid = bed.run("insp", "sleep 100000", labels={"com.example.findme": "yes"})
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_container(app, pilot, until, cid)
        inspect = screen.query_one(InspectTab)
        await until(pilot, lambda: inspect.document, what="inspect document")
        screen.query_one(TabbedContent).active = "tab-inspect"
        await pilot.pause()
        await pilot.press("slash", *"findme", "enter")
        tree = inspect.query_one(Tree)
        await until(pilot, lambda: tree.cursor_node is not None and "findme" in tree.cursor_node.label.plain, what="cursor on the hit")


async def test_ports_mounts_networks(bed, make_app, until, tmp_path):
    net = bed.network("net")
    cid = bed.run("ports", "sleep 100000", ports=[8080], port_bindings={8080: ("127.0.0.1", None)}, binds={str(tmp_path): {"bind": "/data", "mode": "ro"}})
    bed.client.connect_container_to_network(cid, net, aliases=["web-alias"])
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_container(app, pilot, until, cid)
        ports = screen.query_one(PortsTab)
        await until(pilot, lambda: ports.urls, what="ports")
        assert ports.urls[0].startswith("http://127.0.0.1:")
        port_rows = cells(ports.query_one("#ports-table", DataTable))
        assert port_rows[0][1] == "8080/tcp"
        mounts = cells(ports.query_one("#mounts-table", DataTable))
        assert mounts[0][0] == "bind" and mounts[0][2] == "/data" and "ro" in mounts[0][3]
        networks = {r[0]: r for r in cells(ports.query_one("#networks-table", DataTable))}
        assert "web-alias" in networks[bed.name("net")][4]


async def test_processes_refresh_only_while_visible(bed, make_app, until):
    cid = bed.run("procs", "sleep 100000")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_container(app, pilot, until, cid)
        procs = screen.query_one(ProcessesTab)
        await pilot.pause(0.5)
        assert procs.refreshes == 0  # not shown yet: no request
        screen.query_one(TabbedContent).active = "tab-processes"
        table = procs.query_one(DataTable)
        await until(pilot, lambda: table.row_count >= 2, what="processes")
        assert any("sleep 100000" in " ".join(r) for r in cells(table))
        screen.query_one(TabbedContent).active = "tab-logs"
        await until(pilot, lambda: not procs._timer._active.is_set(), what="refresh paused")
        await pilot.pause(0.5)  # a request already in flight may still land
        count = procs.refreshes
        await pilot.pause(3.5)
        assert procs.refreshes == count


async def test_health_tab_appears_with_a_healthcheck(bed, make_app, until):
    cid = bed.run("health", "sleep 100000", healthcheck={"test": ["CMD-SHELL", "echo probe-ok"], "interval": 1_000_000_000})
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: (c := app.state.containers.get(cid)) and c.health == "healthy", timeout=20, what="healthy")
        screen = await open_container(app, pilot, until, cid)
        assert "health" in screen.tabs
        table = screen.query_one("#health-table", DataTable)
        await until(pilot, lambda: table.row_count >= 1, what="probe rows")
        assert "probe-ok" in cells(table)[0][2]
        assert isinstance(app.screen_stack[-2], DashboardScreen)


async def test_dashboard_under_the_detail_catches_up_when_shown_again(bed, make_app, until, daemon_client):
    """While covered, the dashboard does not repaint (that would repaint the detail screen
    whole); the changes it missed are there the moment it shows again."""
    cid = bed.run("under")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: cid in app.state.containers, what="listed")
        await open_container(app, pilot, until, cid)
        await until(pilot, lambda: dash(app)._covered, what="dashboard knows it is covered")
        later = bed.run("under-new")
        daemon_client.stop(cid, timeout=1)
        await until(pilot, lambda: later in app.state.containers and app.state.containers[cid].state == "exited", what="events applied")
        assert not shown(app, later)  # not drawn under the detail screen
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen) and shown(app, later), what="caught up")
        assert cell(app, cid, "state") == "exited"


async def test_a_tab_key_before_the_tabs_are_composed_is_kept_not_a_crash(bed, make_app, until):
    """`enter` then `]` on a busy machine: the `]` reached the detail screen before its
    TabbedContent had composed the tab strip, and setting the active tab raised NoMatches (the
    app exited, found by a soak at load 50-90). The key must be kept and applied."""
    from tui.screens.detail import ContainerDetailScreen

    cid = bed.run("early-tab", "sleep 100000")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="container listed")
        screen = ContainerDetailScreen([app.state.containers[cid]])
        app.push_screen(screen)
        assert not screen.query(TabbedContent), "the screen has not composed yet: the race the key hit"
        screen.action_switch_tab(1)  # the `]` arriving early
        await until(pilot, lambda: screen.is_mounted and screen.query(TabbedContent)
                    and screen.query_one(TabbedContent).active == f"tab-{screen.tabs[1]}",
                    what="the second tab shown")
        assert app.screen is screen


async def test_a_title_second_after_the_title_is_gone_is_dropped(bed, make_app, until):
    """A log batch taken while the detail screen's widgets were going (CI: the app's exit
    during a log's history) aged the title's seconds and asked for the removed title widget:
    NoMatches raised into the app. The second is dropped when there is no title to show it."""
    cid = bed.run("title-gone", "sleep 100000")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_container(app, pilot, until, cid)
        await screen.query_one("#detail-title").remove()
        screen._title_shown = None  # a new title due
        screen._show_title()
        screen._seconds.last = 0.0
        assert screen.ride_paint(10**9) == []
        await pilot.pause()
        assert app._exception is None
