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
"""

from __future__ import annotations

import threading
from collections.abc import Callable
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


def _gone(app: Any) -> bool:
    return bool(getattr(app, "_closing", False) or getattr(app, "_closed", False))
