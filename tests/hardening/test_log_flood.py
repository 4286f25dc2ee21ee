"""Issue 17 item 7: keys still work while a container floods its log, and quit is prompt.

A container runs ``yes`` (as many lines as the daemon will take). With its log view open
and following, each key below must take effect on the screen within a generous deadline
(this machine is shared: the speed itself is measured in bench/, not asserted here):
scrolling up pauses the view, G follows again, w toggles wrap, esc goes back to the
dashboard, and q quits. The flood's lines are split in a child process of Dockyard
(tui/engine/log_reader.py), which must be gone once the view is closed.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.hardening.test_quit import assert_terminal_restored
from tests.support.procfs import children

pytestmark = pytest.mark.daemon

FLOOD = "yes 'FLOOD 0123456789 the quick brown fox jumps over the lazy dog'"
KEY_DEADLINE = 20.0  # generous: load averages of 30-60 on 2 cores were seen on this machine
QUIT_DEADLINE = 8.0
STATUS = r"lines\s+since"  # the logs view's status line


def _readers(pid: int) -> list[int]:
    found = []
    for child in children(pid):
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"tui.engine.log_reader" in cmd:
            found.append(child)
    return found


def _open_flood(bed, pty_app):
    # Keep the flood's json log small: the disk is shared.
    log_config = {"Type": "json-file", "Config": {"max-size": "5m", "max-file": "2"}}
    bed.run("flood", FLOOD, host_config=bed.client.create_host_config(log_config=log_config))
    name = bed.name("flood")
    app = pty_app(size=(120, 36))
    app.wait_for(r"Containers \(\d+\)")
    app.wait_for(re.escape(name[:12]))
    app.settle(0.5)
    app.send("/")
    app.wait_for("enter keeps")
    app.send(name)
    time.sleep(0.3)
    app.send("\r")
    time.sleep(0.5)
    app.send("l")
    app.wait_for(STATUS, timeout=KEY_DEADLINE)
    app.wait_for(r"FLOOD 0123456789", timeout=KEY_DEADLINE)
    app.wait_for(r"dropped", timeout=KEY_DEADLINE)  # the flood outruns the 10,000-line buffer: proof it floods
    return app


def test_keys_take_effect_during_a_flood_and_the_reader_is_a_child(bed, pty_app):
    app = _open_flood(bed, pty_app)
    deadline = time.monotonic() + KEY_DEADLINE
    while not _readers(app.proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _readers(app.proc.pid), "a flooding log should be split in a log_reader child process"

    app.send("\x1b[A")  # up: scrolling pauses follow
    app.wait_for(r"paused|new lines", timeout=KEY_DEADLINE)
    app.send("G")  # follow again: the marker goes
    app.wait_gone(r"G or end to follow", timeout=KEY_DEADLINE)

    app.send("w")  # wrap on: the status line's flags say so
    app.wait_for(r"\[[a-z ]*wrap[a-z ]*\]", timeout=KEY_DEADLINE)
    app.send("w")
    app.wait_gone(r"\[[a-z ]*wrap[a-z ]*\]", timeout=KEY_DEADLINE)

    app.send("\x1b")  # esc: back to the dashboard
    app.wait_gone(STATUS, timeout=KEY_DEADLINE)
    app.wait_for(r"Containers \(\d+\)", timeout=KEY_DEADLINE)
    deadline = time.monotonic() + KEY_DEADLINE
    while _readers(app.proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _readers(app.proc.pid), "the log reader outlived its view"


def test_quit_is_prompt_during_a_flood(bed, pty_app):
    app = _open_flood(bed, pty_app)
    readers = _readers(app.proc.pid)
    start = time.monotonic()
    app.press("q", delay=0)
    code = app.wait_exit(QUIT_DEADLINE)
    elapsed = time.monotonic() - start
    assert code == 0, f"no clean exit within {QUIT_DEADLINE}s (load {os.getloadavg()[0]:.1f})"
    assert elapsed < QUIT_DEADLINE
    assert_terminal_restored(app)
    time.sleep(0.5)
    alive = [pid for pid in readers if Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]]
    assert not alive, "a log reader survived the quit"
