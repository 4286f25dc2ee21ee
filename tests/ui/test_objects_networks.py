"""Networks in the UI: create through the form, connect and disconnect a container
picked from a list, and the network detail listing attachments."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from tests.ui.objects_support import dashboard, focus, logged, select
from tests.integration.subnets import ipam, random_subnet
from tui.screens.dialogs.forms import FormScreen
from tui.screens.objects.network_detail import NetworkDetailScreen
from tui.screens.dialogs.network_forms import ContainerPickScreen


async def _pick(pilot, until, app, cid: str) -> None:
    picker = await until(pilot, lambda: (isinstance(app.screen, ContainerPickScreen) and app.screen.is_mounted) and app.screen, what="container picker")
    options = picker.query_one(OptionList)
    index = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == cid)
    options.highlighted = index
    await pilot.pause(0.05)
    await pilot.press("enter")


async def test_create_connect_disconnect(make_app, until, bed, daemon_client):
    bed.network("home", ipam=ipam())
    cid = bed.run("box", network_mode=bed.name("home"))
    name = bed.name("made")
    subnet, _ = random_subnet()
    prefix = subnet.rsplit(".", 1)[0] + "."
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers)
        dash = dashboard(app)
        await focus(pilot, app, "networks", until)
        await pilot.press("c")
        form = await until(pilot, lambda: (isinstance(app.screen, FormScreen) and app.screen.is_mounted) and app.screen, what="create form")
        form.query_one("#field-name", Input).value = name
        form.query_one("#field-subnet", Input).value = subnet
        await pilot.pause(0.05)
        form.action_submit()
        net = await until(pilot, lambda: next((n for n in app.state.networks.values() if n.name == name), None), what="network listed")
        assert net.subnets == (subnet,)
        assert logged(app, "docker network create") == [f"docker network create --driver bridge --subnet {subnet} {name} => ok"]

        await select(pilot, app, "networks", net.id, until)
        await pilot.press("C")
        await _pick(pilot, until, app, cid)
        attached = lambda: any(a.network == name for a in app.state.containers[cid].networks)  # noqa: E731
        await until(pilot, attached, what="container attached")
        assert name in daemon_client.inspect_container(cid)["NetworkSettings"]["Networks"]
        assert logged(app, "docker network connect") == [f"docker network connect {name} {bed.name('box')} => ok"]

        await pilot.press("enter")
        detail = await until(pilot, lambda: (isinstance(app.screen, NetworkDetailScreen) and app.screen.is_mounted) and app.screen, what="network detail")
        await until(pilot, lambda: cid in [r.key.value for r in detail.table("containers").ordered_rows], what="attachment row")
        # Aliases come from inspecting the attached container (the listing leaves them out).
        aliases = lambda: detail.table("containers").get_row(cid)[5].plain  # noqa: E731
        await until(pilot, lambda: cid[:12] in aliases(), what="aliases shown")
        ip = next(a.ip for a in app.state.containers[cid].networks if a.network == name)
        assert ip.startswith(prefix)
        assert subnet in str(detail.query_one("#detail-facts").render())

        await pilot.press("D")
        await _pick(pilot, until, app, cid)
        await until(pilot, lambda: not attached(), what="container detached")
        await until(pilot, lambda: detail.table("containers").row_count == 0, what="detail follows")
        assert name not in daemon_client.inspect_container(cid)["NetworkSettings"]["Networks"]
        assert logged(app, "docker network disconnect")[0].endswith("=> ok")


async def test_D_disconnects_in_networks_pane_and_opens_disk_elsewhere(make_app, until, bed):
    from tui.screens.objects.disk import DiskScreen

    nid = bed.network("keys", ipam=ipam())
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and nid in app.state.networks)
        await select(pilot, app, "networks", nid, until)
        dash = dashboard(app)
        assert dash.check_action("disk", ()) is False and dash.check_action("disconnect", ()) is True
        await pilot.press("D")
        await until(pilot, lambda: (isinstance(app.screen, ContainerPickScreen) and app.screen.is_mounted), what="disconnect picker")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is dash, what="dashboard")
        await focus(pilot, app, "volumes", until)
        await pilot.press("D")
        await until(pilot, lambda: (isinstance(app.screen, DiskScreen) and app.screen.is_mounted), what="disk view")
