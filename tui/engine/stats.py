"""One sampler thread for container stats, sweeping only the containers someone can see.

A one-shot stats request costs ~6 ms on the test daemon, while a streaming request
holds a thread and a connection per container; sweeping the visible rows every
``interval`` seconds keeps the cost flat however many containers exist.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable

import docker

from ..domain import changes as ch
from ..domain.stats import sample_from_api


SWEEP_WORKERS = 8


class StatsSampler:
    def __init__(
        self,
        get_client: Callable[[], docker.APIClient | None],
        emit: Callable[[object], None],
        stop: threading.Event,
        interval: float = 2.0,
    ) -> None:
        self._get_client = get_client
        self._emit = emit
        self._stop = stop
        self.interval = interval
        self._wanted: frozenset[str] = frozenset()
        self._prev: dict[str, dict] = {}
        self._wake = threading.Event()

    def want(self, ids: Iterable[str]) -> None:
        """Replace the set of containers to sample (called from the UI thread)."""
        new = frozenset(ids)
        if new - self._wanted:
            self._wake.set()  # a newly visible row should not wait a whole interval
        self._wanted = new

    def thread(self) -> threading.Thread:
        return threading.Thread(target=self.run, name="dockyard-stats", daemon=True)

    def run(self) -> None:
        while not self._stop.is_set():
            self.sweep()
            self._wake.wait(self.interval)
            self._wake.clear()
            if self._stop.is_set():
                return

    def sweep(self) -> None:
        client = self._get_client()
        ids = self._wanted
        if client is None or not ids:
            return
        samples = []

        def one(cid: str):
            if self._stop.is_set():
                return cid, None
            try:
                return cid, client.stats(cid, stream=False, one_shot=True)
            except Exception:  # gone, or connection trouble the event pump reports
                return cid, None

        # A one-shot request waits for the daemon's next 1 s collector tick (measured on
        # Engine 20.10: 6 ms to 1 s each), so a serial sweep of N rows took up to N
        # seconds; side by side they share one tick. Kept under docker-py's pool of 10.
        with ThreadPoolExecutor(max_workers=min(SWEEP_WORKERS, len(ids))) as pool:
            results = list(pool.map(one, ids))
        for cid, raw in results:
            if raw is None:
                continue
            samples.append(sample_from_api(cid, raw, self._prev.get(cid), time.time()))
            self._prev[cid] = raw.get("cpu_stats") or {}
        for gone in set(self._prev) - ids:
            del self._prev[gone]
        if samples and not self._stop.is_set():
            self._emit(ch.StatsBatch(tuple(samples)))
