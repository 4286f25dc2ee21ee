"""A container's stats history in flat arrays: 72 bytes a sample instead of ~350.

The store keeps 15 minutes of samples per sampled container (451 at the 2 s interval);
as ``StatsSample`` objects (slots, plus an int or float object per field) that was ~160 kB
per container, ~16 MB once a user had scrolled past 100 rows. Here each field is one
``array('d')`` slot (NaN for "not known"); samples are rebuilt when someone reads them.
"""

from __future__ import annotations

import math
from array import array
from typing import Iterator

from .models import StatsSample

_INTS = ("mem_usage", "mem_limit", "net_rx", "net_tx", "blk_read", "blk_write", "pids")
_FIELDS = ("at", "cpu_percent", *_INTS)
_NAN = math.nan


class SampleRing:
    """The newest ``maxlen`` samples of one container, oldest first."""

    __slots__ = ("cid", "maxlen", "_data", "_start", "_len")

    def __init__(self, cid: str, maxlen: int) -> None:
        if maxlen <= 0:
            raise ValueError("maxlen must be positive")
        self.cid = cid
        self.maxlen = maxlen
        self._data = array("d")  # len(_FIELDS) values per sample, grown up to maxlen samples
        self._start = 0  # index of the oldest sample once the ring is full
        self._len = 0

    def __len__(self) -> int:
        return self._len

    def append(self, sample: StatsSample) -> None:
        row = [_NAN if (v := getattr(sample, f)) is None else float(v) for f in _FIELDS]
        width = len(_FIELDS)
        if self._len < self.maxlen:
            self._data.extend(row)
            self._len += 1
            return
        at = self._start * width
        self._data[at:at + width] = array("d", row)
        self._start = (self._start + 1) % self.maxlen

    def last_at(self) -> float | None:
        if not self._len:
            return None
        i = (self._start + self._len - 1) % self.maxlen
        return self._data[i * len(_FIELDS)]

    def __iter__(self) -> Iterator[StatsSample]:
        return self._samples(0)

    def tail(self, n: int) -> list[StatsSample]:
        """The newest ``n`` samples, oldest first (without building the others)."""
        return list(self._samples(max(0, self._len - n)))

    def _samples(self, first: int) -> Iterator[StatsSample]:
        width = len(_FIELDS)
        data = self._data
        for k in range(first, self._len):
            at = ((self._start + k) % self.maxlen) * width
            values = data[at:at + width]
            fields = {f: (None if math.isnan(v) else (int(v) if f in _INTS else v)) for f, v in zip(_FIELDS, values)}
            yield StatsSample(self.cid, **fields)
