"""Uptime from State.StartedAt/FinishedAt, not from the rounded STATUS text; kept through
filters; RESTARTS column; the exit code of exited containers (issue 15, item 1).

The app's clock runs 50 minutes ahead of the daemon's: a STATUS text read back at that
clock ("Up 2 seconds") gives the wrong start, the container's StartedAt the right one."""

from __future__ import annotations

import time

import pytest

from tests.ui.helpers import cell, pane, shown

pytestmark = pytest.mark.daemon

AHEAD = 50 * 60


def ahead() -> float:
    return time.time() + AHEAD


async def test_status_is_anchored_on_started_at_and_survives_a_filter(make_app, bed, until):
    cid = bed.run("up")
    app = make_app(clock=ahead)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), what="the row")
        await until(pilot, lambda: cell(app, cid, "status") == "Up 50 min", what=f"exact uptime (shows {cell(app, cid, 'status')!r})")
        await pilot.press("slash", *"zzzzz")
        await until(pilot, lambda: not shown(app, cid), what="row hidden by the filter")
        await pilot.press("escape")
        await until(pilot, lambda: shown(app, cid), what="row back")
        assert cell(app, cid, "status") == "Up 50 min"
        p = pane(app)
        p.select_key(cid)
        await pilot.press("enter")
        await until(pilot, lambda: "Up 50 min" in str(app.screen.query_one("#detail-title").render()), what="the detail header's exact uptime")


async def test_exited_shows_exit_code_and_restart_count(make_app, bed, daemon_client, until):
    exited = bed.run("exits", ["sh", "-c", "exit 3"])
    looping = bed.run("loops", ["sh", "-c", "sleep 0.2; exit 1"], restart_policy={"Name": "on-failure", "MaximumRetryCount": 2})
    deadline = time.monotonic() + 30
    while daemon_client.inspect_container(looping)["RestartCount"] < 2 or daemon_client.inspect_container(looping)["State"]["Running"]:
        assert time.monotonic() < deadline, "the looping container did not restart twice"
        time.sleep(0.2)
    while daemon_client.inspect_container(exited)["State"]["Running"]:
        time.sleep(0.1)
    app = make_app(clock=ahead)
    async with app.run_test(size=(200, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, exited) and shown(app, looping), what="the rows")
        pane(app).select_key(exited)  # times are read for the rows on screen: scroll it into view
        await until(pilot, lambda: cell(app, exited, "status") == "Exited (3) 50 min ago", what=f"exit code and exact age (shows {cell(app, exited, 'status')!r})")
        pane(app).select_key(looping)
        await until(pilot, lambda: cell(app, looping, "restarts") == "2", what=f"restart count (shows {cell(app, looping, 'restarts')!r})")
        assert cell(app, exited, "restarts") == "0"


async def test_a_status_that_counts_seconds_is_redrawn_every_second(make_app, bed, daemon_client, until):
    """A container that had just exited read "Exited (3) 0 sec ago" until the pane's slow tick,
    up to 30 s later. Rows under a minute old are redrawn every second, until they read in
    minutes; then they leave the per-second tick. The app's clock is moved, not waited for."""
    import re

    exited = bed.run("fresh", ["sh", "-c", "exit 3"])
    deadline = time.monotonic() + 30
    while daemon_client.inspect_container(exited)["State"]["Running"]:
        assert time.monotonic() < deadline, "the container did not exit"
        time.sleep(0.1)
    shift = [0.0]
    app = make_app(clock=lambda: time.time() + shift[0])

    def age() -> int:
        m = re.fullmatch(r"Exited \(3\) (\d+) sec ago", cell(app, exited, "status") or "")
        return int(m.group(1)) if m else -1

    async with app.run_test(size=(200, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, exited), what="the row")
        pane(app).select_key(exited)
        await until(pilot, lambda: 0 <= age() < 20, timeout=30, what=f"seconds since the exit (shows {cell(app, exited, 'status')!r})")
        shift[0] = 20.0  # the per-second tick shows it; the 30 s tick would be too late twice over
        await until(pilot, lambda: age() >= 20, timeout=20, what=f"the age 20 s later (shows {cell(app, exited, 'status')!r})")
        # the detail's header the same way: two moves, each seen within 20 s (the 30 s tick
        # cannot show both)
        await pilot.press("enter")

        def title_age() -> int:
            try:
                text = str(app.screen.query_one("#detail-title").render())
            except Exception:
                return -1
            m = re.search(r"Exited \(3\) (\d+) sec ago", text)
            return int(m.group(1)) if m else -1

        last = await until(pilot, lambda: title_age() if title_age() >= 20 else 0, timeout=20, what="the detail header")
        for _ in range(2):
            shift[0] += 6.0
            last = await until(pilot, lambda: title_age() if title_age() >= last + 6 else 0, timeout=20, what=f"the detail header 6 s later than {last} s (shows {title_age()})")
        await pilot.press("escape")
        shift[0] = 90.0
        await until(pilot, lambda: cell(app, exited, "status") == "Exited (3) 1 min ago", timeout=20, what=f"minutes (shows {cell(app, exited, 'status')!r})")
        await until(pilot, lambda: exited not in pane(app)._fresh, timeout=20, what="the row leaves the per-second tick")


async def test_the_per_second_tick_redraws_only_the_rows_on_screen(make_app, bed, until):
    """Rows under a minute old tick every second, but only those on screen: a row scrolled
    away is left to the slow tick, and shows its age again within the second it is back."""
    import re

    ids = [bed.run(f"fresh{i:02d}") for i in range(14)]
    shift = [0.0]
    app = make_app(clock=lambda: time.time() + shift[0])
    async with app.run_test(size=(200, 16)) as pilot:  # a short pane: some rows are off screen
        await until(pilot, lambda: app.state.synced and all(shown(app, i) for i in ids), what="the rows")
        p = pane(app)
        await until(pilot, lambda: set(ids) <= p._fresh, what="fresh rows")
        on_screen = set(p.visible_keys())
        off = [i for i in ids if i not in on_screen]
        assert off and on_screen & set(ids), on_screen
        ticked: list[str] = []
        tick_rows = p._tick_rows
        p._tick_rows = lambda keys: (ticked.extend(keys), tick_rows(keys))
        p.tick_fresh()
        assert ticked and set(ticked) <= on_screen
        shift[0] = 30.0
        p.table.scroll_end(animate=False)
        await pilot.pause()
        back = next(i for i in off if i in p.visible_keys())
        p.tick_fresh()
        assert re.fullmatch(r"Up (\d+) sec", cell(app, back, "status") or ""), cell(app, back, "status")
        assert int(re.fullmatch(r"Up (\d+) sec", cell(app, back, "status")).group(1)) >= 30


async def test_stats_ride_the_clock_while_rows_count_seconds(make_app, bed, until):
    """While a row reads "Up 12 sec" the pane's clock repaints it every second; a stats batch
    waits for that tick, so the table paints once, not once for the clock and once for the
    figures. Once no row counts seconds, a batch is shown as it comes."""
    cid = bed.run("ride")
    shift = [0.0]
    app = make_app(clock=lambda: time.time() + shift[0])
    async with app.run_test(size=(200, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), what="the row")
        p = pane(app)
        await until(pilot, lambda: cid in p._fresh, what="a row counting seconds")
        dash = app.screen
        shows: list[tuple[bool, bool]] = []  # (stats only, from the tick)
        in_tick = [False]
        hook, show = p.before_tick, dash._show_state

        def ticking() -> None:
            in_tick[0] = True
            try:
                hook()
            finally:
                in_tick[0] = False

        def recorded(state, stats_only: bool) -> None:
            shows.append((stats_only, in_tick[0]))
            show(state, stats_only)

        p.before_tick, dash._show_state = ticking, recorded

        def batches() -> list[bool]:
            return [tick for stats_only, tick in shows if stats_only]

        await until(pilot, lambda: len(batches()) >= 2, timeout=30, what=f"two stats batches ({shows})")
        assert all(batches()), shows
        await until(pilot, lambda: cell(app, cid, "cpu") not in (None, "", "—"), timeout=30, what="the figures on screen")
        shift[0] = 90.0  # the row reads in minutes and leaves the per-second tick
        await until(pilot, lambda: cid not in p._fresh, timeout=20, what="the row leaves the per-second tick")
        shows.clear()
        await until(pilot, lambda: len(batches()) >= 2, timeout=30, what=f"two more stats batches ({shows})")
        assert not any(batches()), shows
