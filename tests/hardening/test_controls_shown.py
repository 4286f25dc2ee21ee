"""Controls in container output are shown, not removed, and never eat text (issue 17, item 4).

The logs view used to drop every non-colour sequence (``BEFORE     CLICKME AFTER``: the
reader could not see the OSC 52) and a lone ESC took the next character (``\\033 end``
read ``nd``). Here a container prints both; the logs view must show the OSC as visible
symbols (``␛]52;…␇``), ``␛ end`` whole, colours still rendered, and nothing acting on the
terminal. Saving the logs under a state directory whose name carries escapes (outside
text from the environment) must name the file without emitting them.
"""

from __future__ import annotations

import base64

import pytest

from tests.support.pty_app import hostile_hits

from .hostile import new_marker

pytestmark = pytest.mark.daemon


def test_logs_view_shows_controls_as_symbols(bed, pty_app, tmp_path):
    marker = new_marker()
    b64 = base64.b64encode(marker.encode()).decode()
    script = (
        f"printf 'BEFORE \\033]52;c;{b64}\\007 CLICKME AFTER\\n'; "
        "printf 'lone \\033 end\\n'; "
        f"printf 'title \\033]0;{marker}\\007 done\\n'; "
        "printf '\\033[31mred\\033[0m plain\\n'; "
        "trap 'exit 0' TERM; sleep 100000 & wait"
    )
    name = bed.name("ctl")
    bed.run("ctl", ["sh", "-c", script])
    state = tmp_path / ("state-\x1b]0;" + marker + "-dir\x07")
    app = pty_app(size=(140, 40), DOCKYARD_LOG_DIR=str(state))
    app.wait_for(r"Containers \(\d+\)", timeout=30)
    app.palette(f"go to container {name}")
    app.press("l")
    # At 140 columns the dashboard's preview pane shows the tail too: wait for the logs view.
    app.wait_for(r"lines\s+since last", timeout=15)
    app.wait_for(r"CLICKME AFTER", timeout=15)
    app.wait_for(r"done", timeout=10)
    screen = app.screen_text()
    assert f"BEFORE \u241b]52;c;{b64}\u2407 CLICKME AFTER" in screen, screen
    assert "lone \u241b end" in screen, screen
    assert f"title \u241b]0;{marker}\u2407 done" in screen, screen
    assert "red plain" in screen  # colours are rendered, their codes not shown
    app.send(b"\x13")  # ctrl+s: save the buffer
    app.wait_for(r"Saved \d+ lines", timeout=10)
    app.settle(0.5)
    assert hostile_hits(app.raw_bytes(), marker) == []
    saved = list(state.rglob("*.log"))
    assert saved and "\u241b]52;" in saved[0].read_text()
