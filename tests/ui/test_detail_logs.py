"""The Logs tab against the real daemon: follow, search, filter, save, flood, merge."""

from __future__ import annotations

import time

from textual.widgets import TabbedContent

from tui.screens.dashboard import DashboardScreen
from tui.screens.detail import ContainerDetailScreen
from tui.screens.detail.logs_tab import LogsTab
from tui.widgets.log_view import LogView


async def open_container(app, pilot, until, cid: str, key: str = "enter") -> ContainerDetailScreen:
    await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="container listed")
    dash = app.screen
    assert isinstance(dash, DashboardScreen)
    pane = dash.pane("containers")
    await until(pilot, lambda: pane.select_key(cid), what="row selectable")
    await pilot.press(key)
    screen = await until(pilot, lambda: app.screen if (isinstance(app.screen, ContainerDetailScreen) and app.screen.is_mounted) else None, what="detail screen")
    await until(pilot, lambda: screen.is_mounted and screen.query(TabbedContent) and screen.query_one(TabbedContent).active, what="tabs ready")
    return screen


def texts(tab: LogsTab) -> list[str]:
    return [e.plain for e in tab.buffer]


async def test_chatty_logs_appear_follow_and_esc_returns_to_the_same_dashboard(bed, make_app, until):
    cid = bed.run("chatty", "i=0; while true; do echo line-$i; echo oops-$i >&2; i=$((i+1)); sleep 0.1; done")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        dash = app.screen
        screen = await open_container(app, pilot, until, cid, key="l")
        tab = screen.query_one(LogsTab)
        await until(pilot, lambda: "line-3" in texts(tab), what="first lines")
        count = len(tab.buffer)
        await until(pilot, lambda: len(tab.buffer) > count + 4, what="following")
        streams = {e.line.stream for e in tab.buffer}
        assert streams == {"stdout", "stderr"}
        view = screen.query_one(LogView)
        assert view.follow and view.scroll_y == view.max_scroll_y
        # scroll up: follow pauses, new lines are counted, G resumes
        await pilot.press("up", "up", "up")
        await until(pilot, lambda: not view.follow and view.new_lines > 0, what="paused with new lines")
        marker = screen.query_one("#logs-marker")
        await until(pilot, lambda: "new lines" in str(marker.render()), what="new-lines marker")
        await pilot.press("G")
        assert view.follow and view.new_lines == 0
        pumps = list(tab.pumps)
        await pilot.press("escape")
        assert app.screen is dash
        assert all(p.stop.is_set() for p in pumps)
        await until(pilot, lambda: not any(p.alive for p in pumps), what="pumps ended")


async def test_search_and_filter_with_context(bed, make_app, until):
    script = "for i in $(seq 1 40); do if [ $i = 20 ]; then echo NEEDLE here; else echo filler $i; fi; done; sleep 100000"
    cid = bed.run("search", script)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_container(app, pilot, until, cid)
        tab = screen.query_one(LogsTab)
        await until(pilot, lambda: len(tab.buffer) >= 40, what="all lines")
        view = screen.query_one(LogView)
        size = view.size
        await pilot.press("slash")
        await pilot.pause()
        # The input takes the status bar's row: the log view keeps its size (no re-render).
        assert screen.query_one("#logs-input").display and not screen.query_one("#logs-status").display
        assert view.size == size
        await pilot.press(*"needle", "enter")
        await pilot.pause()
        assert not screen.query_one("#logs-input").display and screen.query_one("#logs-status").display
        hit = tab.buffer.matches(view.pattern)
        assert len(hit) == 1 and view.current == hit[0]
        assert not view.follow  # jumping to a hit pauses follow
        await pilot.press("f")
        await pilot.press(*"NEEDLE", "enter")
        rows = view.rows
        assert rows is not None
        shown = [tab.buffer.get(s).plain for s in rows if s >= 0]
        assert shown == ["filler 18", "filler 19", "NEEDLE here", "filler 21", "filler 22"]
        await pilot.press("escape")  # clears search and filter, stays on the screen
        assert view.rows is None and isinstance(app.screen, ContainerDetailScreen)


async def test_save_writes_the_buffer_with_secrets_masked(bed, make_app, until, tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKYARD_LOG_DIR", str(tmp_path / "saved"))
    cid = bed.run("saver", 'echo "connecting with $DB_PASSWORD"; echo plain line; sleep 100000', environment=["DB_PASSWORD=s3cr3t-value-42"])
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_container(app, pilot, until, cid)
        tab = screen.query_one(LogsTab)
        await until(pilot, lambda: "plain line" in texts(tab) and tab.secrets, what="lines and env")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: tab.saved_path is not None, what="saved")
        content = tab.saved_path.read_text()
        assert "plain line" in content and "connecting with" in content
        assert "s3cr3t-value-42" not in content
        assert str(tab.saved_path) in str(screen.query_one("#logs-status").render())


async def test_flood_stays_responsive_and_bounded(bed, make_app, until):
    cid = bed.run("flood", "yes 'flood line with some words in it'")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_container(app, pilot, until, cid)
        tab = screen.query_one(LogsTab)
        await until(pilot, lambda: tab.buffer.dropped > 0, timeout=20, what="buffer full and dropping")
        view = screen.query_one(LogView)
        # keys are handled while the flood runs
        await pilot.press("t")
        assert view.timestamps
        await pilot.press("w")
        assert view.wrap
        await pilot.press("up")
        await until(pilot, lambda: not view.follow, what="paused")
        dropped = tab.buffer.dropped
        await until(pilot, lambda: tab.buffer.dropped > dropped, what="still streaming")
        assert len(tab.buffer) <= tab.buffer.maxlen
        assert all(p.pending_count() <= tab.maxlen for p in tab.pumps)
        await until(pilot, lambda: "dropped" in str(screen.query_one("#logs-status").render()), what="dropped count shown")
        await until(pilot, lambda: "lines/s" in str(screen.query_one("#logs-status").render()), what="the flood's rate shown")
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_the_history_a_log_opens_with_is_not_a_rate(bed, make_app, until, daemon_client):
    """A quiet log opened with 800 lines of history said "400 lines/s" for its first two
    seconds (found by using it): the status shows the rate of lines arriving, not of the
    history read at once."""
    cid = bed.run("history", "i=0; while [ $i -lt 800 ]; do echo old-$i; i=$((i+1)); done; while true; do echo new; sleep 0.5; done")
    from tests.support.daemon import wait_for

    wait_for(lambda: b"old-799" in daemon_client.logs(cid, tail=900), timeout=30, what="the history written")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_container(app, pilot, until, cid, key="l")
        tab = screen.query_one(LogsTab)
        view = screen.query_one(LogView)
        status = screen.query_one("#logs-status")
        await until(pilot, lambda: "old-799" in texts(tab), what="the history")
        shown = []
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            shown.append(str(status.render()))
            await pilot.pause(0.1)
        assert view.rate_settled
        assert not [s for s in shown if "lines/s" in s], shown


async def test_stopped_container_logs_shown_and_follow_resumes_on_start(bed, make_app, until, daemon_client):
    cid = bed.run("stopper", "echo before-$(date +%N)", start=True)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.containers.get(cid) and app.state.containers[cid].state == "exited", what="exited")
        screen = await open_container(app, pilot, until, cid)
        tab = screen.query_one(LogsTab)
        await until(pilot, lambda: any(t.startswith("before-") for t in texts(tab)), what="old logs")
        daemon_client.start(cid)
        await until(pilot, lambda: sum(t.startswith("before-") for t in texts(tab)) == 2, what="logs of the second run")
        time.sleep(0.3)
        await pilot.pause(0.3)
        assert sum(t.startswith("before-") for t in texts(tab)) == 2  # nothing repeated


async def test_merged_logs_of_marked_containers(bed, make_app, until):
    a = bed.run("alpha", "while true; do echo from-alpha; sleep 0.2; done")
    b = bed.run("beta", "while true; do echo from-beta; sleep 0.2; done")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and a in app.state.containers and b in app.state.containers)
        pane = app.screen.pane("containers")
        for cid in (a, b):
            await until(pilot, lambda: pane.select_key(cid))
            await pilot.press("space")
        await pilot.press("l")
        screen = await until(pilot, lambda: app.screen if (isinstance(app.screen, ContainerDetailScreen) and app.screen.is_mounted) else None)
        assert screen.merged
        tab = screen.query_one(LogsTab)
        await until(pilot, lambda: {e.source for e in tab.buffer} == {0, 1}, what="both sources")
        view = screen.query_one(LogView)
        names = {tab.names[e.source] for e in tab.buffer}
        assert names == {bed.name("alpha"), bed.name("beta")}
        assert len(view.names) == 2


async def test_a_live_filter_and_the_counter_follow_new_lines_and_a_quiet_log_wakes_nothing(bed, make_app, until):
    """The filter's rows and the line counter are brought up to date by one-shot timers set
    when lines come (they were two intervals ticking five times a second on every open log,
    quiet or not): new lines still reach a filtered view and the counter, and once the log
    is quiet no timer of the tab is left."""
    script = ("i=0; while [ $i -lt 30 ]; do i=$((i+1)); if [ $((i % 5)) = 0 ]; then echo keep $i; "
              "else echo drop $i; fi; sleep 0.1; done; sleep 100000")
    cid = bed.run("livefilter", script)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_container(app, pilot, until, cid)
        tab = screen.query_one(LogsTab)
        view = screen.query_one(LogView)
        await until(pilot, lambda: len(tab.buffer) >= 1, what="first line")
        await pilot.press("f", *"keep", "enter")

        def shown() -> list[str]:
            return [tab.buffer.get(s).plain for s in (view.rows or []) if s >= 0]

        await until(pilot, lambda: "keep 30" in shown(), what="the last matching line in the filtered view", timeout=20)
        # every match, in order (with the default context lines around each)
        assert [line for line in shown() if line.startswith("keep")] == [f"keep {i}" for i in range(5, 31, 5)]
        status = screen.query_one("#logs-status")
        await until(pilot, lambda: "30 lines" in str(status.render()), what="the counter at 30")
        await pilot.pause(1.5)
        assert tab._status._timer is None and not tab._status.pending and tab._filter_timer is None
