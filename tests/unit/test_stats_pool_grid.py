"""The fleet's stats pool starts every host's sweep on the same ticks (a grid of the
interval), so the hosts' batches reach the UI together and are one publish
(tui/control/fleet.py gathers them), not one per host at its own moment."""

from __future__ import annotations

import threading
import time

from tui.engine.stats_pool import StatsPool


class FakeSampler:
    """What the pool calls on a host's sampler; sweeps that need no API request."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.pool = None
        self.begins: list[float] = []
        self.done = threading.Event()

    def prepare(self) -> None:
        pass

    def begin(self):
        self.begins.append(time.monotonic())
        if len(self.begins) >= 4:
            self.done.set()
        return [], []

    def finish(self, samples) -> None:
        pass


def test_hosts_added_at_different_moments_sweep_on_the_same_ticks():
    pool = StatsPool(interval=0.4)
    a, b = FakeSampler(0.4), FakeSampler(0.4)
    try:
        pool.add(a)
        time.sleep(0.13)
        pool.add(b)
        assert a.done.wait(30) and b.done.wait(30)
        with pool._lock:
            due = dict(pool._samplers)
        assert due[a] == due[b]  # the same next tick
        tick = due[a] / 0.4
        assert abs(tick - round(tick)) < 1e-6  # on the grid
        # a sweep off the grid (a host's first) waits at least half an interval for the next
        assert all(later - first >= 0.2 - 0.01 for first, later in zip(b.begins, b.begins[1:]))
    finally:
        pool.close()
