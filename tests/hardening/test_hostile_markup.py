"""Hostile markup in every field: the app neither crashes nor runs an action, and names
with bidi or zero-width characters are shown with visible escapes where the user
decides on a destructive action."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.command import CommandPalette
from textual.widgets import Static

from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.objects.inspect import InspectScreen

from .hostile import new_marker, payload

pytestmark = pytest.mark.daemon

MARKUP = "[@click=app.quit]q[/] a[/]b [bold]x[/bold] [link=http://x]l[/link] [red"


async def test_hostile_markup_everywhere_no_crash(bed, make_app, until):
    marker = new_marker()
    evil = MARKUP + payload(marker)
    c = bed.client
    cid = bed.run("mk", f'printf "%s\\n" "{MARKUP}"; sleep 100000', labels={"evil": evil, MARKUP: "k"}, environment=[f"EVIL={evil}"])
    net = bed.name("net") + MARKUP.replace("/", "_")
    c.create_network(net, labels={"evil": evil})
    c.commit(cid, repository=bed.name("img"), tag="latest", message=evil, conf={"Labels": {"evil": evil}})
    app = make_app()
    quits = []
    async with app.run_test(size=(160, 40)) as pilot:
        app.exit = lambda *a, **k: quits.append(a)  # a [@click=app.quit] that fires is caught here
        await until(pilot, lambda: app.state.synced and any(n.name.startswith(bed.name("net")) for n in app.state.networks.values()), what="network listed")
        await pilot.pause(0.3)
        # Every pane, every row: click on cells too (a live @click would fire here).
        for key in ("1", "2", "3", "4"):
            await pilot.press(key)
            await pilot.press("j", "j", "k")
            await pilot.click("#pane-networks") if key == "3" else None
        # The palette with a query that matches the hostile network name.
        await pilot.press("ctrl+p")
        await until(pilot, lambda: (isinstance(app.screen, CommandPalette) and app.screen.is_mounted), what="palette")
        # The prefix's unique hex part: other tests' dyt-* networks must not win the match.
        await pilot.press(*f"go to network {bed.prefix[4:12]}")
        await pilot.pause(0.8)
        await pilot.press("enter")
        net_id = next(n.id for n in app.state.networks.values() if n.name.startswith(bed.name("net")))
        dash = app.screen_stack[1]
        # The hit was found and chosen: the palette did not choke on the name's markup.
        await until(pilot, lambda: dash.active_pane == "networks" and dash.pane("networks").selected_key == net_id, what="go to network selected it")
        # Inspect it, then remove dialog, then a notification carrying it.
        await pilot.press("i")
        await until(pilot, lambda: (isinstance(app.screen, InspectScreen) and app.screen.is_mounted), what="inspect")
        await pilot.press("escape")
        await pilot.press("d")
        await until(pilot, lambda: (isinstance(app.screen, ConfirmScreen) and app.screen.is_mounted), what="confirm")
        await pilot.press("escape")
        app.notify(evil, markup=False)  # how the app shows daemon errors
        await pilot.press("L")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert app.return_code in (None, 0)
        assert not quits, "daemon markup ran app.quit"


async def test_lookalike_names_are_visible_in_the_confirm_dialog(bed, make_app, until):
    c = bed.client
    # docker restricts container and volume names, but not network names.
    tricky = bed.name("net\u202egpj.exe\u200b")
    c.create_network(tricky)
    app = make_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and any(n.name.startswith(bed.name("net")) for n in app.state.networks.values()), what="network listed")
        net = next(n for n in app.state.networks.values() if n.name.startswith(bed.name("net")))
        assert "<U+202E>" in net.name and "<U+200B>" in net.name and "\u202e" not in net.name
        dash = app.screen
        dash.action_focus_pane("networks")
        assert dash.pane("networks").select_key(net.id)
        await pilot.press("d")
        await until(pilot, lambda: (isinstance(app.screen, ConfirmScreen) and app.screen.is_mounted), what="confirm")
        body = app.screen.query_one("#confirm-targets", Static).render()
        shown = body.plain if isinstance(body, Text) else str(body)
        assert "<U+202E>" in shown and "<U+200B>" in shown
        assert "\u202e" not in shown and "\u200b" not in shown
        await pilot.press("escape")
