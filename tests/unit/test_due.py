"""tui.widgets.due.Due: a refresh wanted at most once per interval, run by the next paint
once due (ride) or by its fallback timer when no paint comes in time."""

from __future__ import annotations

import pytest

from tui.widgets import due as due_module
from tui.widgets.due import MIN_WAIT, Due


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Timer:
    def __init__(self, wait: float, callback) -> None:
        self.wait, self.callback, self.stopped = wait, callback, False

    def stop(self) -> None:
        self.stopped = True


class Node:
    def __init__(self) -> None:
        self.timers: list[Timer] = []

    def set_timer(self, wait: float, callback) -> Timer:
        timer = Timer(wait, callback)
        self.timers.append(timer)
        return timer


@pytest.fixture
def clock(monkeypatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(due_module.time, "monotonic", c)
    return c


def test_a_paint_after_the_interval_carries_it_and_its_timer_is_stopped(clock):
    node, runs = Node(), []
    d = Due(node, 1.0, lambda: runs.append(clock.now), slack=0.25)
    d.mark()  # never ran: due at once
    assert node.timers[-1].wait == MIN_WAIT
    assert d.ride() and runs == [100.0] and node.timers[-1].stopped
    clock.now = 100.1
    d.mark()
    assert node.timers[-1].wait == pytest.approx(1.15)  # the interval and the slack from the last run
    clock.now = 100.9
    assert not d.ride() and runs == [100.0]  # not due yet
    clock.now = 101.0
    assert d.ride() and runs == [100.0, 101.0] and node.timers[-1].stopped
    assert not d.ride()  # nothing pending


def test_with_no_paint_the_fallback_runs_it(clock):
    node, runs = Node(), []
    d = Due(node, 1.0, lambda: runs.append(clock.now))
    d.run()
    clock.now += 0.3
    d.mark()
    d.mark()  # one timer, however many marks
    assert len(node.timers) == 1
    clock.now += 0.95
    node.timers[0].callback()
    assert runs == [100.0, 101.25] and not d.pending


def test_a_cancelled_refresh_does_not_run(clock):
    node, runs = Node(), []
    d = Due(node, 1.0, lambda: runs.append(1))
    d.mark()
    d.cancel()
    assert node.timers[0].stopped and not d.ride()
    node.timers[0].callback()  # a timer that fired anyway
    assert runs == []


def test_an_action_may_ask_again_for_the_next_interval(clock):
    node, runs = Node(), []
    d: Due

    def tick() -> None:
        runs.append(clock.now)
        d.mark()

    d = Due(node, 1.0, tick, slack=0.12)
    d.mark()
    d.ride()
    assert runs == [100.0] and d.pending and node.timers[-1].wait == pytest.approx(1.12)
