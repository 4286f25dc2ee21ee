"""A container's stats history in flat arrays: 72 bytes a sample at most, ~12 when it is idle.

The store keeps 15 minutes of samples per sampled container (451 at the 2 s interval);
as ``StatsSample`` objects (slots, plus an int or float object per field) that was ~160 kB
per container, ~16 MB once a user had scrolled past 100 rows. Here a sample is its time
(``array('d')``) and the number of its values row (``array('I')``); the values (CPU, memory,
network, block I/O, pids: ``array('d')``, NaN for "not known") are stored once per run of
equal samples. An idle container (most of them, most of the time) repeats the same values
every interval: 451 samples of it cost ~6 kB instead of 32 kB. Samples are rebuilt when
someone reads them.
"""

from __future__ import annotations

import math
from array import array
from typing import Iterator

from .models import StatsSample

_INTS = ("mem_usage", "mem_limit", "net_rx", "net_tx", "blk_read", "blk_write", "pids")
_VALUES = ("cpu_percent", *_INTS)
_NAN = math.nan


class SampleRing:
    """The newest ``maxlen`` samples of one container, oldest first."""

    __slots__ = ("cid", "maxlen", "_at", "_row", "_vals", "_cap", "_next_row", "_last", "_start", "_len")

    def __init__(self, cid: str, maxlen: int) -> None:
        if maxlen <= 0:
            raise ValueError("maxlen must be positive")
        self.cid = cid
        self.maxlen = maxlen
        self._at = array("d")  # each sample's time, grown up to maxlen, then a ring
        self._row = array("I")  # each sample's values row (a running number)
        self._vals = array("d")  # _cap rows of len(_VALUES) values; row k at (k % _cap)
        self._cap = 0
        self._next_row = 0
        self._last = b""  # the newest row's bytes (equal samples share it)
        self._start = 0  # index of the oldest sample once the ring is full
        self._len = 0

    def __len__(self) -> int:
        return self._len

    def append(self, sample: StatsSample) -> None:
        values = array("d", [_NAN if (v := getattr(sample, f)) is None else float(v) for f in _VALUES])
        if self._len < self.maxlen:
            slot = self._len
            self._at.append(float(sample.at))
            self._row.append(0)
            self._len += 1
        else:  # full: the oldest sample gives its place
            slot = self._start
            self._start = (self._start + 1) % self.maxlen
            self._at[slot] = float(sample.at)
        raw = values.tobytes()  # NaN is one bit pattern here, so equal rows are equal bytes
        if self._next_row and raw == self._last:
            self._row[slot] = self._next_row - 1  # the same values as the sample before
            return
        row = self._next_row
        self._next_row += 1
        self._last = raw
        self._row[slot] = row  # before the capacity check: it counts the rows in use
        self._keep_rows_from(self._oldest_row())
        width = len(_VALUES)
        at = (row % self._cap) * width
        self._vals[at:at + width] = values

    def _oldest_row(self) -> int:
        return self._row[self._start] if self._len == self.maxlen else self._row[0]

    def _keep_rows_from(self, oldest: int) -> None:
        """Room for rows ``oldest`` .. ``_next_row - 1``: the values array doubles when full."""
        needed = self._next_row - oldest
        if needed <= self._cap:
            return
        cap = min(max(needed, 2 * self._cap, 1), self.maxlen)
        width = len(_VALUES)
        vals = array("d", bytes(8 * width * cap))
        for k in range(oldest, self._next_row - 1):  # the rows already stored move to their new places
            old, new = (k % self._cap) * width, (k % cap) * width
            vals[new:new + width] = self._vals[old:old + width]
        self._vals, self._cap = vals, cap

    def last_at(self) -> float | None:
        if not self._len:
            return None
        return self._at[(self._start + self._len - 1) % self.maxlen]

    def __iter__(self) -> Iterator[StatsSample]:
        return self._samples(0)

    def tail(self, n: int) -> list[StatsSample]:
        """The newest ``n`` samples, oldest first (without building the others)."""
        return list(self._samples(max(0, self._len - n)))

    def _samples(self, first: int) -> Iterator[StatsSample]:
        width = len(_VALUES)
        for k in range(first, self._len):
            i = (self._start + k) % self.maxlen
            at = (self._row[i] % self._cap) * width
            values = self._vals[at:at + width]
            fields = {f: (None if math.isnan(v) else (int(v) if f in _INTS else v)) for f, v in zip(_VALUES, values)}
            yield StatsSample(self.cid, at=self._at[i], **fields)
