"""Issue 18, second pass: the union filesystem, the port path, bind mounts and tmpfs, live
memory against the limit with OOM markers, health checks read from inspect, Korean help and
palette. Every feature against the isolated daemon."""

from __future__ import annotations

import time

import pytest

from tui.domain import event_story as es

pytestmark = pytest.mark.daemon


# Health checks: Config.Healthcheck.Test from inspect, so a user's own exec is not hidden


def test_health_command_is_what_exec_events_show():
    assert es.health_command(["CMD-SHELL", "wget -q localhost"]) == "/bin/sh -c wget -q localhost"
    assert es.health_command(["CMD", "curl", "-f", "x"]) == "curl -f x"
    assert es.health_command(["NONE"]) is None and es.health_command(None) is None


async def test_a_users_exec_is_a_command_beside_hidden_health_checks(bed, daemon_client, make_app, until):
    from tui.screens.learn.events_timeline import EventsScreen

    cid = bed.run("hc", start=False, command=["sleep", "100000"],
                  healthcheck={"test": ["CMD-SHELL", "true"], "interval": 500_000_000, "start_period": 0})
    daemon_client.start(cid)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="synced")
        await until(pilot, lambda: app.state.containers[cid].health, timeout=20, what="health status")
        screen = EventsScreen()
        await app.push_screen(screen)
        await until(pilot, lambda: screen.checks.get(cid) == "/bin/sh -c true", what="the check read from inspect")
        ex = daemon_client.exec_create(cid, ["echo", "hello"])
        daemon_client.exec_start(ex["Id"])
        name = bed.name("hc")
        await until(pilot, lambda: any(s.kind == "exec" and s.command == f"docker exec {name} echo hello" for s in screen.stories),
                    what="the user's exec as a command")
        await until(pilot, lambda: any(s.kind == "health" and s.actor == cid for s in screen.stories), timeout=20, what="health runs")
        assert f"docker exec {name} echo hello" in [c.split("  (")[0] for c in screen.commands()]  # shown while checks are hidden
        assert not any(s.kind == "exec" and "/bin/sh -c true" in s.command for s in screen.stories)
