"""Outside text at the boundaries the merged branches added never acts on the terminal
(issue 17, items 1 and 9, re-checked on the merged base).

One test per source: ``[[hosts]]`` of config.toml (name, group, url, colour) through the
fleet's header chips, the HOST column, the Hosts view and the scope picker; the preview
pane (a container's log tail and its labels); compose project and service labels (the
project header rows); a custom command's output (``[[commands]]``); one-shot exec output;
the compose CLI's output (a build that prints escapes); alerts built from daemon events;
the confirm dialog. The pty tests scan every byte the app wrote for sequences carrying
the test's marker (tests/support/pty_app.hostile_hits).
"""

from __future__ import annotations

import base64
import os
import uuid

import pytest

from tests.support.pty_app import hostile_hits
from tui.domain.alerts import AlertRules, AlertTracker
from tui.domain.changes import DaemonEvent

from .hostile import new_marker, payload

pytestmark = pytest.mark.daemon

CONTROLS = set(range(0x00, 0x20)) | {0x7F} | set(range(0x80, 0xA0))


def _toml(value: str) -> str:
    """A TOML basic string carrying ``value`` exactly (controls as \\u escapes)."""
    out = []
    for ch in value:
        code = ord(ch)
        if ch in '"\\' or code < 0x20 or 0x7F <= code < 0xA0 or code > 0xFFFF:
            out.append(f"\\U{code:08x}" if code > 0xFFFF else f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _write_config(tmp_path, text: str) -> None:
    path = tmp_path / "xdg_config_home" / "dockyard" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_hosts_from_config_never_reach_the_terminal_raw(pty_app, tmp_path):
    marker = new_marker()
    evil = payload(marker)
    _write_config(
        tmp_path,
        "[[hosts]]\n"
        f"name = {_toml('local-' + evil)}\n"
        f"url = {_toml(os.environ['DOCKER_HOST'])}\n"
        f"group = {_toml('grp-' + evil)}\n"
        f"colour = {_toml('red' + evil)}\n"
        "[[hosts]]\n"
        f"name = {_toml('away-' + evil)}\n"
        f"url = {_toml('tcp://127.0.0.1:9/' + evil)}\n"
        f"group = {_toml('grp-' + evil)}\n",
    )
    app = pty_app(args=("--fleet",), size=(160, 40))
    app.wait_for(r"2 hosts", timeout=30)
    app.wait_for(r"local-", timeout=30)
    app.settle(0.5)
    app.press("H")  # the Hosts view: names, groups, addresses, probe errors
    app.wait_for(r"Hosts — docker contexts", timeout=15)
    app.wait_for(r"away-", timeout=15)
    app.settle(1.0)
    app.press("escape")
    app.wait_gone(r"Hosts — docker contexts", timeout=15)
    app.press("@")  # the scope picker: hosts and groups
    app.wait_for(r"Scope — which hosts", timeout=15)
    app.wait_for(r"grp-", timeout=10)
    app.settle(0.5)
    app.press("escape")
    app.settle(0.5)
    assert hostile_hits(app.raw_bytes(), marker) == []


def test_preview_pane_never_passes_escapes(bed, pty_app):
    marker = new_marker()
    b64 = base64.b64encode(marker.encode()).decode()
    script = (
        f"printf 'PREVIEW-TAIL \\033]52;c;{b64}\\007 \\033]0;{marker}-title\\007 \\033P{marker}-dcs\\033\\\\ end\\n'; "
        "trap 'exit 0' TERM; sleep 100000 & wait"
    )
    bed.run("pv", ["sh", "-c", script], labels={"evil": payload(marker)})
    name = bed.name("pv")
    app = pty_app(size=(160, 40))  # >= 140 columns: the preview pane is shown
    app.wait_for(r"Containers \(\d+\)", timeout=30)
    app.palette(f"go to container {name}")
    app.wait_for(r"PREVIEW-TAIL", timeout=20)
    app.settle(1.0)
    assert hostile_hits(app.raw_bytes(), marker) == []


def test_custom_command_output_never_reaches_the_terminal_raw(bed, pty_app, tmp_path):
    marker = new_marker()
    b64 = base64.b64encode(marker.encode()).decode()
    # The config itself is plain text (the schema refuses controls in it); the command's
    # output is not.
    command = (
        f"printf '\\033]52;c;{b64}\\007\\033]0;{marker}\\007\\n'; "
        f"printf 'LAST {marker}-x \\033]2;{marker}-t\\033\\\\ \\033[2J done\\n'"
    )
    _write_config(tmp_path, f'[[commands]]\nname = "evilout"\ncommand = {_toml(command)}\nkey = "f6"\n')
    bed.run("cc")
    name = bed.name("cc")
    app = pty_app(size=(140, 40))
    app.wait_for(r"Containers \(\d+\)", timeout=30)
    app.palette(f"go to container {name}")
    app.settle(0.5)
    app.send("\x1b[17~")  # f6
    app.wait_for(r"exit 0", timeout=30)
    app.wait_for(r"done", timeout=10)
    app.settle(0.5)
    assert hostile_hits(app.raw_bytes(), marker) == []


async def test_compose_build_output_is_cleaned(make_app, tmp_path, daemon_client, until):
    from tests.integration.compose_project import ComposeProject
    from tests.support.daemon import TEST_IMAGE

    marker = new_marker()
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text(
        f"FROM {TEST_IMAGE}\n"
        f"RUN printf 'BUILD \\033]0;{marker}\\007 \\033]52;c;aGk=\\007 \\033[2J out\\n'\n"
        'CMD ["sleep", "100000"]\n'
    )
    (tmp_path / "docker-compose.yml").write_text("version: '2.4'\nservices:\n  app:\n    build: ./app\n")
    project = ComposeProject(tmp_path, f"dyt-{uuid.uuid4().hex[:8]}")
    project.run("up", "-d")
    try:
        app = make_app()
        async with app.run_test(size=(130, 40)) as pilot:
            await until(pilot, lambda: app.state.synced and any(c.compose_project == project.name for c in app.state.containers.values()), what="project listed")
            app.control.daily.compose(project.name, "", "build")
            await until(pilot, lambda: type(app.screen).__name__ == "ComposeRunScreen", what="progress view")
            run = app.screen
            await until(pilot, lambda: run.finished, timeout=180, what="compose build")
            assert not run.error, run.error
            text = "\n".join(run.lines)
            assert marker in text, text[-2000:]  # the build's output did arrive
            assert not any(ord(ch) in CONTROLS for ch in text.replace("\n", "")), "a control reached the compose view"
    finally:
        project.down()
        try:
            daemon_client.remove_image(f"{project.name}_app:latest")
        except Exception:
            pass


def test_alerts_from_hostile_event_text_are_cleaned():
    marker = new_marker()
    tracker = AlertTracker(AlertRules(enabled=True))
    evil = payload(marker)
    events = [
        DaemonEvent("container", "oom", "c1", (("name", evil),), 100.0),
        DaemonEvent("container", "die", "c2", (("name", evil), ("exitCode", "1" + evil)), 200.0),
    ]
    alerts = [a for e in events for a in tracker.feed(e)]
    assert alerts, "the tracker should raise alerts for an OOM and an unexpected exit"
    for a in alerts:
        for text in (a.message, a.name, a.title):
            assert not any(ord(ch) in CONTROLS for ch in text), repr(text)


def test_compose_project_headers_never_pass_escapes(bed, pty_app):
    """The compose project and service come from labels: daemon text like any other, shown
    in the project header rows (z groups by project) and the preview's facts."""
    marker = new_marker()
    evil = payload(marker)
    bed.run("cproj", labels={"com.docker.compose.project": "proj-" + evil, "com.docker.compose.service": "svc-" + evil})
    app = pty_app(size=(160, 40))
    app.wait_for(r"Containers \(\d+\)", timeout=30)
    app.wait_for(r"proj-", timeout=20)
    app.press("z")  # group by compose project: a header row per project
    app.wait_for(r"compose project", timeout=15)
    app.settle(1.0)
    assert hostile_hits(app.raw_bytes(), marker) == []


def test_confirm_dialog_shows_names_cleaned():
    from tui.screens.dialogs.confirm import ConfirmScreen

    marker = new_marker()
    evil = payload(marker)
    screen = ConfirmScreen(f"Down project {evil}?", [f"name-{evil}"], verb="Down")
    shown = [screen._title, *screen._targets]
    for text in shown:
        assert not any(ord(ch) in CONTROLS for ch in text), repr(text)


def test_one_shot_exec_output_never_reaches_the_terminal_raw(bed, pty_app):
    marker = new_marker()
    b64 = base64.b64encode(marker.encode()).decode()
    bed.run("ex")
    name = bed.name("ex")
    app = pty_app(size=(140, 40))
    app.wait_for(r"Containers \(\d+\)", timeout=30)
    app.palette(f"go to container {name}")
    app.settle(0.5)
    app.press("X")  # exec with options: the command field has the focus
    app.wait_for(r"Exec in", timeout=15)
    app.type(f"sh -c 'printf \"\\033]52;c;{b64}\\007\\033]0;{marker}\\007 \\033P{marker}\\033\\\\ EXEC-DONE\\n\"'")
    app.send("\r")
    # The output view shows the controls as visible symbols (the typed command has none).
    app.wait_for("\u241b\\]52;c;" + b64 + "\u2407.*EXEC-DONE", timeout=30)
    app.settle(0.5)
    assert hostile_hits(app.raw_bytes(), marker) == []
