"""--readonly and a remapped keymap, against the real daemon."""

from __future__ import annotations

import docker
import pytest

from tests.ui.helpers import dash, pane, shown
from tui import keymap
from tui.commands import DockyardCommands
from tui.engine.actions import ReadOnlyError
from tui.screens.dialogs.help import HelpScreen

pytestmark = pytest.mark.daemon

MUTATING_CALLS = ("start", "stop", "restart", "pause", "unpause", "kill", "remove_container", "remove_image", "remove_network", "remove_volume", "rename", "tag")


@pytest.fixture
def mutating_calls(monkeypatch):
    """Every mutating docker-py call made while the test runs (any client instance)."""
    calls: list[str] = []
    for name in MUTATING_CALLS:
        original = getattr(docker.APIClient, name)

        def spy(self, *args, _name=name, _original=original, **kwargs):
            calls.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(docker.APIClient, name, spy)
    return calls


async def test_readonly_hides_mutating_keys_and_sends_nothing(make_app, bed, daemon_client, mutating_calls, until):
    up = bed.run("ro-up")
    down = bed.run("ro-down", start=False)
    vol = bed.volume("ro-vol")
    mutating_calls.clear()
    app = make_app(readonly=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, up) and shown(app, down))
        screen = dash(app)
        header = str(screen.query_one("#daemon-line").render())
        assert "READ-ONLY" in header
        footer_actions = {ab.binding.action for ab in screen.active_bindings.values()}
        assert not footer_actions & {"start", "stop", "restart", "pause", "kill", "remove"}
        for cid in (up, down):
            pane(app).select_key(cid)
            await pilot.press("S", "s", "r", "p", "K", "d", "space", "s")
            await pilot.pause(0.2)
            assert app.screen is screen  # no confirmation was even offered
        await pilot.press("4")
        pane(app, "volumes").select_key(vol)
        await pilot.press("d")
        await pilot.pause(0.2)
        # help and palette do not list them either
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {row[2].split(" — ")[0] for row in app.screen._rows}
        assert not listed & {"Start", "Stop", "Restart", "Pause", "Kill", "Remove"}
        await pilot.press("escape")
        provider = DockyardCommands(app.screen)
        names = {name for name, _, _ in provider._commands()}
        mutating = ("Start", "Stop", "Restart", "Pause", "Kill", "Remove")
        assert not any(n == m or n.startswith(m + " ") for n in names for m in mutating)
        assert any(n == "Inspect" or n.startswith("Inspect ") for n in names)  # entries name their targets
        # the second line of defence: the app and the engine refuse too
        app.control.container_action("stop", [app.state.containers[up]])
        with pytest.raises(ReadOnlyError):
            app.session.actions.stop(up)
        await pilot.pause(0.3)
    assert mutating_calls == []
    assert daemon_client.inspect_container(up)["State"]["Status"] == "running"
    assert daemon_client.inspect_container(down)["State"]["Status"] == "created"


async def test_keymap_from_config_file_remaps_stop(make_app, bed, daemon_client, tmp_path, until, monkeypatch):
    config_home = tmp_path / "xdg"
    (config_home / "dockyard").mkdir(parents=True)
    (config_home / "dockyard" / "config.toml").write_text('[keymap]\n"container.stop" = "W"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_home))
    cid = bed.run("remap")
    app = make_app(config=keymap.load())
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid))
        pane(app).select_key(cid)
        await pilot.press("s")
        await pilot.pause(0.5)
        assert daemon_client.inspect_container(cid)["State"]["Status"] == "running"
        assert app.control.store.action_log == []
        await pilot.press("W")  # a free key (x is prune: a clash is refused, see test_keymap_checked)
        await until(pilot, lambda: daemon_client.inspect_container(cid)["State"]["Status"] == "exited", what="w stops")
        keys = {ab.binding.action: key for key, ab in dash(app).active_bindings.items()}
        assert keys.get("stop") == "W"
