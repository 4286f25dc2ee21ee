"""The garbage collector's pace for a UI that holds many small objects.

A dashboard of 2,000 containers keeps ~100,000 Rich ``Text``/``Style`` objects alive.
With CPython's default thresholds (700, 10, 10) a full collection walks all of them
every ~70,000 allocations, which a filter change or a screenful of new cells reaches:
in bench/filter_scale.py those collections were the whole tail (p95 of a filter change
141 ms with the defaults, 57 ms with these; 62 ms with the collector off). Young
objects are still collected, less often; reference counting frees the rest as before.

While Dockyard starts (imports, the App, the dashboard's first frame) nearly every object
made stays alive, yet the collector still ran ~90 young and ~8 middle collections over
them: 20-30 ms of a ~0.6 s start at N=100. The collector is off from the entry point to
the first frame (``pause``) and on again after it (``resume``); the garbage a start
leaves is collected by the next collections as usual.
"""

from __future__ import annotations

import gc

THRESHOLDS = (20_000, 20, 50)


_paused = False


def tune() -> None:
    gc.set_threshold(*THRESHOLDS)


def pause() -> None:
    """The collector off until ``resume`` (if it was on)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """The collector on again if ``pause`` turned it off; otherwise nothing."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
