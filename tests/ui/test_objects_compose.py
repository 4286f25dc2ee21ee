"""Compose grouping in the containers pane, folding, and project-level stop/start."""

from __future__ import annotations

import pytest

from tests.integration.compose_project import project_fixture
from tests.ui.objects_support import dashboard, logged, select


@pytest.fixture
def project(tmp_path, daemon_client):
    p = project_fixture(tmp_path)
    yield p
    p.down()


async def test_grouping_folding_and_project_stop_start(make_app, until, project):
    app = make_app()
    key = f"project:{project.name}"
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced)
        members = lambda: [c for c in app.state.containers.values() if c.compose_project == project.name]  # noqa: E731
        await until(pilot, lambda: len(members()) == 2, what="both services listed")
        dash = dashboard(app)
        pane = dash.pane("containers")
        await pilot.press("z")
        await until(pilot, lambda: key in pane._cells, what="project header row")
        assert "by project" in str(pane.query_one(".pane-title").render())
        order = [r.key.value for r in pane.table.ordered_rows]
        first = order.index(key)
        assert order[first + 1 : first + 3] == [c.id for c in sorted(members(), key=lambda c: (c.compose_service, c.name))] or set(order[first + 1 : first + 3]) == {c.id for c in members()}

        # The header row says what the project holds, as plain text.
        name_cell = pane._cells[key][1]
        assert name_cell.plain == f"▾ {project.name}"
        assert pane._cells[key][3].plain == "2/2 running"

        # enter folds and unfolds the project.
        await select(pilot, app, "containers", key, until)
        await pilot.press("enter")
        await until(pilot, lambda: not any(c.id in pane._cells for c in members()), what="members hidden")
        assert pane._cells[key][1].plain.startswith("▸")
        await pilot.press("enter")
        await until(pilot, lambda: all(c.id in pane._cells for c in members()), what="members shown again")

        # Project-level stop and start act on every member and log the compose command.
        await select(pilot, app, "containers", key, until)
        assert {c.id for c in pane.targets()} == {c.id for c in members()}
        await pilot.press("s")
        await until(pilot, lambda: all(c.state == "exited" for c in members()), timeout=20, what="project stopped")
        # spelled as this host's client does (docker-compose where only compose v1 exists)
        spelled = app.control.store.spelled
        await until(pilot, lambda: logged(app, spelled(f"docker compose -p {project.name} stop")), what="stop logged")
        await until(pilot, lambda: pane._cells[key][3].plain == "0/2 running", what="header counts updated")
        await select(pilot, app, "containers", key, until)
        await pilot.press("S")
        await until(pilot, lambda: all(c.state == "running" for c in members()), timeout=20, what="project started")
        # the rows show "running" at the start events, which can come before the command returns
        await until(pilot, lambda: logged(app, spelled(f"docker compose -p {project.name} start")), what="start logged")
        assert logged(app, spelled(f"docker compose -p {project.name} start")) == [spelled(f"docker compose -p {project.name} start") + " => ok"]

        # l on the header: the merged logs of the project's containers.
        from tui.screens.detail.screen import ContainerDetailScreen

        await select(pilot, app, "containers", key, until)
        await pilot.press("l")
        detail = await until(pilot, lambda: (isinstance(app.screen, ContainerDetailScreen) and app.screen.is_mounted) and app.screen, what="merged logs")
        assert detail.merged and {c.id for c in detail.containers} == {c.id for c in members()}
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is dash, what="back on the dashboard")

        # z again: plain rows, no headers.
        await pilot.press("z")
        await until(pilot, lambda: key not in pane._cells, what="grouping off")
