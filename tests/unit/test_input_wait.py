"""tui/input_wait.py: Textual's input loop with the real key parser, fed through a pipe.
It sleeps until input (no wake-ups ten times a second), still times a lone Esc out, and
ends at once when the driver's exit event is set."""

from __future__ import annotations

import os
import selectors
import threading
import time

from textual import events

from tests.support.pty_io import wait_quietly
from tui import input_wait


class _Driver:
    """What run_input_thread reads from a LinuxDriver."""

    _debug = False

    def __init__(self) -> None:
        self.r, self.w = os.pipe()
        self.fileno = self.r
        self.exit_event = input_wait.WakingEvent()
        self.messages: list = []

    def process_message(self, message) -> None:
        self.messages.append(message)

    def keys(self) -> list[str]:
        return [m.key for m in self.messages if isinstance(m, events.Key)]


def _start(driver, monkeypatch):
    selects = []
    base = selectors.DefaultSelector

    class Counting(base):
        def select(self, timeout=None):
            selects.append(timeout)
            return super().select(timeout)

    monkeypatch.setattr(input_wait.selectors, "DefaultSelector", Counting)
    thread = threading.Thread(target=input_wait.run_input_thread, args=(driver,), daemon=True)
    thread.start()
    return thread, selects


def test_it_sleeps_until_a_key_and_reads_it(monkeypatch):
    driver = _Driver()
    thread, selects = _start(driver, monkeypatch)
    try:
        assert wait_quietly(lambda: selects, 10.0)
        time.sleep(0.6)  # Textual's loop would have woken six times
        assert selects == [None], selects
        os.write(driver.w, b"a")
        assert wait_quietly(lambda: driver.keys() == ["a"], 10.0), driver.messages
    finally:
        driver.exit_event.set()
        thread.join(5)
    assert not thread.is_alive()


def test_a_lone_escape_still_times_out_into_a_key(monkeypatch):
    driver = _Driver()
    thread, selects = _start(driver, monkeypatch)
    try:
        assert wait_quietly(lambda: selects, 10.0)
        os.write(driver.w, b"\x1b")
        assert wait_quietly(lambda: driver.keys() == ["escape"], 10.0), driver.messages
        assert any(t is not None for t in selects), "waited on the parser's deadline"
    finally:
        driver.exit_event.set()
        thread.join(5)


def test_setting_the_exit_event_wakes_the_sleeping_thread(monkeypatch):
    driver = _Driver()
    thread, selects = _start(driver, monkeypatch)
    assert wait_quietly(lambda: selects, 10.0)
    time.sleep(0.2)
    driver.exit_event.set()
    thread.join(5)  # a generous bound: without the wake pipe it would block for ever
    assert not thread.is_alive()
    assert driver.exit_event.wake_fd is None


def test_an_exit_before_the_thread_waits_ends_it_too(monkeypatch):
    driver = _Driver()
    driver.exit_event.set()
    thread, _ = _start(driver, monkeypatch)
    thread.join(5)
    assert not thread.is_alive()


def test_install_patches_the_linux_driver_once():
    from textual.drivers.linux_driver import LinuxDriver

    input_wait.install()
    input_wait.install()
    assert LinuxDriver.run_input_thread is input_wait.run_input_thread
    assert LinuxDriver.__init__ is input_wait._init
