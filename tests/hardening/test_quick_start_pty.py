"""The real entry point's quick start (issue 20): the rows come from a listing made without
docker-py, whose client opens once they are painted. A key pressed the moment the rows show
must still reach the daemon (the action waits for the client), in a real pty."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.daemon


def test_a_key_pressed_as_the_rows_appear_reaches_the_daemon(bed, pty_app):
    bed.run("quick", "echo quick-start-line; sleep 100000")
    app = pty_app(size=(160, 45))
    app.wait_for(bed.prefix[:12], timeout=30)
    app.press("i")  # inspect the selected container: a read through docker-py's client
    app.wait_for(r'"Id"', timeout=30)
    screen = app.screen_text()
    assert "not connected" not in screen, screen
    app.press("escape")
    app.settle(0.3)
    assert b"not connected" not in app.raw_bytes()
    assert app.quit_and_wait("q") < 5
    assert app.returncode == 0, app.raw_bytes()[-2000:]
    assert b"Traceback" not in app.raw_bytes()
