"""Exec with options against the real daemon: the form, a one-shot run with user, workdir
and env, its output in a scrollable view with escape sequences made harmless."""

from __future__ import annotations

import pytest

from tests.ui.helpers import pane, shown

pytestmark = pytest.mark.daemon

SCRIPT = 'id -u; pwd; echo "FOO=$FOO"; printf "\\033]0;pwned\\007\\033[2J\\033]52;c;aGk=\\007clean\\n"; seq 1 300'


async def test_one_shot_exec_with_options_shows_clean_output(make_app, bed, until):
    cid = bed.run("exec")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), what="row")
        await until(pilot, lambda: app.state.containers[cid].is_running, what="running")
        assert pane(app).select_key(cid)
        await pilot.pause()
        await pilot.press("X")
        await until(pilot, lambda: type(app.screen).__name__ == "ExecFormScreen", what="exec form")
        form = app.screen
        form.set_value("command", f"sh -c '{SCRIPT}'")
        form.set_value("user", "1000")
        form.set_value("workdir", "/tmp")
        form.set_value("env", "FOO=bar")
        form.action_submit()
        await until(pilot, lambda: type(app.screen).__name__ == "ExecOutputScreen", timeout=15, what="output view")
        screen = app.screen
        lines = screen.lines
        assert lines[:3] == ["1000", "/tmp", "FOO=bar"]
        assert any(line.endswith("clean") for line in lines)
        assert len(lines) >= 303 and screen.exit_code == 0
        assert not any(ch in "".join(lines) for ch in ("\x1b", "\x07", "\x9b", "\x9d"))
        # The view scrolls (300+ lines) and the command is in the action log. The screen is
        # current as soon as it is pushed; its children mount after (a busy machine: later).
        await until(pilot, lambda: len(screen.query("#exec-output-log")) == 1, what="the output view mounted")
        log = screen.query_one("#exec-output-log")
        await until(pilot, lambda: log.max_scroll_y > 0, what="a scrollable view (laid out)")
        assert any(r.command.startswith("docker exec -u 1000 -w /tmp -e FOO=bar") for r in app.control.store.action_log)


async def test_exec_form_refuses_bad_input(make_app, bed, until):
    cid = bed.run("exec2")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid) and app.state.containers[cid].is_running, what="row")
        pane(app).select_key(cid)
        await pilot.pause()
        await pilot.press("X")
        await until(pilot, lambda: type(app.screen).__name__ == "ExecFormScreen", what="exec form")
        form = app.screen
        form.set_value("command", "ls")
        form.set_value("env", "not a pair")
        form.action_submit()
        await pilot.pause()
        assert type(app.screen).__name__ == "ExecFormScreen"
        assert "KEY=value" in str(form.query_one("#form-error").render())
