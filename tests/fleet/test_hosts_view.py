"""Issue 12 item 4, against the bed: the Hosts view lists every docker context (live) and
every [[hosts]] entry, probes them, and enter switches the dashboard to that daemon
without a restart; each host keeps its cursor and filter; the header and the action log
name the daemon acted on."""

from __future__ import annotations

import os

import pytest

from tests.fleet.support import bed_on, engine_client, ensure_image
from tests.remote.conftest import bed_var, create_context
from tests.support.daemon import new_prefix
from tests.ui.helpers import dash, pane, shown

pytestmark = pytest.mark.daemon


def header(app) -> str:
    return str(dash(app).query_one("#daemon-line").render())


@pytest.fixture
def hosts_world(docker_config, tls_certs, tmp_path, monkeypatch, daemon_client, ssh_env):
    """A TLS context in a private DOCKER_CONFIG, a config.toml with an ssh [[hosts]] entry
    (read-only), and a container on the TLS daemon."""
    from tui.engine.endpoint import resolve

    tls_host = bed_var("DOCKYARD_TEST_TLS_HOST")
    create_context(docker_config, "dyt-tls", tls_host, ca=tls_certs / "ca.pem", cert=tls_certs / "cert.pem", key=tls_certs / "key.pem")
    config_home = tmp_path / "xdg"
    (config_home / "dockyard").mkdir(parents=True)
    (config_home / "dockyard" / "config.toml").write_text(
        '[[hosts]]\nname = "lab-ssh"\nurl = "ssh://dockyard-bed"\ngroup = "lab"\nreadonly = true\ncolour = "#ff8800"\n'
        '[[hosts]]\nname = "broken"\n'
    )
    tls = engine_client(resolve(context="dyt-tls"))
    ensure_image(daemon_client, tls)
    tls_bed = bed_on(tls, new_prefix())
    tls_id = tls_bed.run("on-tls")
    yield {"tls": tls, "tls_bed": tls_bed, "tls_id": tls_id, "config_home": config_home}
    tls_bed.cleanup()
    tls.close()


async def open_hosts(app, pilot, until):
    from tui.screens.hosts import HostsScreen

    await pilot.press("H")
    await until(pilot, lambda: isinstance(app.screen, HostsScreen) and app.screen.targets, what="the Hosts view listed")
    return app.screen


def row(screen, name: str):
    return next((k for k, t in screen.targets.items() if t.key == name), None)


async def test_hosts_view_lists_probes_and_switches(make_app, bed, hosts_world, monkeypatch, until, docker_config):
    from tui.screens.dashboard import DashboardScreen

    monkeypatch.setenv("XDG_CONFIG_HOME", str(hosts_world["config_home"]))
    here = bed.run("here")
    bed.run("here-too")
    app = make_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: shown(app, here), what="the bed's container")
        # a cursor and a filter on the first host
        p = pane(app)
        p.set_filter(bed.prefix)
        await pilot.pause()
        assert p.select_key(here)

        screen = await open_hosts(app, pilot, until)
        names = {t.key: t for t in screen.targets.values()}
        assert {"default", "dyt-tls", "lab-ssh", "broken"} <= set(names)
        assert names["lab-ssh"].readonly and names["lab-ssh"].group == "lab" and names["lab-ssh"].source == "config"
        assert names["broken"].error and names["dyt-tls"].transport == "tcp+tls"
        tls_key = row(screen, "dyt-tls")
        await until(pilot, lambda: screen.probes.get(tls_key) is not None, timeout=15, what="the TLS context probed")
        probe = screen.probes[tls_key]
        assert probe.ok, probe.error
        assert probe.engine_version and probe.api_version and probe.ping_ms is not None and probe.running >= 1
        ssh_key = row(screen, "lab-ssh")
        await until(pilot, lambda: screen.probes.get(ssh_key) is not None, timeout=20, what="the ssh host probed")
        assert screen.probes[ssh_key].ok, screen.probes[ssh_key].error
        broken = screen.probes.get(row(screen, "broken"))
        assert broken is not None and not broken.ok
        cells = screen._shown[tls_key]
        assert "ms" in cells[7].plain and "/" in cells[8].plain, ([c.plain for c in cells], screen.probes.get(tls_key))

        # a context created while Dockyard runs appears without a restart, and is probed
        create_context(docker_config, "dyt-late", bed_var("DOCKYARD_TEST_TLS_HOST"))
        await until(pilot, lambda: row(screen, "dyt-late") is not None, timeout=10, what="the new context listed")
        late = row(screen, "dyt-late")
        await until(pilot, lambda: screen.probes.get(late) is not None, timeout=15, what="the new context probed")
        assert not screen.probes[late].ok and screen.probes[late].error  # plain HTTP to a TLS daemon
        assert screen.probes[late].error in screen._shown[late][11].plain

        # enter switches to the TLS daemon, without a restart
        old_session = app.control.session
        assert screen.select("dyt-tls")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), what="back on the dashboard")
        await until(pilot, lambda: shown(app, hosts_world["tls_id"]), timeout=15, what="the TLS daemon's container")
        assert old_session.stop.is_set() and app.control.session is not old_session
        assert not shown(app, here)
        assert pane(app).query_text == ""  # the new host starts with its own (empty) filter
        assert "context dyt-tls" in header(app) and bed_var("DOCKYARD_TEST_TLS_HOST") in header(app)

        # actions name the daemon acted on
        assert pane(app).select_key(hosts_world["tls_id"])
        await pilot.press("s")
        name = hosts_world["tls_bed"].name("on-tls")
        await until(pilot, lambda: any(r.command == f"docker --context dyt-tls stop {name}" and r.outcome == "ok" for r in app.control.store.action_log), timeout=20, what="the action logged with --context")
        assert f"docker --context dyt-tls stop {name}" in app.control.store.last_action.plain

        # back to the first host: its filter and cursor are as they were
        screen = await open_hosts(app, pilot, until)
        assert screen.select("default")
        await pilot.press("enter")
        await until(pilot, lambda: shown(app, here), timeout=15, what="the first daemon's rows again")
        p = pane(app)
        assert p.query_text == bed.prefix
        await until(pilot, lambda: p.selected_key == here, what="the cursor back on the same container")
        assert not shown(app, hosts_world["tls_id"])

        # the read-only ssh host: mutating keys refused there, by the UI and the engine
        screen = await open_hosts(app, pilot, until)
        assert screen.select("lab-ssh")
        await pilot.press("enter")
        await until(pilot, lambda: shown(app, here) and app.control.store.state.synced, timeout=20, what="the bed's rows over ssh")
        assert app.control.readonly and "lab-ssh" in header(app) and "READ-ONLY" in header(app)
        assert app.control.allowed("stop") is False
        assert p.query_text == ""


def test_header_says_when_docker_host_overrides_the_context(docker_config, tls_certs):
    from tui.domain.state import State
    from tui.engine.endpoint import resolve
    from tui.widgets.daemon_bar import daemon_line

    create_context(docker_config, "dyt-tls", bed_var("DOCKYARD_TEST_TLS_HOST"), ca=tls_certs / "ca.pem")
    env = {"DOCKER_CONFIG": str(docker_config), "DOCKER_HOST": "unix:///tmp/elsewhere.sock", "DOCKER_CONTEXT": "dyt-tls"}
    ep = resolve(env=env)
    assert ep.overrides == "dyt-tls"
    assert "DOCKER_HOST overrides context dyt-tls" in daemon_line(ep, False, State()).plain
    (docker_config / "config.json").write_text('{"currentContext": "dyt-tls"}')
    assert resolve(env={k: v for k, v in env.items() if k != "DOCKER_CONTEXT"}).overrides == "dyt-tls"
    assert resolve(env={"DOCKER_CONFIG": str(docker_config), "DOCKER_HOST": "unix:///x"} | {"DOCKER_CONTEXT": "default"}).overrides == ""
    assert resolve(host="unix:///x", env=env).overrides == ""  # -H is what the user asked for
