"""One write to the terminal per frame, not three, where the terminal syncs updates.

When the terminal answers that it supports synchronized output (mode 2026: kitty, WezTerm,
foot, iTerm2, Windows Terminal, Ghostty and others), Textual brackets each frame with its
begin and end sequences, and ``App._display`` hands the driver three strings: the begin
marker, the frame, the end marker. Each goes through the driver's writer thread on its
own: three queue hand-offs, three thread wakes and three ``write`` calls, each flushed (the
queue is empty between them). Over SSH each flushed write may leave as a packet of its
own: two of them ~8 bytes of payload under ~100 bytes of SSH and TCP/IP headers, for every
frame (a followed log paints ten a second).

Here the driver collects what a frame writes between ``_begin_update`` and
``_end_update`` and hands it over as one string. Without synchronized output Textual writes
the frame once already and nothing changes. Only ``LinuxDriver`` (the terminal) collects:
other drivers (headless tests, the served mode's web driver) write as before.

``_begin_update``, ``_end_update`` and ``LinuxDriver.write`` are pinned by
tests/test_framework_internals.py; it installs only on the Textual minor we test
(``tight_updates.install``).
"""

from __future__ import annotations

from textual._ansi_sequences import SYNC_END, SYNC_START
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver

_stock_write = LinuxDriver.write
_stock_begin = App._begin_update
_stock_end = App._end_update


def _write(self, data: str) -> None:
    frame = self.__dict__.get("_frame")
    if frame is not None:
        frame.append(data)
        return
    _stock_write(self, data)


def _begin_update(self) -> None:
    driver = self._driver
    if self._sync_available and isinstance(driver, LinuxDriver):
        driver._frame = [SYNC_START]
        return
    _stock_begin(self)


def _end_update(self) -> None:
    driver = self._driver
    frame = driver.__dict__.get("_frame") if isinstance(driver, LinuxDriver) else None
    if frame is None:
        _stock_end(self)
        return
    driver._frame = None
    frame.append(SYNC_END)
    _stock_write(driver, "".join(frame))


def install() -> None:
    """Collect each frame's writes into one (idempotent)."""
    LinuxDriver.write = _write
    App._begin_update = _begin_update
    App._end_update = _end_update
