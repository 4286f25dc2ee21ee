"""tui/render_caches.py: one deferred full collection per burst of closes, per event loop."""

from __future__ import annotations

import asyncio
import gc
import weakref

from tui import render_caches


class Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_closes_in_a_row_share_one_collection_and_it_frees_cycles():
    gc.disable()
    try:
        garbage = Cycle()
        gone = weakref.ref(garbage)
        del garbage
        assert render_caches.collect_soon(0.01) is True
        assert render_caches.collect_soon(0.01) is False  # already due on this loop
        for _ in range(200):
            await asyncio.sleep(0.01)
            if gone() is None:
                break
        assert gone() is None
        assert render_caches.collect_soon(0.01) is True  # the next close schedules again
        await asyncio.sleep(0.05)
    finally:
        gc.enable()


def test_another_loop_is_not_blocked_by_a_closed_one():
    async def schedule() -> bool:
        return render_caches.collect_soon(10)

    assert asyncio.run(schedule()) is True  # that loop closes with the collection still due
    assert asyncio.run(schedule()) is True


def test_no_loop_schedules_nothing_and_trim_is_safe():
    assert render_caches.collect_soon() is False
    assert render_caches.trim() in (True, False)
