"""tui.app._UnjoinedExecutor (asyncio's default executor in Dockyard, where Textual runs thread
workers) runs each job in a context of its own. Textual's thread worker sets ``active_worker``
in the thread's context; a pool thread's context lives as long as the thread, so every idle
thread kept its last worker, and that worker's closed screen with all its widgets."""

from __future__ import annotations

import contextvars
import gc
import weakref

from tui.app import _UnjoinedExecutor

marker: contextvars.ContextVar[object] = contextvars.ContextVar("marker")


class Held:
    pass


def test_a_job_leaves_nothing_in_its_threads_context():
    pool = _UnjoinedExecutor(max_workers=1)
    try:
        held = Held()
        ref = weakref.ref(held)
        pool.submit(marker.set, held).result()
        assert pool.submit(marker.get, None).result() is None  # the same thread, nothing left
        del held
        gc.collect()
        assert ref() is None
    finally:
        pool.shutdown()


def test_the_stock_pool_would_keep_it():
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        held = Held()
        pool.submit(marker.set, held).result()
        assert pool.submit(marker.get, None).result() is held
    finally:
        pool.shutdown()
