"""Alerts from the real daemon's event stream: SIGKILL, OOM kill, failing healthcheck and a
restart loop each fire exactly once; a requested stop fires nothing."""

from __future__ import annotations

import asyncio

import pytest

from tests.ui.helpers import dash, shown
from tui.domain.config_schema import AlertSettings, Settings
from tui.keymap import Config

pytestmark = pytest.mark.daemon


def _kinds(app, cid: str) -> list[str]:
    return [a.kind for a in app.control.alerts.items if a.container_id == cid]


async def test_each_alert_fires_exactly_once(make_app, bed, daemon_client, until):
    # A 30 s window: dockerd's restart back-off (0.1 s, doubling) plus a container start that
    # takes a second on a busy machine can spread three restarts over more than 5 s.
    app = make_app(config=Config(settings=Settings(alerts=AlertSettings(bell=True, restarts=3, window=30.0))))
    bells = []
    app.bell = lambda: bells.append(1)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced, what="listing")

        quiet = bed.run("quiet")
        victim = bed.run("victim")
        await until(pilot, lambda: shown(app, victim) and shown(app, quiet), what="rows")
        daemon_client.stop(quiet, timeout=5)  # asked for: no alert
        daemon_client.kill(victim)  # SIGKILL from outside: died

        # The OOM comes from a process run in the container once it is up: containerd's shim
        # watches the cgroup's memory events only after the start, so a first process that
        # ran out of memory at once could be killed before the watch began and no ``oom``
        # event came (seen once in CI with the machine saturated).
        oom = bed.run("oom", ["sleep", "100000"], host_config=daemon_client.create_host_config(mem_limit="8m", memswap_limit="8m"))
        hog = daemon_client.exec_create(oom, ["sh", "-c", "dd if=/dev/zero of=/dev/null bs=64M count=1"])
        daemon_client.exec_start(hog["Id"])
        sick = bed.run(
            "sick",
            ["sleep", "100000"],
            healthcheck={"test": ["CMD", "false"], "interval": 500_000_000, "retries": 1, "start_period": 0},
        )
        loop = bed.run(
            "loop",
            ["sh", "-c", "sleep 0.2; exit 3"],
            host_config=daemon_client.create_host_config(restart_policy={"Name": "always"}),
        )

        await until(pilot, lambda: "died" in _kinds(app, victim), timeout=20, what="died alert")
        await until(pilot, lambda: "oom" in _kinds(app, oom), timeout=20, what="OOM alert")
        await until(pilot, lambda: "unhealthy" in _kinds(app, sick), timeout=30, what="unhealthy alert")
        await until(pilot, lambda: "restart-loop" in _kinds(app, loop), timeout=60, what="restart-loop alert")
        # Let the loop and the failing healthcheck go on: nothing fires twice.
        await asyncio.sleep(4)
        await pilot.pause()

        assert _kinds(app, victim) == ["died"]
        assert _kinds(app, oom) == ["oom"]
        assert _kinds(app, sick) == ["unhealthy"]
        assert sorted(_kinds(app, loop)) == ["died", "restart-loop"]  # its first death, then the loop
        assert _kinds(app, quiet) == []
        total = len(app.control.alerts.items)
        assert total == 5 and len(bells) == 5

        # The header counts them; the list shows time and event and marks them seen.
        bar_text = dash(app).query_one("#counts-line").render().plain
        assert "5 alerts" in bar_text
        await pilot.press("a")
        await until(pilot, lambda: type(app.screen).__name__ == "AlertsScreen", what="alerts list")
        assert app.control.alerts.unseen == 0
        daemon_client.stop(loop, timeout=1)


async def test_docker_rm_f_raises_no_alert_and_docker_kill_does(make_app, bed, daemon_client, until):
    """A running container removed with force (kill, die 137, destroy) is a removal: no
    alert and no toast, after the grace too; docker kill of another still alerts."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced, what="listing")
        gone = bed.run("removed")
        killed = bed.run("killed")
        await until(pilot, lambda: shown(app, gone) and shown(app, killed), what="rows")
        toasts = len(app._notifications)
        daemon_client.remove_container(gone, force=True)
        daemon_client.kill(killed)
        await until(pilot, lambda: "died" in _kinds(app, killed), timeout=20, what="the kill's alert")
        await until(pilot, lambda: gone not in app.state.containers, what="the removed row gone")
        await asyncio.sleep(3)  # past the grace
        await pilot.pause()
        assert _kinds(app, gone) == []
        assert len(app._notifications) == toasts + 1, [str(n.message) for n in app._notifications]
