"""Following a log in a real pty: the terminal scrolls the log view itself (tui/scroll_region.py)
and the screen it is left with equals a full repaint, cell by cell (characters, colours,
attributes), at an ordinary size, a small one, and under tmux.
"""

from __future__ import annotations

import re
import shutil
import sys
import time

import pytest

from tests.support.pty_app import ROOT, PtyApp, base_env, screen_cells

pytestmark = pytest.mark.daemon

# After a pause (the view opens meanwhile), bursts of 1 to 60 lines (more than a screen), of
# varying length, some coloured, some on stderr; then quiet.
BURSTS = (
    "echo waiting; sleep 8; i=0; for n in 1 1 3 7 20 60 2 1 5 1; do j=0; while [ $j -lt $n ]; do i=$((i+1)); "
    "if [ $((i % 5)) -eq 0 ]; then printf '\\033[31mred %s\\033[0m tail\\n' $i; "
    "elif [ $((i % 7)) -eq 0 ]; then echo \"err $i\" >&2; "
    "else echo \"burst $i $(printf '%*s' $((i % 40)) '' | tr ' ' x)\"; fi; j=$((j+1)); done; sleep 0.4; done; "
    "echo BURST-DONE; sleep 100000"
)


def _log_rows(app: PtyApp) -> range:
    lines = app.screen_text().splitlines()
    hits = [y for y, line in enumerate(lines) if re.search(r"waiting|burst \d+|red \d+|err \d+|BURST-DONE", line)]
    assert hits, app.screen_text()
    return range(hits[0], hits[-1] + 1)


def _open_logs(app: PtyApp, name: str) -> None:
    app.wait_for(r"Containers \(\d+\)")
    app.wait_for(re.escape(name[:12]))
    time.sleep(1.0)
    app.send("/")
    app.wait_for("enter keeps")
    app.send(name)
    time.sleep(0.3)
    app.send("\r")
    time.sleep(0.5)
    app.send("l")


def _check_burst(app: PtyApp, size: tuple[int, int]) -> bytes:
    app.wait_for(r"BURST-DONE", timeout=30)
    app.settle(1.5)  # while following, the scrollbar catches up within a second
    rows = _log_rows(app)
    scrolled = screen_cells(app, rows)
    raw = app.raw_bytes()
    cols, lines = size
    app.resize(cols + 1, lines)  # a resize repaints everything
    app.settle(0.5)
    app.resize(cols, lines)
    app.settle(0.5)
    assert _log_rows(app) == rows
    repainted = screen_cells(app, rows)
    for y, (a, b) in enumerate(zip(scrolled, repainted)):
        assert a == b, f"row {rows[y]} differs after a full repaint:\n{''.join(c[0] for c in a)}\n{''.join(c[0] for c in b)}"
    return raw


@pytest.mark.parametrize("size", [(100, 30), (56, 14)])
def test_a_followed_burst_leaves_the_screen_a_full_repaint_draws(bed, pty_app, size):
    bed.run("burst", BURSTS)
    app = pty_app(size=(100, 30))
    _open_logs(app, bed.name("burst"))
    app.wait_for("waiting")
    if size != (100, 30):
        app.resize(*size)
    raw = _check_burst(app, size)
    # The terminal did the scrolling: a scroll region was set, and reset each time.
    regions = re.findall(rb"\x1b\[(\d+);(\d+)r", raw)
    assert regions, "no scroll region was used"
    assert raw.count(b"\x1b[r") >= len(regions)
    assert app.quit_and_wait("q") < 5


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")
def test_under_tmux_the_scrolled_pane_equals_a_full_repaint(bed, tmp_path):
    """tmux is the terminal here: its own copy of the pane (capture-pane, with colours)
    after the bursts must equal its copy after the app repainted everything."""
    import os
    import subprocess

    bed.run("tmuxburst", BURSTS)
    name = bed.name("tmuxburst")
    env = base_env(tmp_path, DOCKER_HOST=os.environ["DOCKER_HOST"])
    socket = str(tmp_path / "tmux.sock")

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", "-S", socket, *args], env=env, capture_output=True, text=True, check=True).stdout

    def pane() -> str:
        return tmux("capture-pane", "-p", "-e", "-t", "app")

    def wait(pattern: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not re.search(pattern, pane()):
            assert time.monotonic() < deadline, f"{pattern!r} not in the pane:\n{pane()}"
            time.sleep(0.2)

    tmux("-f", "/dev/null", "new-session", "-d", "-s", "app", "-x", "100", "-y", "30", f"cd {ROOT} && exec {sys.executable} -m tui")
    try:
        tmux("set", "-g", "status", "off")
        wait(r"Containers \(\d+\)")
        wait(re.escape(name[:12]))
        time.sleep(1.0)
        for keys in (["/"], [name], ["Enter"], ["l"]):
            tmux("send-keys", "-t", "app", *(["-l"] if keys != ["Enter"] else []), *keys)
            time.sleep(0.5)
        wait("waiting")
        wait("BURST-DONE")
        time.sleep(2.0)  # quiet; the scrollbar catches up within a second
        scrolled = pane()
        tmux("resize-window", "-t", "app", "-x", "101", "-y", "30")
        time.sleep(1.0)
        tmux("resize-window", "-t", "app", "-x", "100", "-y", "30")
        time.sleep(1.5)
        repainted = pane()

        def log_rows(text: str) -> list[str]:  # with their colours
            rows = text.splitlines()
            plain = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]
            return [row for row, bare in zip(rows, plain) if re.match(r"\W*\s*(waiting|burst \d+|red \d+|err \d+|BURST-DONE)", bare)]

        assert len(log_rows(scrolled)) > 10
        assert log_rows(scrolled) == log_rows(repainted), "\n".join(["scrolled:", scrolled, "repainted:", repainted])
    finally:
        subprocess.run(["tmux", "-S", socket, "kill-server"], env=env, capture_output=True)


# The ticks start when the test creates /tmp/go, once the logs view shows (a fixed sleep was
# too short when a loaded machine took longer to open the view: every tick was history).
TICKS = "echo waiting; for i in $(seq 1 40); do echo \"fill $i\"; done; while [ ! -e /tmp/go ]; do sleep 0.2; done; for i in 1 2 3 4 5 6 7 8 9 10; do echo \"tick $i $(printf '%*s' $((i * 3)) '' | tr ' ' y)\"; sleep 0.7; done; sleep 100000"


def test_a_line_while_following_writes_its_row_not_the_view(bed, pty_app):
    """One line every 0.7 s while following: each batch writes about one row of the log
    view (the new line; the terminal scrolls the rest), plus the scrollbar and the status
    counter now and then; never the whole view. Behaviour, not speed."""
    cid = bed.run("ticks", TICKS)
    app = pty_app(size=(100, 30))
    _open_logs(app, bed.name("ticks"))
    app.wait_for(r"lines\s+since", timeout=30)  # the logs view's status line: the view is open
    app.wait_for("fill 40")
    bed.client.exec_start(bed.client.exec_create(cid, ["touch", "/tmp/go"]))
    app.wait_for(r"tick 4 ", timeout=30)
    app.settle(0.2)
    mark = len(app.raw_bytes())
    app.wait_for(r"tick 10 ", timeout=30)
    app.settle(0.3)
    lines = app.screen_text().splitlines()
    band = [y for y, line in enumerate(lines) if re.search(r"waiting|fill \d+|tick \d+", line)]
    top, bottom = band[0], band[-1]
    raw = app.raw_bytes()[mark:]
    rows = [int(m.group(1)) - 1 for m in re.finditer(rb"\x1b\[(\d+);(\d+)H", raw)]
    in_band = [y for y in rows if top <= y <= bottom]
    batches = 6  # tick 5 .. tick 10
    assert re.search(rb"\x1b\[\d+;\d+r", raw), "the terminal was not asked to scroll"
    # ~1 row per line plus the scrollbar thumb's two edge rows (in the band's rows), which may
    # catch up in a later paint of their own (tick 4's can land after the mark: a 7th batch),
    # and cursor homing after each update: up to ~5 rows a batch. A repaint is ~25 rows a batch.
    # (CI under load wrote 31 rows for 3 a batch: [28, 13, 14, 28, 14, 15, ...].)
    assert len(in_band) <= batches * 5 + 12, (len(in_band), rows)
    assert app.quit_and_wait("q") < 5
