"""The swarm watch's polling budget (issue 14): task news is read only while a Swarm pane is
visible and at most once per POLL_GAP; service and node news is read at once, visible or not.
(The reads themselves are tested against the real two-node swarm in tests/swarm/.)"""

from __future__ import annotations

import threading

from tui.engine import swarm


def _watch() -> swarm.SwarmWatch:
    w = swarm.SwarmWatch(lambda: None, lambda change: None, threading.Event())
    w._poked = w._urgent = False  # as after its first read
    return w


def test_task_news_is_ignored_while_hidden_and_read_while_visible():
    w = _watch()
    w.poke(urgent=False)  # a container event carrying a task id, no Swarm pane on screen
    assert not w._poked
    w.set_visible(True)  # the pane opens: one read at once
    assert w._poked and w._urgent
    w._poked = w._urgent = False
    w.poke(urgent=False)
    assert w._poked and not w._urgent  # read, but no sooner than POLL_GAP after the last
    w.set_visible(False)
    w._poked = False
    w.poke()  # a service or node event: read at once even while hidden
    assert w._poked and w._urgent


def test_the_budget_is_one_task_read_per_two_seconds():
    assert swarm.POLL_GAP >= 2.0 and swarm.MIN_GAP <= 0.5
