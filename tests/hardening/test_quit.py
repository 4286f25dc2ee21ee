"""Quit is instant, whatever the daemon is doing, and leaves the terminal as it found it."""

from __future__ import annotations

import os
import termios
import time

import pytest

pytestmark = pytest.mark.daemon

QUIT_BUDGET = 0.5  # seconds of work the exit may cost
# Wall time on this shared machine (load averages of 30-50 on 2 cores were measured while
# these tests were written) mostly measures the neighbours: bound it loosely, and hold the
# exit's own CPU time to the budget, which the load does not inflate.
WALL_BOUND = 3.0


def check_quit(app, elapsed: float) -> None:
    load = os.getloadavg()[0]
    assert app.returncode == 0
    assert app.quit_cpu < QUIT_BUDGET, f"quit cost {app.quit_cpu:.2f}s of CPU"
    assert elapsed < max(QUIT_BUDGET, WALL_BOUND if load > 2 else 1.0), f"quit took {elapsed:.2f}s (load {load:.1f})"


def assert_terminal_restored(app) -> None:
    # The child has exited, but the pty reader may not have read its last writes yet (a CI
    # run under heavy load checked before it had): give it a few seconds to drain.
    deadline = time.monotonic() + 5.0
    while not all(seq in app.raw_bytes()[-600:] for seq in (b"\x1b[?1049l", b"\x1b[?25h")) and time.monotonic() < deadline:
        time.sleep(0.05)
    tail = app.raw_bytes()[-600:]
    assert b"\x1b[?1049l" in tail, "alternate screen not left"
    assert b"\x1b[?25h" in tail, "cursor not shown again"
    attrs = termios.tcgetattr(app._master)
    lflag = attrs[3]
    assert lflag & termios.ICANON and lflag & termios.ECHO, "tty left in raw mode"


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
def test_quit_is_instant_with_streams_open(bed, proxy, pty_app, key):
    bed.run("busy", 'while true; do echo tick; sleep 0.1; done')
    app = pty_app(docker_host=proxy.url)
    app.wait_for(r"live")
    app.wait_for(bed.prefix[:12])
    app.settle(0.5)
    assert proxy.open_streams(), "the event stream should be open"
    elapsed = app.quit_and_wait(key)
    check_quit(app, elapsed)
    assert_terminal_restored(app)


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
def test_quit_is_instant_with_a_hung_daemon_and_a_call_in_flight(bed, proxy, pty_app, key):
    bed.run("stuck")
    app = pty_app(docker_host=proxy.url)
    app.wait_for(r"live")
    app.wait_for(bed.prefix[:12])
    app.settle(0.5)
    proxy.freeze()
    app.press("s")  # a stop request that will hang in its worker thread
    app.settle(0.5)
    elapsed = app.quit_and_wait(key)
    check_quit(app, elapsed)
    assert_terminal_restored(app)
