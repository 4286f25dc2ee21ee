"""Alerts per host in a fleet (issue 16), against two private dockerds of the bed: each
host's own event stream feeds its own rules (``[alerts.hosts.NAME]`` in config.toml), every
alert names its host in the notification, the header's counter and the alerts list."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.ui.helpers import dash
from tui.domain.config_schema import parse
from tui.engine.endpoint import resolve

pytestmark = pytest.mark.daemon

CONFIG = b"""
[alerts]
died = true

[alerts.hosts.beta]
died = false
"""


def test_per_host_rules_parse():
    settings, problems = parse(CONFIG + b"\n[alerts.hosts.gamma]\nbogus = 1\nrestarts = 0\n")
    a = settings.alerts
    assert a.died and a.for_host("alpha").died and not a.for_host("beta").died
    assert a.for_host("gamma").restarts == 0 and a.for_host("beta").restarts is None
    assert [p.key for p in problems] == ["alerts.hosts.gamma.bogus"]


async def test_alerts_name_their_host(fleet_clients, until, monkeypatch, tmp_path):
    from tui.app import DockyardApp
    from tui.keymap import Config

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    settings, problems = parse(CONFIG)
    assert not problems
    (url_a, client_a, bed_a), (url_b, client_b, bed_b) = fleet_clients[:2]
    fleet = [(n, replace(resolve(host=u, env={}), name=n)) for n, u in (("alpha", url_a), ("beta", url_b))]
    app = DockyardApp(fleet[0][1], config=Config(settings=settings), stats_interval=0.5, fleet=fleet)
    notes: list[tuple[str, str]] = []
    real_notify = app.notify
    app.notify = lambda message, **kw: (notes.append((kw.get("title", ""), message)), real_notify(message, **kw))[1]
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: all(app.control.fleet.state.hosts[h].synced for h in ("alpha", "beta")), timeout=20, what="both hosts listed")
        va = bed_a.run("victim")
        vb = bed_b.run("victim")
        sick_b = bed_b.run("sick", ["sleep", "100000"],
                           healthcheck={"test": ["CMD", "false"], "interval": 500_000_000, "retries": 1, "start_period": 0})  # fmt: skip
        await until(pilot, lambda: vb in app.control.fleet.state.hosts["beta"].containers and va in app.control.fleet.state.hosts["alpha"].containers, timeout=20, what="rows")
        client_a.kill(va)  # SIGKILL from outside on alpha: alerts (died is on there)
        client_b.kill(vb)  # the same on beta: [alerts.hosts.beta] died = false

        items = lambda: [(a.host, a.kind, a.container_id) for a in app.control.alerts.items]  # noqa: E731
        await until(pilot, lambda: ("alpha", "died", va) in items(), timeout=20, what="alpha's died alert")
        await until(pilot, lambda: ("beta", "unhealthy", sick_b) in items(), timeout=30, what="beta's unhealthy alert")
        await until(pilot, lambda: client_b.inspect_container(vb)["State"]["Status"] == "exited", what="beta's victim exited")
        await pilot.pause(1.0)
        assert sorted(items()) == sorted([("alpha", "died", va), ("beta", "unhealthy", sick_b)])
        by_host = {a.host: a for a in app.control.alerts.items}
        assert by_host["alpha"].name == bed_a.name("victim") and by_host["beta"].name == bed_b.name("sick")
        # the notification says which host
        assert ("Container died on alpha", f"{bed_a.name('victim')} exited unexpectedly with code 137 (SIGKILL)") in notes
        assert any(t == "Unhealthy on beta" for t, _ in notes)

        # the header's counter names the hosts, most recent last (beta's health check may fail before alpha's kill)
        counter = lambda: dash(app).query_one("#counts-line").render().plain  # noqa: E731
        await until(pilot, lambda: "2 alerts on alpha, beta" in counter() or "2 alerts on beta, alpha" in counter(), what="header counter")
        # the list shows the host on each line
        await pilot.press("a")
        await until(pilot, lambda: type(app.screen).__name__ == "AlertsScreen", what="alerts list")
        from textual.widgets import OptionList

        lines = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert any(" alpha " in line and "Container died" in line for line in lines)
        assert any(" beta " in line and "Unhealthy" in line for line in lines)
        assert app.control.alerts.unseen == 0
        await pilot.press("escape")
        await until(pilot, lambda: " alert" not in dash(app).query_one("#counts-line").render().plain, timeout=30, what="counter cleared")
        client_b.stop(sick_b, timeout=1)
