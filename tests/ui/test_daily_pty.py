"""Interactive exec with options and a terminal-mode custom command, in a real pty against
the real daemon: the UI hands the terminal over and comes back."""

from __future__ import annotations

import pytest

from tests.ui.test_detail_pty import pty_app, select_container  # noqa: F401 - pty_app is a fixture

pytestmark = pytest.mark.daemon


def test_interactive_exec_with_user_workdir_and_env(bed, pty_app):  # noqa: F811
    bed.run("ix", "sleep 100000")
    name = bed.name("ix")
    app = pty_app()
    select_container(app, name)
    app.send("X", pause=1.0)
    app.wait_screen("Exec in")
    app.send("sh", pause=0.3)
    for value in ("1000", "/tmp", "FOO=bar"):
        app.send("\t", pause=0.3)
        app.send(value, pause=0.3)
    app.send("\t", pause=0.3)
    app.send(" ", pause=0.3)  # tick "interactive"
    start = len(app.output())
    app.send("\x13", pause=1.0)  # ctrl+s: run
    try:
        app.wait_output(b"$ ", start=start)  # busybox sh prompt for a non-root user
    except AssertionError:
        raise AssertionError(app.display()) from None
    app.send('echo "R=$(id -u):$(pwd):$FOO:$((6*7))"\r', pause=0.5)
    app.wait_output(b"R=1000:/tmp:bar:42", start=start)
    # a clean screen (and scrollback) before the banner, as E and attach do (issue 15 item 12)
    out = app.output()[start:]
    banner = out.index(b"[dockyard] ")
    assert b"\x1b[2J" in out[:banner] and b"\x1b[3J" in out[:banner]
    with app.lock:
        app.screen.reset()
    app.send("exit\r", pause=0.5)
    app.wait_screen("Containers", timeout=10)
    app.wait_screen(name[:12])


def test_custom_command_in_the_terminal(bed, pty_app, tmp_path):  # noqa: F811
    config = tmp_path / "config" / "dockyard"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('[[commands]]\nname = "greet"\ncommand = "echo CUSTOM-{name}-$((6*7))"\nmode = "terminal"\nkey = "ctrl+g"\n')
    bed.run("cc", "sleep 100000")
    name = bed.name("cc")
    app = pty_app()
    select_container(app, name)
    start = len(app.output())
    app.send("\x07", pause=1.0)  # ctrl+g
    app.wait_output(f"CUSTOM-{name}-42".encode(), start=start)
    app.wait_screen("Containers", timeout=10)
