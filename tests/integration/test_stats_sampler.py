"""The stats sampler against the daemon: only wanted containers, first CPU unknown, then measured."""

from __future__ import annotations

import threading
import time

from tests.support.pump import Recorder
from tui.domain import changes as ch
from tui.engine.connection import open_client
from tui.engine.stats import StatsSampler


def test_sweep_samples_wanted_running_containers(bed, endpoint):
    busy = bed.run("busy", "while :; do :; done")
    idle = bed.run("idle")
    client = open_client(endpoint)
    rec = Recorder()
    sampler = StatsSampler(lambda: client, rec, threading.Event())
    try:
        sampler.want([busy])
        sampler.sweep()
        (first,) = rec.since(0)
        assert isinstance(first, ch.StatsBatch) and [s.id for s in first.samples] == [busy]
        assert first.samples[0].cpu_percent is None and first.samples[0].mem_usage
        time.sleep(0.3)
        sampler.sweep()
        (sample,) = rec.since(1)[0].samples
        assert sample.cpu_percent is not None and sample.cpu_percent > 1, sample  # a busy loop (on a shared, loaded machine)
        sampler.want([idle, "0" * 64])  # a container that does not exist is skipped, not an error
        sampler.sweep()
        assert [s.id for s in rec.since(2)[0].samples] == [idle]
    finally:
        client.close()


def test_stop_wakes_the_sampler_at_once(endpoint):
    stop = threading.Event()
    sampler = StatsSampler(lambda: None, lambda c: None, stop, interval=60)
    t = sampler.thread()
    t.start()
    time.sleep(0.1)
    stop.set()
    sampler.wake()
    t.join(2)
    assert not t.is_alive()
