"""Calling the UI from a worker thread without ever waiting for a loop that has gone.

Textual's ``App.call_from_thread`` schedules the callback on the app's loop and then waits
for its result with no timeout. When the loop stops or closes between the two (the app quit
while a worker was finishing; in tests, the test's loop ended), the scheduled callback is
dropped with the loop's ready queue and the worker waits for ever. A worker of the loop's
thread pool that never ends also keeps the interpreter from exiting (``concurrent.futures``
joins its threads at exit): that is how one such race once held a whole test run past its
CI deadline after every test had passed.

``call_from_thread`` here posts the callback as a message (Textual's ``call_later``, which
``post_message`` makes thread-safe) and waits for it to run only while the app is still
there to run it. The callback runs on the UI thread, in the app's context, in order with
the app's other messages; its return value is not needed by any caller and is not kept. An
exception it raises is raised again in the worker, as Textual's own call would, never in
the app's message loop.

``Waker`` is the other direction's fast path: a worker that only needs the UI to look at
what it left (a log pump's inbox) schedules one callback on the loop, with no message and
no waiting.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

POLL = 0.1  # seconds between looks at the loop while waiting


def call_from_thread(app: Any, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Run ``callback(*args, **kwargs)`` on the app's thread and wait for it, unless the app
    closes or its loop stops first. True when the callback ran; False when it could not."""
    loop = getattr(app, "_loop", None)
    if loop is None or loop.is_closed() or _gone(app):
        return False
    ran = threading.Event()
    failed: list[BaseException] = []
    # The posted message outlives the call (the app's message loop keeps the last message it
    # handled until the next one): it must not keep the callback and its arguments, which are
    # often a screen that has since closed.
    call: list[Any] = [callback, args, kwargs]

    def run() -> None:
        if not call:
            return
        fn, fn_args, fn_kwargs = call
        call.clear()
        try:
            fn(*fn_args, **fn_kwargs)
        except Exception as exc:
            failed.append(exc)
        finally:
            del fn, fn_args, fn_kwargs
            ran.set()

    try:
        if not app.call_later(run):
            return False  # the app is closing: nobody is left to tell
    except RuntimeError:
        return False  # the loop closed in between
    while not ran.wait(POLL):
        if loop.is_closed() or not loop.is_running() or _gone(app):
            break
    call.clear()
    if failed:
        raise failed.pop()
    return ran.is_set()


class Waker:
    """Runs ``callback`` on the UI loop when a worker thread says so, without a message.

    A followed log hands its batches over from the pump's thread; posted as a message, each
    batch woke the owner's message task for a dispatch and an idle round only to call one
    method (issue 21; the saving is small, within the follow benchmark's noise). ``Waker()`` puts the
    callback straight on the loop (``call_soon_threadsafe``), in the context the owner had
    when the waker was made (the app, the active pump), so Textual calls inside it behave as
    in a handler. Made on the UI thread (``on_mount``). Returns False, as ``post_message``
    does, once the owner is closing: nothing is scheduled. An exception in the callback goes
    to the app like one raised by a handler. ``pending``: wakes scheduled and not yet run.
    """

    def __init__(self, owner: Any, callback: Callable[[], Any]) -> None:
        self._owner = owner
        self._callback = callback
        self._loop = asyncio.get_running_loop()
        self._context = contextvars.copy_context()
        self.pending = 0

    def __call__(self) -> bool:
        owner = self._owner
        if owner._closing or owner._closed or self._loop.is_closed():
            return False
        self.pending += 1
        try:
            self._loop.call_soon_threadsafe(self._run, context=self._context)
        except RuntimeError:  # the loop closed in between
            self.pending -= 1
            return False
        return True

    def _run(self) -> None:
        self.pending -= 1
        if self._owner._closed:
            return
        try:
            self._callback()
        except Exception as error:
            self._owner.app._handle_exception(error)


class Inbox:
    """What worker threads hand over (a log pump's batches and statuses), kept in order for the
    UI to take all at once. The first item after a take wakes the owner (one ``Waker`` call of
    ``on_wake``, bound on mount); later ones ride on that wake, so at most one is pending
    however many workers put and however fast. ``on_wake`` calls ``take`` (now or after a key
    press it lets through first); until then nothing wakes the owner again."""

    def __init__(self) -> None:
        self._items: deque[Any] = deque()
        self._lock = threading.Lock()
        self._announced = False
        self.wake: Waker | None = None

    def bind(self, owner: Any, on_wake: Callable[[], Any]) -> None:
        """On the UI thread (``on_mount``), before any worker puts."""
        self.wake = Waker(owner, on_wake)

    def put(self, item: Any) -> None:  # any thread
        with self._lock:
            self._items.append(item)
            if self._announced:
                return  # the UI has not taken the inbox yet: it will take this too
            self._announced = True
        if self.wake is None or not self.wake():  # False once the owner is closing
            with self._lock:
                self._announced = False

    def take(self) -> list[Any]:
        with self._lock:
            items = list(self._items)
            self._items.clear()
            self._announced = False
        return items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Any]:  # a copy: workers may put meanwhile
        with self._lock:
            return iter(list(self._items))


def _gone(app: Any) -> bool:
    return bool(getattr(app, "_closing", False) or getattr(app, "_closed", False))
