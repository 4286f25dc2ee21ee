"""Issue 17 item 7: during a log flood a key press does not queue behind log messages.

A real ``yes`` container on the isolated daemon floods a followed logs view (in-process
app, the real engine and child reader). The pumps hand their batches to the logs tab's
inbox and wake the UI once for all of it (one callback on the loop, no message): never more
than one wake is pending, however fast lines come. And when a key is on its way through the app while a
batch waits, the key's action runs (and its frame is painted) before that batch is appended.
Deadlines are generous; nothing here measures speed (bench/flood_keys.py does).
"""

from __future__ import annotations

import time

import pytest
from textual import events

from tests.ui.test_detail_logs import open_container
from tui.screens.detail.logs_tab import LogsTab, input_waiting

pytestmark = pytest.mark.daemon

FLOOD = "yes 'FLOOD 0123456789 the quick brown fox jumps over the lazy dog'"
DEADLINE = 60.0  # generous: the machine is shared


def _small_log(bed):
    # Keep the flood's json log small: the disk is shared.
    return bed.client.create_host_config(log_config={"Type": "json-file", "Config": {"max-size": "5m", "max-file": "2"}})


def _log_wakes(tab: LogsTab) -> int:
    return tab._inbox.wake.pending


async def _flooding_tab(bed, make_app, until, pilot, app):
    cid = bed.run("flood", FLOOD, host_config=_small_log(bed))
    screen = await open_container(app, pilot, until, cid, key="l")
    tab = screen.query_one(LogsTab)
    await until(pilot, lambda: tab.buffer.dropped > 0, timeout=DEADLINE, what="the buffer full and dropping (a flood)")
    return tab


def _hold_the_loop_until(predicate, limit: float = 10.0) -> None:
    """Block the app's loop (as a long paint or a busy core would) while the pumps' threads
    keep reading and handing over, until ``predicate()``."""
    end = time.monotonic() + limit
    while not predicate() and time.monotonic() < end:
        time.sleep(0.05)


async def test_the_queue_never_holds_more_than_one_log_message_during_a_flood(bed, make_app, until):
    # Two flooding containers in one merged view: two pumps, each handing over batches and statuses.
    a = bed.run("flood-a", FLOOD, host_config=_small_log(bed))
    b = bed.run("flood-b", FLOOD, host_config=_small_log(bed))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and a in app.state.containers and b in app.state.containers, timeout=DEADLINE)
        pane = app.screen.pane("containers")
        for cid in (a, b):
            await until(pilot, lambda: pane.select_key(cid), timeout=DEADLINE)
            await pilot.press("space")
        await pilot.press("l")
        tab = await until(pilot, lambda: app.screen.query(LogsTab).first() if app.screen.query(LogsTab) else None,
                          timeout=DEADLINE, what="the merged logs view")
        await until(pilot, lambda: tab.buffer.dropped > 0 and {e.source for e in tab.buffer} == {0, 1},
                    timeout=DEADLINE, what="both floods in the buffer")
        applied = []
        append = tab.buffer.append

        def counted(lines, source=0):
            applied.append((source, len(lines)))
            return append(lines, source)

        tab.buffer.append = counted
        most, sources_at_once = 0, 0
        for _ in range(8):
            # Hold the loop until both pumps have handed something over (an early design
            # queued one message per pump and per status), then look at the wakes.
            _hold_the_loop_until(lambda: len({c.source for _, c in list(tab._inbox) if hasattr(c, "source")}) >= 2)
            sources_at_once = max(sources_at_once, len({c.source for _, c in list(tab._inbox) if hasattr(c, "source")}))
            for _ in range(3):  # the loop runs the threads' posts; look at the queue after each step
                await pilot.pause(0)
                most = max(most, _log_wakes(tab))
            await pilot.pause(0.2)
        assert sources_at_once == 2, "both pumps never had output waiting at once: the check proved nothing"
        assert most <= 1, f"{most} log wakes were pending at once"
        assert {s for s, _ in applied} == {0, 1} and sum(n for _, n in applied) > 10_000  # a real flood, both applied


async def test_a_key_is_handled_before_the_batch_waiting_beside_it(bed, make_app, until):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        tab = await _flooding_tab(bed, make_app, until, pilot, app)
        order: list[str] = []
        append = tab.buffer.append

        def noted(lines, source=0):
            order.append("batch")
            return append(lines, source)

        tab.buffer.append = noted
        search = tab.action_search

        def key_action():
            order.append("key")
            search()

        tab.action_search = key_action  # the binding looks the action up on the instance
        deferred = tab.deferred_takes
        for _ in range(3):
            # A batch is handed over while the loop is busy; the key arrives beside it.
            _hold_the_loop_until(lambda: len(tab._inbox) > 0)
            assert tab._inbox, "no batch handed over in 10 s: no flood?"
            order.clear()
            app.post_message(events.Key("slash", "/"))  # what the driver does with a key press
            assert input_waiting(tab)
            await until(pilot, lambda: "key" in order and "batch" in order, timeout=DEADLINE, what="the key and the batch handled")
            assert order.index("key") < order.index("batch"), f"the batch was appended before the key was handled: {order}"
            assert tab._input.has_focus  # the key took effect: the search box is open
            await pilot.press("escape")
            await until(pilot, lambda: tab.view.has_focus, timeout=DEADLINE, what="search closed")
        assert tab.deferred_takes >= deferred + 3
        # The flood goes on after the deferrals: nothing was left behind in the inbox.
        count = order.count("batch")
        await until(pilot, lambda: order.count("batch") > count + 2, timeout=DEADLINE, what="batches after the keys")
