"""tui.from_thread.call_from_thread: a worker's call into the UI runs on the app's thread while
the app runs, and returns (never waits for ever) once the app's loop has stopped or closed.
Textual's own call_from_thread waits with no timeout: a callback dropped with a stopped loop
left a thread-pool worker blocked, and the interpreter waited for it at exit (a CI run held
past its deadline after every test had passed)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from textual.app import App

from tui.from_thread import call_from_thread


async def test_runs_on_the_app_thread_while_the_app_runs():
    app = App()
    async with app.run_test() as pilot:
        seen: list[tuple[str, int]] = []
        result: list[bool] = []
        worker = threading.Thread(target=lambda: result.append(call_from_thread(app, lambda v, k=0: seen.append((v, k)), "x", k=2)))
        worker.start()
        while worker.is_alive():
            await pilot.pause(0.02)
        assert seen == [("x", 2)] and result == [True]


async def test_an_exception_in_the_callback_reaches_the_worker_not_the_app():
    app = App()
    async with app.run_test() as pilot:
        raised: list[BaseException] = []

        def work():
            try:
                call_from_thread(app, lambda: 1 / 0)
            except ZeroDivisionError as exc:
                raised.append(exc)

        worker = threading.Thread(target=work)
        worker.start()
        while worker.is_alive():
            await pilot.pause(0.02)
        assert len(raised) == 1 and app.is_running


async def test_after_the_app_closed_it_does_nothing():
    app = App()
    async with app.run_test():
        pass
    ran: list[int] = []
    started = time.monotonic()
    assert await asyncio.to_thread(call_from_thread, app, ran.append, 1) is False
    assert ran == [] and time.monotonic() - started < 5


class _StoppedLoopApp:
    """An app whose loop stops after the call was posted: the window Textual's own call hangs in."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._closing = self._closed = False

    def call_later(self, callback, *args) -> bool:
        self._loop.call_soon_threadsafe(callback, *args)  # queued; the stopped loop never runs it
        return True


@pytest.mark.parametrize("close", [False, True])
def test_a_loop_that_stops_or_closes_under_the_call_releases_the_worker(close):
    loop = asyncio.new_event_loop()
    app = _StoppedLoopApp(loop)
    result: list[bool] = []
    worker = threading.Thread(target=lambda: result.append(call_from_thread(app, lambda: None)), daemon=True)
    worker.start()
    if close:
        time.sleep(0.05)
        loop.close()
    worker.join(30)
    if not close:
        loop.close()
    assert not worker.is_alive() and result == [False]


@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
def test_textuals_own_call_would_wait_for_ever_in_that_window():
    """The reason for the module: App.call_from_thread on a stopped loop does not return (and
    closing the loop drops its coroutine un-awaited: the warning the held CI run printed)."""
    loop = asyncio.new_event_loop()
    app = App()
    app._loop = loop
    worker = threading.Thread(target=lambda: app.call_from_thread(lambda: None), daemon=True)
    worker.start()
    worker.join(1.0)
    assert worker.is_alive()  # still waiting; a daemon thread, so the test run can exit
    loop.close()


async def test_the_posted_call_keeps_no_reference_to_its_arguments():
    """The app's message loop holds the last message it handled until the next one arrives: a
    callback posted with a screen as argument kept that closed screen (and its widgets) alive."""
    import gc
    import weakref

    class Screenish:
        def show(self, value: int) -> None:
            self.value = value

    app = App()
    async with app.run_test() as pilot:
        thing = Screenish()
        ref = weakref.ref(thing)
        worker = threading.Thread(target=call_from_thread, args=(app, thing.show, 1))
        worker.start()
        while worker.is_alive():
            await asyncio.sleep(0.02)
        assert thing.value == 1
        del thing, worker
        gc.collect()
        assert ref() is None


# Waker: a worker's "look at your inbox" as one callback on the loop, no message.


async def test_a_waker_calls_on_the_ui_thread_in_the_owner_s_context():
    from textual import active_app
    from textual.widgets import Static

    from tui.from_thread import Waker

    class Host(App):
        def compose(self):
            yield Static(id="owner")

    app = Host()
    async with app.run_test() as pilot:
        owner = app.query_one("#owner")
        seen: list[tuple[int, object]] = []
        waker = Waker(owner, lambda: seen.append((threading.get_ident(), active_app.get())))
        results: list[bool] = []
        worker = threading.Thread(target=lambda: results.append(waker()))
        worker.start()
        worker.join()
        assert results == [True] and waker.pending == 1
        while not seen:
            await pilot.pause(0.01)
        assert seen == [(threading.get_ident(), app)] and waker.pending == 0
        posted = owner._message_queue.qsize()
        assert posted == 0  # nothing went through the owner's queue


async def test_a_waker_s_exception_goes_to_the_app_and_a_closing_owner_is_not_woken():
    from textual.widgets import Static

    from tui.from_thread import Waker

    class Host(App):
        def compose(self):
            yield Static(id="owner")

    app = Host()
    handled: list[BaseException] = []
    async with app.run_test() as pilot:
        owner = app.query_one("#owner")
        app._handle_exception = handled.append  # what a handler's exception reaches
        waker = Waker(owner, lambda: 1 / 0)
        assert await asyncio.to_thread(waker) is True
        await pilot.pause(0.05)
        assert len(handled) == 1 and isinstance(handled[0], ZeroDivisionError)
        ran: list[int] = []
        quiet = Waker(owner, lambda: ran.append(1))
        await owner.remove()
        assert await asyncio.to_thread(quiet) is False
        await pilot.pause(0.05)
        assert ran == [] and quiet.pending == 0
