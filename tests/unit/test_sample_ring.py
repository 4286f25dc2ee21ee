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
    assert sys.getsizeof(ring._data) < 451 * 100  # the objects cost ~350 bytes a sample


def test_tail_is_the_newest_samples_oldest_first():
    from tui.domain.models import StatsSample
    from tui.domain.sample_ring import SampleRing

    ring = SampleRing("c", 4)
    for t in range(10):
        ring.append(StatsSample("c", at=float(t), cpu_percent=float(t)))
    assert [s.at for s in ring.tail(2)] == [8.0, 9.0]
    assert [s.at for s in ring.tail(9)] == [6.0, 7.0, 8.0, 9.0]
    assert SampleRing("d", 3).tail(5) == []
