"""One stats pool for a fleet: one scheduler thread and a few shared workers sample every
host's visible containers, instead of a sampler thread (and its sweep's workers) per host.

Each host's StatsSampler keeps its own wanted set, previous samples and cgroup files; the
pool only runs its sweeps. Concurrency is bounded twice: ``workers`` requests at once in
all, and ``per_host`` at once for one host, so a frozen host (its requests hang until the
client's timeout) holds at most ``per_host`` workers and every other host keeps sampling.
A host whose last sweep has not finished is skipped until it has.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from .stats import StatsSampler

WORKERS = 8
PER_HOST = 3


class _Sweep:
    """One host's sweep in flight: ids still to ask, samples so far, requests running."""

    __slots__ = ("sampler", "todo", "samples", "running")

    def __init__(self, sampler: StatsSampler, todo: list[str], samples: list) -> None:
        self.sampler, self.todo, self.samples, self.running = sampler, deque(todo), samples, 0


class StatsPool:
    def __init__(self, interval: float = 2.0, *, workers: int = WORKERS, per_host: int = PER_HOST) -> None:
        self.interval = interval
        self._per_host = max(1, per_host)
        self._max = max(1, workers)
        self._workers = ThreadPoolExecutor(max_workers=self._max, thread_name_prefix="dockyard-stats-pool")
        self._lock = threading.Lock()
        self._samplers: dict[StatsSampler, float] = {}  # sampler -> when its next sweep is due
        self._busy: dict[StatsSampler, _Sweep] = {}
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.most_running = 0  # requests in flight at once, at most (tests read the bound)
        self._running = 0

    def add(self, sampler: StatsSampler) -> None:
        sampler.pool = self
        with self._lock:
            self._samplers[sampler] = 0.0
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._run, name="dockyard-stats", daemon=True)
                self._thread.start()
        self._wake.set()

    def remove(self, sampler: StatsSampler) -> None:
        with self._lock:
            self._samplers.pop(sampler, None)
            sweep = self._busy.get(sampler)
            if sweep is not None:
                sweep.todo.clear()  # requests already running finish; nothing more is asked

    def wake(self, sampler: StatsSampler | None = None) -> None:
        """A sampler wants a new row sampled now (it does not wait a whole interval)."""
        if sampler is not None:
            with self._lock:
                if sampler in self._samplers:
                    self._samplers[sampler] = 0.0
        self._wake.set()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        self._workers.shutdown(wait=False, cancel_futures=True)

    # The scheduler

    def _run(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            with self._lock:
                due = [s for s, t in self._samplers.items() if t <= now and s not in self._busy]
                for s in due:
                    # On a grid of the interval, not ``now + interval``: every host's sweep
                    # starts at the same ticks, so their batches reach the UI together.
                    # (A sweep started off the grid, a host's first or a woken one, waits at
                    # least half an interval for the next.)
                    interval = max(0.1, s.interval)
                    tick = (math.floor(now / interval) + 1) * interval
                    self._samplers[s] = tick if tick - now >= interval / 2 else tick + interval
                nxt = min(self._samplers.values(), default=now + self.interval)
            for sampler in due:
                self._begin(sampler)
            self._wake.wait(max(0.05, nxt - time.monotonic()))
            self._wake.clear()

    def _begin(self, sampler: StatsSampler) -> None:
        try:
            sampler.prepare()
            plan = sampler.begin()
        except Exception:
            return
        if plan is None:
            return
        ask_api, samples = plan
        if not ask_api:
            sampler.finish(samples)
            return
        sweep = _Sweep(sampler, ask_api, samples)
        with self._lock:
            self._busy[sampler] = sweep
            self._fill(sweep)

    def _fill(self, sweep: _Sweep) -> None:
        """Start the host's next requests, up to its share (lock held)."""
        while sweep.todo and sweep.running < self._per_host and self._running < self._max and not self._stop.is_set():
            cid = sweep.todo.popleft()
            sweep.running += 1
            self._running += 1
            self.most_running = max(self.most_running, self._running)
            try:
                self._workers.submit(self._one, sweep, cid)
            except RuntimeError:  # shut down
                sweep.running -= 1
                self._running -= 1
                sweep.todo.clear()
        if not sweep.todo and not sweep.running:
            self._busy.pop(sweep.sampler, None)

    def _one(self, sweep: _Sweep, cid: str) -> None:
        sample = sweep.sampler.one(cid)
        with self._lock:
            self._running -= 1
            sweep.running -= 1
            if sample is not None:
                sweep.samples.append(sample)
            self._fill(sweep)
            for other in list(self._busy.values()):  # a worker came free: the hosts waiting for one
                if other is not sweep:
                    self._fill(other)
            done = not sweep.todo and not sweep.running
        if done:
            sweep.sampler.finish(sweep.samples)
            self._wake.set()
