"""Volumes and disk space in the UI: the prune screen's preview (scoped to this test's
label) equals what the daemon then removes; volume detail; the disk view's figures."""

from __future__ import annotations

from textual.widgets import Button

from tests.ui.objects_support import dashboard, focus, logged, select
from tui.screens.objects.disk import DiskScreen
from tui.screens.dialogs.prune import PruneScreen
from tui.screens.objects.volume_detail import VolumeDetailScreen


async def test_prune_preview_equals_what_is_removed(make_app, until, bed, daemon_client):
    label = bed.prefix.rstrip("-")
    idle = {daemon_client.create_volume(bed.name(f"idle{n}"), labels={label: "1"})["Name"] for n in range(2)}
    busy = daemon_client.create_volume(bed.name("busy"), labels={label: "1"})["Name"]
    bed.run("user", binds=[f"{busy}:/data"])
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and idle <= set(app.state.volumes))
        dash = dashboard(app)
        await focus(pilot, app, "volumes", until)
        # Never an unscoped prune on the shared test daemon: the same screen, our label only.
        app.control.flows.prune_kind("volumes", filters={"label": label})
        screen = await until(pilot, lambda: (isinstance(app.screen, PruneScreen) and app.screen.is_mounted) and app.screen, what="prune screen")
        await until(pilot, lambda: screen.previews is not None, what="preview")
        previewed = {i.name for p in screen.previews for i in p.items}
        assert previewed == idle
        ok = screen.query_one("#prune-ok", Button)
        await until(pilot, lambda: not ok.disabled, what="armed")
        ok.press()
        # The daemon sends a single "prune" event for it: the pump relists volumes.
        await until(pilot, lambda: not (idle & set(app.state.volumes)), what="volumes gone")
        left = {v["Name"] for v in (daemon_client.volumes(filters={"label": label}) or {}).get("Volumes") or []}
        assert left == {busy}
        assert logged(app, "docker volume prune") == [f"docker volume prune -f --filter label={label} => ok"]


async def test_volume_detail_lists_mounts(make_app, until, bed):
    vol = bed.volume("shown")
    cid = bed.run("mounter", binds=[f"{vol}:/srv/data:ro"])
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers and vol in app.state.volumes)
        await select(pilot, app, "volumes", vol, until)
        await pilot.press("enter")
        screen = await until(pilot, lambda: (isinstance(app.screen, VolumeDetailScreen) and app.screen.is_mounted) and app.screen, what="volume detail")
        await until(pilot, lambda: screen.table("containers").row_count == 1, what="mount row")
        row = screen.table("containers").get_row_at(0)
        assert [c.plain for c in row] == [bed.name("mounter"), "running", "/srv/data", "ro"]
        await until(pilot, lambda: screen.size_text != "measuring…", what="size")


async def test_disk_view_matches_engine_figures(make_app, until, bed):
    bed.run("disk")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced)
        await pilot.press("D")
        screen = await until(pilot, lambda: (isinstance(app.screen, DiskScreen) and app.screen.is_mounted) and app.screen, what="disk screen")
        await until(pilot, lambda: screen.usage is not None, timeout=20, what="df loaded")
        summary = screen.query_one("#disk-summary")
        shown = [[c.plain for c in summary.get_row_at(i)] for i in range(summary.row_count)]
        assert [r[0] for r in shown] == ["Images", "Containers", "Local Volumes", "Build Cache"]
        from tui.domain.format import size

        # the dashboard's binary units, labelled (issue 15 item 12: one kind of unit, said)
        expected = [list(c.cli_row(size).values()) for c in screen.usage.summary()]
        assert shown == expected
        assert any("iB" in r[3] for r in shown) and not any(r[3].endswith(("MB", "kB", "GB")) for r in shown)
        assert "binary units" in str(screen.query_one("#disk-status").render())
        # Same maths as the engine on a fresh reading (counts only: sizes may move meanwhile).
        fresh = app.session.disk_usage().summary()
        assert fresh[0].total == int(shown[0][1])
        assert screen.query_one("#disk-images").row_count == len(screen.usage.images)
