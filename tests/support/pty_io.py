"""A pseudo-terminal for engine code that writes to a terminal (exec, attach): what it
wrote is collected by a reader thread, and a test waits on it without failing."""

from __future__ import annotations

import os
import threading
import time


def wait_quietly(predicate, timeout: float) -> bool:
    """Whether ``predicate`` became true within ``timeout`` (no assertion: the caller decides)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def open_terminal() -> tuple[int, int, bytearray]:
    """(master, slave, what was written on the slave): a reader thread drains the master
    until it is closed."""
    master, slave = os.openpty()
    out = bytearray()

    def read() -> None:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            out.extend(data)

    threading.Thread(target=read, name="pty-drain", daemon=True).start()
    return master, slave, out
