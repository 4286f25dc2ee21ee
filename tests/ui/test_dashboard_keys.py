"""Every dashboard key, pressed against the real daemon: the daemon changes, and the row
changes because its event arrived (no re-listing)."""

from __future__ import annotations

import time

import pytest
from textual import events

from tests.ui.helpers import cell, dash, pane, shown
from tui.screens.dialogs.action_log import ActionLogScreen
from tui.screens.dialogs.confirm import ARM_DELAY, ConfirmScreen
from tui.screens.dialogs.help import HelpScreen
from tui.screens.objects.inspect import InspectScreen

pytestmark = pytest.mark.daemon


def daemon_state(client, cid: str) -> str:
    try:
        return client.inspect_container(cid)["State"]["Status"]
    except Exception:
        return "gone"


async def started(make_app, pilot_size=(120, 36), **kw):
    app = make_app(**kw)
    return app


async def select(app, pilot, until, key: str, kind: str = "containers") -> None:
    await until(pilot, lambda: shown(app, key, kind), what=f"row {key[:12]}")
    await pilot.press(str(["containers", "images", "networks", "volumes"].index(kind) + 1))
    assert pane(app, kind).select_key(key)
    await pilot.pause()


async def confirm(pilot, until, *, checks: tuple[str, ...] = ()) -> tuple[str, str]:
    """Wait for the dialog to arm, tick options, press the action button; returns (title, body)."""
    app = pilot.app
    await until(pilot, lambda: (isinstance(app.screen, ConfirmScreen) and app.screen.is_mounted), what="the confirmation")
    screen = app.screen
    await until(pilot, lambda: app.focused is screen.query_one("#cancel"), what="armed; Cancel is the default")
    for option in checks:
        await pilot.click(f"#opt-{option}")
    shown_text = (str(screen.query_one("#confirm-title").render()), str(screen.query_one("#confirm-targets").render()))
    await pilot.click("#ok")
    return shown_text


async def test_lifecycle_keys_change_the_daemon_and_the_row(make_app, bed, daemon_client, until):
    cid = bed.run("life")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced)
        await select(app, pilot, until, cid)
        resyncs = app.control.store.resyncs
        steps = [("s", "exited", "exited"), ("S", "running", "running"), ("p", "paused", "paused"), ("p", "running", "running")]
        for key, on_daemon, on_row in steps:
            await pilot.press(key)
            await until(pilot, lambda: daemon_state(daemon_client, cid) == on_daemon, what=f"{key} → {on_daemon}")
            await until(pilot, lambda: cell(app, cid, "state") == on_row, what=f"row {on_row} after {key}")
        before = daemon_client.inspect_container(cid)["State"]["StartedAt"]
        await pilot.press("r")
        await until(pilot, lambda: daemon_client.inspect_container(cid)["State"]["StartedAt"] != before, what="restart")
        await until(pilot, lambda: cell(app, cid, "state") == "running", what="running after restart")
        await pilot.press("K")
        title, body = await confirm(pilot, until)
        assert "Kill" in title and bed.name("life") in body and cid[:12] in body
        await until(pilot, lambda: daemon_state(daemon_client, cid) == "exited", what="killed")
        assert daemon_client.inspect_container(cid)["State"]["ExitCode"] == 137
        await until(pilot, lambda: cell(app, cid, "state") == "exited")
        assert app.control.store.resyncs == resyncs
        commands = [r.command for r in app.control.store.action_log]
        name = bed.name("life")
        assert commands == [f"docker {v} {name}" for v in ("stop", "start", "pause", "unpause", "restart", "kill")]


async def test_pending_label_shows_until_the_event_confirms(make_app, bed, daemon_client, until):
    # busybox sleep as PID 1 ignores SIGTERM: stop waits the full 10 s timeout, as docker stop does.
    cid = bed.run("stubborn", ["sleep", "100000"])
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced)
        await select(app, pilot, until, cid)
        await pilot.press("s")
        await until(pilot, lambda: cell(app, cid, "state") == "stopping…", what="pending label")
        await pilot.pause(1.0)
        assert daemon_state(daemon_client, cid) == "running"
        assert cell(app, cid, "state") == "stopping…"
        assert "docker stop" in app.control.store.last_action.plain
        await until(pilot, lambda: cell(app, cid, "state") == "exited", timeout=20, what="the stop to finish")


async def test_remove_with_options_force_and_anonymous_volumes(make_app, bed, daemon_client, until):
    cid = bed.run("rm", volumes=["/anon"])
    volume = next(m["Name"] for m in daemon_client.inspect_container(cid)["Mounts"] if m["Type"] == "volume")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced)
        await select(app, pilot, until, cid)
        await pilot.press("d")
        _, body = await confirm(pilot, until, checks=("volumes",))  # force starts ticked: it runs
        assert bed.name("rm") in body and cid[:12] in body
        await until(pilot, lambda: daemon_state(daemon_client, cid) == "gone", what="removed")
        await until(pilot, lambda: not shown(app, cid))
        assert volume not in {v["Name"] for v in (daemon_client.volumes() or {}).get("Volumes") or []}
        assert app.control.store.action_log[-1].command == f"docker rm -f -v {bed.name('rm')}"


async def test_confirm_ignores_keys_typed_before_it_was_drawn_and_defaults_to_cancel(make_app, bed, daemon_client, until):
    cid = bed.run("keep")
    app = make_app()
    pushed = []
    push = app.push_screen
    app.push_screen = lambda screen, *a, **k: (pushed.append(screen), push(screen, *a, **k))[1]
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced)
        await select(app, pilot, until, cid)
        # Typed fast, both keys are queued before the dialog exists (pilot.press would
        # wait for the dialog to settle between them): the enter must not confirm.
        app.post_message(events.Key("d", "d"))
        app.post_message(events.Key("enter", "\r"))
        await pilot.pause(ARM_DELAY + 0.3)
        assert any(isinstance(s, ConfirmScreen) for s in pushed)
        assert daemon_state(daemon_client, cid) == "running"
        if isinstance(app.screen, ConfirmScreen):
            # still open (the usual case): once armed, the focused default is Cancel
            await until(pilot, lambda: app.focused is app.screen.query_one("#cancel"), what="Cancel focused")
            assert app.screen.query_one("#opt-force").value  # pre-ticked (running); the early enter toggled nothing
            await pilot.press("enter")
            await until(pilot, lambda: not (isinstance(app.screen, ConfirmScreen)) and app.screen.is_mounted)
        await pilot.pause(0.3)
        assert daemon_state(daemon_client, cid) == "running"
        assert app.control.store.action_log == []


async def test_marks_and_bulk_action(make_app, bed, daemon_client, until):
    ids = [bed.run(s) for s in ("m1", "m2", "m3")]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced)
        for cid in ids[:2]:
            await select(app, pilot, until, cid)
            await pilot.press("space")
        assert pane(app).marked == set(ids[:2])
        await pilot.press("s")
        await until(pilot, lambda: all(daemon_state(daemon_client, c) == "exited" for c in ids[:2]), what="both stopped")
        await until(pilot, lambda: all(cell(app, c, "state") == "exited" for c in ids[:2]))
        assert daemon_state(daemon_client, ids[2]) == "running"
        assert not pane(app).marked
        # ctrl+a marks every visible row: filter to this test's rows first.
        await pilot.press("slash", *bed.prefix, "enter")
        await until(pilot, lambda: set(pane(app)._cells) == set(ids))
        await pilot.press("ctrl+a")
        assert pane(app).marked == set(ids)
        await pilot.press("S")
        await until(pilot, lambda: all(daemon_state(daemon_client, c) == "running" for c in ids), what="all started")


async def test_filter_substring_label_and_status(make_app, bed, daemon_client, until):
    web = bed.run("web", labels={"tier": "front"})
    db = bed.run("db", labels={"tier": "back"})
    old = bed.run("old", start=False)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced)
        await until(pilot, lambda: all(shown(app, c) for c in (web, db, old)))
        p = pane(app)
        await pilot.press("slash", *f"{bed.prefix}web")
        await until(pilot, lambda: set(p._cells) == {web})
        await pilot.press("enter")
        p.set_filter("tier=back")
        assert set(p._cells) == {db}
        p.set_filter("label=tier")
        assert set(p._cells) == {web, db}
        p.set_filter(f"{bed.prefix} status=running")
        assert set(p._cells) == {web, db}
        p.set_filter(f"{bed.prefix} status=created")
        assert set(p._cells) == {old}
        await pilot.press("escape")
        assert p.query_text == "" and {web, db, old} <= set(p._cells)


async def test_sort_cycles_columns_and_header_shows_it(make_app, bed, until):
    ids = [bed.run(s, start=False) for s in ("zz", "aa", "mm")]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and all(shown(app, c) for c in ids))
        p = pane(app)
        p.set_filter(bed.prefix)
        await pilot.press("o")
        assert p.sort_column == "name"
        assert "sort NAME" in str(p.query_one(".pane-title").render())
        assert "NAME ▲" in str(p.table.columns["name"].label)
        assert p._order() == [ids[1], ids[2], ids[0]]
        await pilot.press("O")
        assert p._order() == [ids[0], ids[2], ids[1]]
        await pilot.press("o")
        assert p.sort_column == "image"


async def test_help_palette_copy_inspect_detail_logs_and_action_log(make_app, bed, daemon_client, until):
    cid = bed.run("misc")
    app = make_app()
    opened = []
    app.control.nav.open_logs = lambda targets: opened.extend(("logs", c.id) for c in targets)
    notices: list[str] = []
    notify = app.notify
    app.notify = lambda message, *a, **k: (notices.append(str(message)), notify(message, *a, **k))[1]  # a 3 s toast can expire unseen on a loaded machine
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced)
        await select(app, pilot, until, cid)
        # ? lists every key of this context, dimming what does not apply.
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {row[2].split(" — ")[0] for row in app.screen._rows}
        assert {"Start", "Stop", "Restart", "Pause", "Kill", "Remove", "Logs", "Inspect", "Copy id", "Copy name", "Mark", "Filter", "Sort", "Quit"} <= described
        assert {"Down", "Up"} <= described
        await pilot.press("escape")
        # y copies the id (OSC 52 through the app, and the system clipboard if any).
        await pilot.press("y")
        assert app.clipboard == cid
        await until(pilot, lambda: any(n.startswith(f"id of {bed.name('misc')}: sent to the terminal clipboard") for n in notices), what="copy notice")
        await pilot.press("Y")
        assert app.clipboard == bed.name("misc")
        # l asks for logs; i and enter open inspect (enter: detail, until that view exists).
        await pilot.press("l")
        assert opened == [("logs", cid)]
        await pilot.press("i")
        await until(pilot, lambda: (isinstance(app.screen, InspectScreen) and app.screen.is_mounted), what="inspect")
        await pilot.press("escape")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is not dash(app), what="detail")
        await pilot.press("escape")
        # the palette: every action on the selection, and go to any object
        await pilot.press("s")
        await until(pilot, lambda: daemon_state(daemon_client, cid) == "exited")
        # the daemon answers the stop a moment before the app's worker records it (seen under load)
        await until(pilot, lambda: any(r.command == f"docker stop {bed.name('misc')}" for r in app.control.store.action_log), what="the stop recorded")
        await pilot.press("L")
        await until(pilot, lambda: (isinstance(app.screen, ActionLogScreen) and app.screen.is_mounted), what="action log")
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard == f"docker stop {bed.name('misc')}", what="the command copied")
        await pilot.press("escape")


async def test_palette_runs_actions_and_goes_to_objects(make_app, bed, daemon_client, until):
    target = bed.run("target", start=False)
    other = bed.run("other", start=False)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, target))
        await select(app, pilot, until, other)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*f"go to container {bed.name('target')}")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: pane(app).selected_key == target, what="palette go to")
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Start")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: daemon_state(daemon_client, target) == "running", what="palette start")


async def test_keys_that_do_not_apply_are_dimmed(make_app, bed, until):
    cid = bed.run("dim", start=False)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced)
        await select(app, pilot, until, cid)
        screen = dash(app)
        assert screen.check_action("stop", ()) is None
        assert screen.check_action("start", ()) is True
        await pilot.press("2")
        assert screen.check_action("stop", ()) is False  # container keys leave the footer on other panes


async def test_remove_image_network_volume_and_daemon_errors(make_app, bed, daemon_client, until):
    nid = bed.network("busy")
    vol = bed.volume("gone")
    cid = bed.run("holder", host_config=daemon_client.create_host_config(network_mode=bed.name("busy")))
    daemon_client.tag(bed.image, f"{bed.prefix}img", "v1")
    image_tag = f"{bed.prefix}img:v1"
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced)
        # a volume
        await select(app, pilot, until, vol, "volumes")
        await pilot.press("d")
        await confirm(pilot, until)
        await until(pilot, lambda: not shown(app, vol, "volumes"), what="volume removed")
        # a network in use: the daemon refuses, the notification carries its message
        await select(app, pilot, until, nid, "networks")
        await pilot.press("d")
        await confirm(pilot, until)
        await until(pilot, lambda: any("active endpoints" in str(n.message) for n in app._notifications), what="the daemon's error")
        note = next(n for n in app._notifications if "active endpoints" in str(n.message))
        assert note.markup is False and note.severity == "error"
        assert shown(app, nid, "networks") and app.control.store.action_log[-1].outcome.startswith("failed")
        # an image tag
        image = next(i for i in app.state.images.values() if image_tag in i.tags)
        assert image.id in pane(app, "images")._cells
        daemon_client.remove_container(cid, force=True)
        await until(pilot, lambda: cid not in app.state.containers)


async def test_q_quits_at_once(make_app, bed, until):
    bed.run("q")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced)
        t0 = time.monotonic()
        await pilot.press("q")
        await pilot.pause(0.1)
    assert time.monotonic() - t0 < 5.0  # ~0.3 s idle; the bound allows for a loaded shared machine
    assert app.return_code == 0


def _footer(app) -> dict[str, bool]:
    """Footer key -> enabled, as drawn."""
    from textual.widgets._footer import FooterKey

    return {k.key: not k.has_class("-disabled") for k in app.screen.query(FooterKey)}


async def test_footer_follows_the_selection_and_its_state_but_not_every_event(bed, make_app, until, daemon_client):
    running = bed.run("foot-run")
    exited = bed.run("foot-exit", start=False)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await select(app, pilot, until, running)
        await until(pilot, lambda: _footer(app).get("s") is True and _footer(app).get("S") is False, what="Stop on, Start off")
        await select(app, pilot, until, exited)
        await until(pilot, lambda: _footer(app).get("S") is True and _footer(app).get("s") is False, what="Start on, Stop off")
        # An event about another container changes no key: the footer is not rebuilt.
        before = {id(k) for k in app.screen.query("FooterKey")}
        bed.run("foot-other")
        await until(pilot, lambda: any(c.name == bed.name("foot-other") for c in app.state.containers.values()), what="other listed")
        await pilot.pause(0.3)
        assert {id(k) for k in app.screen.query("FooterKey")} == before
        # The selected container starting outside Dockyard flips its keys.
        daemon_client.start(exited)
        await until(pilot, lambda: _footer(app).get("s") is True and _footer(app).get("S") is False, what="Stop on after start")
