"""The stats history's flat ring: same samples back, oldest first, bounded, None kept."""

from __future__ import annotations

import sys

import pytest

from tui.domain.models import StatsSample
from tui.domain.sample_ring import SampleRing


def test_round_trip_and_bound():
    ring = SampleRing("c", 10)
    samples = [StatsSample("c", cpu_percent=i / 3, mem_usage=2**40 + i, mem_limit=None, net_rx=i, net_tx=0, blk_read=None, blk_write=7, pids=i % 4, at=1000.0 + i)
               for i in range(25)]
    for s in samples:
        ring.append(s)
    assert len(ring) == 10
    assert list(ring) == samples[15:]
    assert ring.last_at() == 1024.0


def test_partly_filled_and_empty():
    ring = SampleRing("c", 5)
    assert ring.last_at() is None and list(ring) == []
    ring.append(StatsSample("c", at=1.0))
    assert list(ring) == [StatsSample("c", at=1.0)]
    with pytest.raises(ValueError):
        SampleRing("c", 0)


def test_smaller_than_sample_objects():
    ring = SampleRing("c", 451)
    for i in range(451):
        ring.append(StatsSample("c", cpu_percent=1.5, mem_usage=10**9 + i, mem_limit=2**34, net_rx=i, net_tx=i, blk_read=i, blk_write=i, pids=3, at=float(i)))
    assert _size(ring) < 451 * 100  # the objects cost ~350 bytes a sample


def _size(ring: SampleRing) -> int:
    return sum(sys.getsizeof(a) for a in (ring._at, ring._row, ring._vals))


def test_an_idle_container_stores_its_values_once_per_run():
    ring = SampleRing("c", 451)
    for i in range(1000):  # a sleeping container: the same figures every interval
        ring.append(StatsSample("c", cpu_percent=0.0, mem_usage=409600, mem_limit=2**34, net_rx=0, net_tx=0, blk_read=None, blk_write=None, pids=1, at=float(i)))
    assert _size(ring) < 451 * 16  # 72 bytes a sample when every sample was stored whole
    assert [s.at for s in ring][:2] == [549.0, 550.0] and len(ring) == 451
    assert set(ring) == {StatsSample("c", cpu_percent=0.0, mem_usage=409600, mem_limit=2**34, net_rx=0, net_tx=0, pids=1, at=s.at) for s in ring}


def test_runs_of_equal_and_changing_samples_come_back_as_they_went_in():
    import random
    from collections import deque

    rng = random.Random(7)
    for maxlen in (1, 2, 3, 7, 451):
        ring, mirror = SampleRing("c", maxlen), deque(maxlen=maxlen)
        value = 0
        for i in range(3 * maxlen + 50):
            if rng.random() < 0.3:  # a change now and then, runs in between
                value = rng.choice([None, rng.randrange(10**12)])
            sample = StatsSample("c", cpu_percent=None if value is None else value / 7, mem_usage=value, pids=3, at=float(i))
            ring.append(sample)
            mirror.append(sample)
            assert list(ring) == list(mirror), (maxlen, i)
            assert ring.tail(3) == list(mirror)[-3:]


def test_tail_is_the_newest_samples_oldest_first():
    from tui.domain.models import StatsSample
    from tui.domain.sample_ring import SampleRing

    ring = SampleRing("c", 4)
    for t in range(10):
        ring.append(StatsSample("c", at=float(t), cpu_percent=float(t)))
    assert [s.at for s in ring.tail(2)] == [8.0, 9.0]
    assert [s.at for s in ring.tail(9)] == [6.0, 7.0, 8.0, 9.0]
    assert SampleRing("d", 3).tail(5) == []
