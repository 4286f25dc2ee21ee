"""Images in the UI: push and pull with per-layer progress bars, an unreachable registry,
the run form (ports, env, volume, network) selecting the new container, image detail."""

from __future__ import annotations

import time

from textual.widgets import Input, ProgressBar

from tests.integration.conftest import registry  # noqa: F401  (fixture)
from tests.ui.objects_support import dashboard, focus, logged, select
from tests.integration.subnets import ipam
from tui.screens.dialogs.forms import FormScreen
from tui.screens.objects.image_detail import ImageDetailScreen
from tui.screens.objects.pull_push import LayerRow, TransferScreen


def _own_image(bed, daemon_client) -> str:
    """An image with a layer of its own, so a pull has something to download."""
    cid = bed.run("layer", f"echo {bed.prefix} > /stamp", start=False)
    daemon_client.start(cid)
    daemon_client.wait(cid, timeout=10)
    image_id = daemon_client.commit(cid)["Id"]
    daemon_client.remove_container(cid, force=True)
    return image_id


async def _fill(pilot, form: FormScreen, **values) -> None:
    for key, value in values.items():
        form.query_one(f"#field-{key}", Input).value = value
    await pilot.pause(0.05)


async def test_push_then_pull_show_layer_progress(make_app, until, bed, daemon_client, registry):
    ref = f"{registry}/{bed.prefix}ui:1"
    image_id = _own_image(bed, daemon_client)
    daemon_client.tag(image_id, f"{registry}/{bed.prefix}ui", "1")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and image_id in app.state.images)
        await select(pilot, app, "images", image_id, until)
        await pilot.press("U")  # one tag: straight to the progress screen
        screen = await until(pilot, lambda: (isinstance(app.screen, TransferScreen) and app.screen.is_mounted) and app.screen, what="push screen")
        await until(pilot, lambda: screen.progress.finished, timeout=30, what="push finished")
        assert not screen.progress.error
        assert screen.progress.layers and all(layer.done for layer in screen.progress.layers)
        assert screen.query(LayerRow) and screen.query_one("#transfer-total", ProgressBar).percentage == 1.0
        await until(pilot, lambda: logged(app, f"docker push {ref}") == [f"docker push {ref} => ok"], what="push logged")
        await pilot.press("escape")

        daemon_client.remove_image(ref)
        await until(pilot, lambda: image_id not in app.state.images, what="image gone")
        await pilot.press("P")
        form = await until(pilot, lambda: (isinstance(app.screen, FormScreen) and app.screen.is_mounted) and app.screen, what="pull form")
        await _fill(pilot, form, reference=ref)
        await pilot.press("enter")
        screen = await until(pilot, lambda: (isinstance(app.screen, TransferScreen) and app.screen.is_mounted) and app.screen, what="pull screen")
        await until(pilot, lambda: screen.progress.finished, timeout=30, what="pull finished")
        assert not screen.progress.error
        # The layer that was not on the daemon went through download states to "Pull complete".
        assert any(layer.status == "Pull complete" for layer in screen.progress.layers)
        await until(pilot, lambda: image_id in app.state.images, what="pulled image listed")
        assert logged(app, f"docker pull {ref}") == [f"docker pull {ref} => ok"]


async def test_pull_from_unreachable_registry_fails_fast(make_app, until):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced)
        await focus(pilot, app, "images", until)
        await pilot.press("P")
        form = await until(pilot, lambda: (isinstance(app.screen, FormScreen) and app.screen.is_mounted) and app.screen, what="pull form")
        await _fill(pilot, form, reference="127.0.0.1:1/dyt-nothing/here:1")
        start = time.monotonic()
        await pilot.press("enter")
        screen = await until(pilot, lambda: (isinstance(app.screen, TransferScreen) and app.screen.is_mounted) and app.screen, what="pull screen")
        await until(pilot, lambda: screen.progress.error, timeout=5, what="pull error")
        assert time.monotonic() - start < 5
        assert "127.0.0.1:1" in screen.progress.error and "refused" in screen.progress.error
        assert screen.has_class("-failed")
        status = str(screen.query_one("#transfer-status").render())
        assert "cannot pull" in status


async def test_run_form_creates_container_and_selects_it(make_app, until, bed, daemon_client, test_image):
    net = bed.name("runnet")
    bed.network("runnet", ipam=ipam())
    vol = bed.volume("runvol")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and any(n.name == net for n in app.state.networks.values()))
        image = next(i for i in app.state.images.values() if test_image in i.tags)
        await select(pilot, app, "images", image.id, until)
        await pilot.press("R")
        form = await until(pilot, lambda: (isinstance(app.screen, FormScreen) and app.screen.is_mounted) and app.screen, what="run form")
        assert form.query_one("#field-image", Input).value == test_image
        await _fill(pilot, form, name=bed.name("ran"), command="sh -c 'trap \"exit 0\" TERM; sleep 100000 & wait'", env="COLOUR=blue", ports="127.0.0.1::8080", volumes=f"{vol}:/data")
        form.query_one("#field-network").value = net
        form.query_one("#field-restart").value = "on-failure"
        await pilot.pause(0.05)
        form.action_submit()
        dash = dashboard(app)
        pane = dash.pane("containers")
        cid = await until(pilot, lambda: next((c.id for c in app.state.containers.values() if c.name == bed.name("ran")), None), timeout=20, what="container listed")
        await until(pilot, lambda: pane.selected_key == cid and dash.active_pane == "containers", what="new container selected")
        doc = daemon_client.inspect_container(cid)
        assert "COLOUR=blue" in doc["Config"]["Env"]
        assert doc["HostConfig"]["PortBindings"]["8080/tcp"][0]["HostIp"] == "127.0.0.1"
        assert doc["HostConfig"]["RestartPolicy"]["Name"] == "on-failure"
        assert [m["Name"] for m in doc["Mounts"]] == [vol]
        assert list(doc["NetworkSettings"]["Networks"]) == [net]
        assert logged(app, "docker run -d --name " + bed.name("ran"))[0].endswith("=> ok")


async def test_run_form_shows_a_bad_field_and_stays(make_app, until, test_image):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced)
        image = next(i for i in app.state.images.values() if test_image in i.tags)
        await select(pilot, app, "images", image.id, until)
        await pilot.press("R")
        form = await until(pilot, lambda: (isinstance(app.screen, FormScreen) and app.screen.is_mounted) and app.screen, what="run form")
        await _fill(pilot, form, ports="80:99999")
        form.action_submit()
        await pilot.pause(0.1)
        assert app.screen is form
        assert "out of range" in str(form.query_one("#form-error").render())


async def test_image_detail_shows_layers_and_users(make_app, until, bed, test_image):
    cid = bed.run("user")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers)
        image = next(i for i in app.state.images.values() if test_image in i.tags)
        await select(pilot, app, "images", image.id, until)
        await pilot.press("enter")
        screen = await until(pilot, lambda: (isinstance(app.screen, ImageDetailScreen) and app.screen.is_mounted) and app.screen, what="image detail")
        await until(pilot, lambda: screen.table("layers").row_count >= 1, what="layers")
        users = screen.table("containers")
        assert cid in [r.key.value for r in users.ordered_rows]
        assert test_image in str(screen.query_one("#detail-facts").render())


async def test_readonly_hides_image_actions(make_app, until):
    app = make_app(readonly=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced)
        dash = dashboard(app)
        await focus(pilot, app, "images", until)
        for action in ("pull", "push", "tag", "run_image", "prune"):
            assert dash.check_action(action, ()) is False, action
        await focus(pilot, app, "networks", until)
        for action in ("create", "connect", "disconnect", "prune"):
            assert dash.check_action(action, ()) is False, action
        await pilot.press("P")
        await pilot.pause(0.1)
        assert app.screen is dash
