"""The garbage collector's pace for a UI that holds many small objects.

A dashboard of 2,000 containers keeps ~100,000 Rich ``Text``/``Style`` objects alive.
With CPython's default thresholds (700, 10, 10) a full collection walks all of them
every ~70,000 allocations, which a filter change or a screenful of new cells reaches:
in bench/filter_scale.py those collections were the whole tail (p95 of a filter change
141 ms with the defaults, 57 ms with these; 62 ms with the collector off). Young
objects are still collected, less often; reference counting frees the rest as before.
"""

from __future__ import annotations

import gc

THRESHOLDS = (20_000, 20, 50)


def tune() -> None:
    gc.set_threshold(*THRESHOLDS)
