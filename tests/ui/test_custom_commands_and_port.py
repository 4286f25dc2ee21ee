"""Custom commands from config.toml (placeholders, background, key, palette, help) and
opening a published port, against the real daemon."""

from __future__ import annotations

import dataclasses
import webbrowser

import docker
import pytest

from tests.integration.subnets import random_subnet
from tests.ui.helpers import dash, pane, shown
from tui.domain.config_schema import parse
from tui.keymap import Config

pytestmark = pytest.mark.daemon


async def test_custom_command_runs_with_placeholders_against_the_session_daemon(make_app, bed, tmp_path, until):
    out = tmp_path / "out.txt"
    toml = f"""
[[commands]]
name = "who am i"
command = "docker inspect -f '{{{{.Id}}}}' {{id}} > {out} && echo {{name}} {{image}} {{host}} >> {out}"
key = "ctrl+g"
"""
    settings, problems = parse(toml.encode())
    assert not problems, problems
    cid = bed.run("custom")
    app = make_app(config=Config(settings=settings))
    async with app.run_test(size=(130, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), what="row")
        assert pane(app).select_key(cid)
        await pilot.pause()
        d = dash(app)
        assert [name for name, _, _ in d.custom_palette()] == ["run who am i"]
        assert any("who am i" in row[2] and row[1] == "ctrl+g" for row in d.help_rows())
        await pilot.press("ctrl+g")
        await until(pilot, lambda: out.exists() and len(out.read_text().splitlines()) == 2, timeout=20, what="command output")
        first, second = out.read_text().splitlines()
        c = app.state.containers[cid]
        assert first == cid  # DOCKER_HOST was the session's daemon
        assert second == f"{c.name} {c.image} {app.control.endpoint.host}"
        await until(pilot, lambda: any("docker inspect" in r.command and r.outcome == "ok" for r in app.control.store.action_log), what="action log")


async def test_open_port_in_browser_locally_and_copy_url_over_ssh(make_app, bed, daemon_client, monkeypatch, until):
    # The test daemon has no default bridge: publish on a network of our own.
    net = bed.network("pub", ipam=docker.types.IPAMConfig(pool_configs=[docker.types.IPAMPool(subnet=random_subnet()[0])]))
    cid = bed.run("web", ports=[80], host_config=daemon_client.create_host_config(port_bindings={80: ("127.0.0.1", None)}, network_mode=bed.name("pub")))
    assert net
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, new=0: opened.append(url) or True)
    app = make_app()
    copied: list[str] = []
    async with app.run_test(size=(130, 40)) as pilot:
        app.copy_to_clipboard = lambda text: copied.append(text)
        await until(pilot, lambda: app.state.synced and shown(app, cid) and app.state.containers[cid].ports, what="row with port")
        port = next(p.public for p in app.state.containers[cid].ports if p.public)
        assert pane(app).select_key(cid)
        await pilot.pause()
        await pilot.press("w")
        await until(pilot, lambda: opened, what="browser opened")
        assert opened == [f"http://127.0.0.1:{port}"]

        app.control.endpoint = dataclasses.replace(app.control.endpoint, host="ssh://deploy@build.example.org")
        await pilot.press("w")
        await until(pilot, lambda: copied, what="URL copied")
        assert copied == [f"http://build.example.org:{port}"] and len(opened) == 1


async def test_a_command_key_the_dashboard_uses_or_no_key_press_carries_is_not_bound(make_app, bed, until):
    """A command bound to ``s`` (Stop) or ``enter`` (the table's) would never fire: the
    dashboard's and the table's bindings come first. Said once at start, not bound; the
    palette still runs it. A free key is bound as before."""
    toml = """
[[commands]]
name = "on s"
command = "true"
key = "s"
[[commands]]
name = "on enter"
command = "true"
key = "enter"
[[commands]]
name = "on nothing"
command = "true"
key = "nokey"
[[commands]]
name = "free"
command = "true"
key = "ctrl+g"
"""
    settings, problems = parse(toml.encode())
    assert not problems, problems
    cid = bed.run("custom-keys")
    app = make_app(config=Config(settings=settings))
    async with app.run_test(size=(130, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), what="row")
        notes = "\n".join(str(n.message) for n in app._notifications)
        assert "'on s' key 's': already container.stop" in notes, notes
        assert "'on enter' key 'enter': already" in notes, notes
        assert "'on nothing' key 'nokey': not a key name" in notes, notes
        assert "'free'" not in notes, notes
        bound = {b.description for bs in app._bindings.key_to_bindings.values() for b in bs}
        assert "free" in bound and not {"on s", "on enter", "on nothing"} & bound
        assert pane(app).select_key(cid)
        await pilot.pause()
        assert {n for n, _, _ in dash(app).custom_palette()} == {"run on s", "run on enter", "run on nothing", "run free"}
