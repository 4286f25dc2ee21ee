"""One sampler thread for container stats, sweeping only the containers someone can see.

A one-shot stats request costs ~6 ms on the test daemon, while a streaming request
holds a thread and a connection per container; sweeping the visible rows every
``interval`` seconds keeps the cost flat however many containers exist.

When the daemon is local, CPU and memory come from the containers' cgroup files
instead (see cgroups.py): no request at all per tick. A container is located once,
when it first becomes wanted (at most one inspect, for its pid); one that cannot be
located is sampled through the API until it stops being wanted.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # docker-py loads on the first connection, in the pump's thread: not on the UI's import path
    import docker

from ..domain import api_features, changes as ch
from ..domain.changes import Emit
from ..domain.models import StatsSample
from ..domain.stats import sample_from_api
from .cgroups import CgroupFiles, CgroupReader


SWEEP_WORKERS = 8


class StatsSampler:
    def __init__(
        self,
        get_client: Callable[[], docker.APIClient | None],
        emit: Emit,
        stop: threading.Event,
        interval: float = 2.0,
        local: bool = False,
    ) -> None:
        self._get_client = get_client
        self._emit = emit
        self._stop = stop
        self.interval = interval
        self._wanted: frozenset[str] = frozenset()
        self._prev: dict[str, dict] = {}
        self._wake = threading.Event()
        self._local = local
        self._reader: CgroupReader | None = None
        self._files: dict[str, CgroupFiles] = {}
        self._cg_prev: dict[str, tuple[int, float]] = {}
        self._api_only: set[str] = set()
        self._sweep_client = None
        self._sweep_ids: frozenset[str] = frozenset()
        self._one_shot: bool | None = None
        self.pool = None  # a shared StatsPool (stats_pool.py) runs this sampler instead of its thread

    def want(self, ids: Iterable[str]) -> None:
        """Replace the set of containers to sample (called from the UI thread)."""
        new = frozenset(ids)
        grew = bool(new - self._wanted)
        self._wanted = new
        if grew:
            self._wake.set()  # a newly visible row should not wait a whole interval
            if self.pool is not None:
                self.pool.wake(self)

    def wake(self) -> None:
        """Wake the sampler now (at stop, so it notices at once)."""
        self._wake.set()

    def thread(self) -> threading.Thread:
        return threading.Thread(target=self.run, name="dockyard-stats", daemon=True)

    def prepare(self) -> None:
        if self._local and self._reader is None:
            reader = CgroupReader()
            self._reader = reader if reader.available else None

    def run(self) -> None:
        self.prepare()
        while not self._stop.is_set():
            self.sweep()
            self._wake.wait(self.interval)
            self._wake.clear()
            if self._stop.is_set():
                return

    def sweep(self) -> None:
        plan = self.begin()
        if plan is None:
            return
        ask_api, samples = plan
        if ask_api:
            # A one-shot API request waits for the daemon's next 1 s collector tick (measured
            # on Engine 20.10: 6 ms to 1 s each), so a serial sweep of N rows took up to N
            # seconds; side by side they share one tick. Kept under docker-py's pool of 10.
            with ThreadPoolExecutor(max_workers=min(SWEEP_WORKERS, len(ask_api))) as pool:
                samples.extend(s for s in pool.map(self.one, ask_api) if s is not None)
        self.finish(samples)

    # A sweep in three steps, so a shared pool (stats_pool.py) can run the API requests of
    # every host's sweep on its own bounded workers.

    def begin(self) -> tuple[list[str], list[StatsSample]] | None:
        """Start a sweep: (ids to ask the API for, samples already read from cgroup files),
        or None when there is nothing to sample."""
        client = self._get_client()
        ids = self._wanted
        if client is None or not ids:
            return None
        self._sweep_client, self._sweep_ids = client, ids
        # one_shot (API >= 1.41) skips the daemon's second sample; older daemons take ~1-2 s per call.
        self._one_shot = True if api_features.available(client.api_version, "stats_one_shot") else None
        # Cgroup files first: a few reads each, no threads needed.
        samples: list[StatsSample] = []
        ask_api: list[str] = []
        for cid in ids:
            sample = self._from_cgroup(client, cid) if self._reader is not None else None
            if sample is not None:
                samples.append(sample)
            else:
                ask_api.append(cid)
        return ask_api, samples

    def one(self, cid: str) -> StatsSample | None:
        """One container's sample through the API (any thread; None when it failed)."""
        if self._stop.is_set():
            return None
        try:
            return self._from_api(self._sweep_client, cid, self._one_shot)
        except Exception:  # gone, or connection trouble the event pump reports
            return None

    def finish(self, samples: list[StatsSample]) -> None:
        self._forget(self._sweep_ids)
        if samples and not self._stop.is_set():
            self._emit(ch.StatsBatch(tuple(samples)))

    def _from_api(self, client: docker.APIClient, cid: str, one_shot: bool | None) -> StatsSample:
        raw = client.stats(cid, stream=False, one_shot=one_shot)
        sample = sample_from_api(cid, raw, self._prev.get(cid), time.time())
        self._prev[cid] = raw.get("cpu_stats") or {}
        return sample

    def _from_cgroup(self, client: docker.APIClient, cid: str) -> StatsSample | None:
        """A sample from the cgroup files, or None to ask the API this time."""
        if cid in self._api_only:
            return None
        assert self._reader is not None
        files = self._files.get(cid)
        if files is None:
            files = self._locate(client, cid)
            if files is None:
                self._api_only.add(cid)
                return None
            self._files[cid] = files
        try:
            sample, self._cg_prev[cid] = self._reader.read(cid, files, self._cg_prev.get(cid))
        except (OSError, ValueError):
            # Gone (stopped, restarted into a new cgroup): locate again next time it is wanted.
            self._files.pop(cid, None)
            self._cg_prev.pop(cid, None)
            return None
        return sample

    def _locate(self, client: docker.APIClient, cid: str) -> CgroupFiles | None:
        assert self._reader is not None
        files = self._reader.guess(cid)
        if files is not None:
            return files
        try:
            pid = int(((client.inspect_container(cid) or {}).get("State") or {}).get("Pid") or 0)
        except Exception:
            return None
        return self._reader.from_pid(cid, pid)

    def _forget(self, ids: frozenset[str]) -> None:
        """Drop what we kept for containers no longer wanted."""
        for table in (self._prev, self._files, self._cg_prev):
            for gone in [k for k in table if k not in ids]:
                del table[gone]
        self._api_only &= ids

