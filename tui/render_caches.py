"""Release what Textual's global render caches keep of closed screens.

``StylesCache.get_inner_outer`` is an ``lru_cache(1024)`` on a method, so its keys hold up to
1,024 ``StylesCache`` objects, each with the rendered lines (Strips, each with its own small
caches) of the widget it belonged to: every closed screen's widgets stayed reachable through
it. Measured (tracemalloc, four open/close cycles of a 1,000-line logs view): 7.3 MB of Python
heap growth, of which clearing this one cache gave back 5.0 MB. It is two colour blends per
entry, cheap to refill, so it is cleared whenever a screen closes back to the dashboard.

A closed screen is a web of reference cycles (widgets, their parents, styles, message pumps):
only the cyclic garbage collector frees it, and by the time it closes its objects are old
(generation 2). With the thresholds of tui/gc_tuning.py a full collection comes after tens
of millions of allocations, so in a real session closed screens piled up as garbage: a
3-minute pty soak went 63.6 -> 137.8 MB, and the same soak with one full collection per
screen closed stayed under 100 MB (bench/analysis.md, Memory). So a closed screen is also
followed by one full collection, ``COLLECT_AFTER`` seconds later (the dashboard has painted
by then; several closes in a row share one). After it, glibc's ``malloc_trim(0)`` hands the
freed pages at the top of the C heap back to the system (1.5-2 MB in the probes; a no-op where
the C library has no such call).
"""

from __future__ import annotations

import asyncio
import gc

COLLECT_AFTER = 1.0  # seconds after a screen closed back to the dashboard
_collect_pending: object = None  # the loop a collection is due on (a test's app has its own)


def release_closed() -> None:
    from textual._styles_cache import StylesCache

    from .signals import prune_closed

    prune_closed()  # closed screens still subscribed to a quiet signal (see tui/signals.py)

    clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if clear is not None:  # a Textual without the cache: nothing to release
        clear()
    collect_soon()


def collect_soon(delay: float = COLLECT_AFTER) -> bool:
    """One full garbage collection ``delay`` seconds from now, on the running loop; False if
    one is already due on this loop (or no loop runs: nothing is scheduled then)."""
    global _collect_pending
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False
    if _collect_pending is loop:
        return False
    _collect_pending = loop
    loop.call_later(delay, _collect)
    return True


def _collect() -> None:
    global _collect_pending
    _collect_pending = None
    gc.collect()
    trim()


_trim = None


def trim() -> bool:
    """glibc's malloc_trim(0): free pages of the C heap go back to the system; False elsewhere."""
    global _trim
    if _trim is None:
        _trim = False
        try:
            import ctypes

            func = getattr(ctypes.CDLL(None), "malloc_trim", None)  # the process's own C library
            if func is not None:
                func.argtypes, func.restype = [ctypes.c_size_t], ctypes.c_int
                _trim = func
        except (OSError, AttributeError):
            pass
    if not _trim:
        return False
    _trim(0)
    return True
