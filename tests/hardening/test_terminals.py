"""Terminals: resize storms, tiny sizes, TERM variants, NO_COLOR, a non-UTF-8 locale, no TTY."""

from __future__ import annotations

import os
import re
import time
import subprocess
import sys

import pytest

from tests.support.pty_app import ROOT, base_env
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs.too_small import TooSmallScreen

pytestmark = pytest.mark.daemon

STORM = [(120, 36), (80, 24), (40, 10), (39, 10), (20, 5), (1, 1), (2, 2), (1, 40), (200, 1), (300, 80), (10, 3), (1, 1), (120, 36)]


async def test_resize_storm_down_to_1x1_and_back(bed, make_app, until):
    bed.run("storm")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced, what="sync")
        for _ in range(3):
            for size in STORM:
                await pilot.resize_terminal(*size)
                await pilot.pause(0.01)
        await pilot.resize_terminal(1, 1)
        await until(pilot, lambda: (isinstance(app.screen, TooSmallScreen) and app.screen.is_mounted), what="too-small notice")
        assert "too small" in str(app.screen.query_one("#too-small-message").render()).lower()
        await pilot.resize_terminal(120, 36)
        await until(pilot, lambda: (isinstance(app.screen, DashboardScreen) and app.screen.is_mounted), what="dashboard back")
        assert sum(isinstance(s, TooSmallScreen) for s in app.screen_stack) == 0
        await pilot.press("j", "2", "1")
        assert app.return_code in (None, 0)


def test_resize_storm_in_a_real_pty(pty_app):
    app = pty_app(size=(100, 30))
    app.wait_for(r"Containers \(\d+\)")
    # A burst of SIGWINCH can make Textual post an older size last (its handler runs
    # nested): the app must still end at the terminal's real size. Repeated: it is a race.
    for _ in range(4):
        for cols, rows in STORM * 2:
            app.resize(cols, rows)
        app.resize(30, 6)
        app.wait_for(r"too small", timeout=10)
        app.resize(100, 30)
        app.wait_for(r"Containers \(\d+\)", timeout=10)
    assert app.returncode is None
    assert app.quit_and_wait("q") < 5
    assert app.returncode == 0


@pytest.mark.parametrize(
    "env",
    [
        {"TERM": "xterm-256color"},
        {"TERM": "screen-256color"},
        {"TERM": "tmux-256color"},
        {"TERM": "linux"},
        {"TERM": "dumb"},
        {"TERM": "xterm-256color", "NO_COLOR": "1"},
        {"TERM": "xterm", "LANG": "C", "LC_ALL": "C"},
        {"TERM": "xterm-256color", "LANG": "POSIX", "LC_ALL": "POSIX", "PYTHONIOENCODING": "latin-1"},
    ],
    ids=lambda e: "-".join(f"{k}={v}" for k, v in e.items()),
)
def test_terminal_variants_start_work_and_quit(bed, pty_app, env):
    bed.run("term")
    app = pty_app(size=(110, 30), **env)
    # With a latin-1 output encoding the glyphs latin-1 lacks become ASCII stand-ins
    # (tui/terminal_output.py; test_terminal_output.py checks them); here: it works.
    app.wait_for(r"Containers \(\d+\)", timeout=20)
    app.wait_for(bed.prefix[:12])
    app.press("j", "question_mark")
    app.settle(0.3)
    app.press("escape")
    app.settle(0.3)
    raw = app.raw_bytes()
    assert app.quit_and_wait("q") < 5
    assert app.returncode == 0, app.raw_bytes()[-2000:]
    assert b"Traceback" not in app.raw_bytes()
    assert raw


def test_no_tty_exits_2_with_one_plain_line():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    proc = subprocess.run([sys.executable, "-m", "tui"], stdin=subprocess.DEVNULL, capture_output=True, env=env, cwd=ROOT, timeout=30)
    assert proc.returncode == 2
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and "terminal" in lines[0], proc.stderr
    assert b"\x1b" not in proc.stderr and b"\x1b" not in proc.stdout
    assert proc.stdout == b""


def _shape(text: str) -> list[str]:
    """The screen with numbers and runs of spaces folded: values may tick between two looks."""
    def shape(line: str) -> str:
        line = re.sub(r"\d+(?:\.\d+)?(?:B|KiB|MiB|GiB|TiB)\b", "#U", line)  # 996KiB may become 1.0MiB
        # a wider value (1020KiB after 996KiB) widens its column and clips a neighbour by a cell
        line = re.sub(r"\S*…", "…", line)
        return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line)).strip()

    return [shape(line) for line in text.splitlines()]


def test_partial_updates_leave_the_screen_a_full_repaint_draws(bed, pty_app):
    """Stats ticks repaint only the changed cells (tui/tight_updates.py): what the terminal
    ends up showing must match a full repaint of the same screen."""
    for i in range(4):
        bed.run(f"tight{i}", "while :; do echo tick; sleep 0.1; done" if i % 2 else "sleep 100000")
    started = time.monotonic()
    app = pty_app(size=(120, 36))
    app.wait_for(r"Containers \(\d+\)")
    app.wait_for(re.escape(bed.prefix[:12]))
    app.wait_for(r"\d+\.\d%")  # stats arrived
    # Two stats ticks of partial updates, and past "Up 9 sec": the two looks below must not
    # fall either side of "Up 10 sec", a wider value (a loaded run's did).
    time.sleep(max(4.5, 11.5 - (time.monotonic() - started)))
    app.settle(0.3)
    partial = app.screen_text()
    app.resize(121, 36)  # a resize repaints everything
    app.settle(0.3)
    app.resize(120, 36)
    app.settle(0.3)
    full = app.screen_text()
    assert _shape(partial) == _shape(full), "\n".join(["partial:", partial, "full:", full])
    assert app.quit_and_wait("q") < 5
