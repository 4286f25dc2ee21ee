"""The fast tier: UI logic on the scriptable FakeSession (tests/ui/fake_daemon.py), whose
behaviour tests/contract/ holds to the real daemon's. Keys, check_action, marks, the palette,
pending labels, read-only and the capability table; the assertions are on what the app
posts and records (signals, calls, the action log), not only on pixels."""

from __future__ import annotations

import dataclasses

import pytest

from tests.ui.fake_daemon import FROZEN_NOW, FakeSession
from tests.ui.helpers import dash, pane
from tui.app import DockyardApp
from tui.commands import DockyardCommands
from tui.domain import capabilities, changes as ch
from tui.engine.endpoint import Endpoint
from tui.keymap import Config

STATES = ("created", "running", "paused", "restarting", "exited", "dead")


class EveryStateSession(FakeSession):
    """The recording plus one container in each state (restarting and dead are rare live)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        base = next(c for c in self.snapshot.containers if c.state == "running")
        extra = [dataclasses.replace(base, id=f"{n:x}" * 64, name=f"s-{state}", state=state, health=None, status="") for n, state in enumerate(STATES, start=1)]
        self.snapshot = dataclasses.replace(self.snapshot, containers=tuple(self.snapshot.containers) + tuple(extra))
        self._containers = {c.id: c for c in self.snapshot.containers}


def fake_app(session=FakeSession, **kwargs) -> DockyardApp:
    app = DockyardApp(Endpoint("unix:///fake.sock", "test"), config=Config(), clock=lambda: FROZEN_NOW, session_factory=session, **kwargs)
    return app


async def ready(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        if app.state.synced and pane(app).table.row_count:
            return
        await pilot.pause(0.02)
    raise AssertionError("the fake session never listed")


async def select(pilot, cid: str) -> None:
    p = pane(pilot.app)
    p.show_stopped = True
    await pilot.pause()
    assert p.select_key(cid), cid
    await pilot.pause()


def by_name(app, name: str):
    return next(c for c in app.state.containers.values() if c.name == name)


async def test_dashboard_and_lifecycle_view_agree_with_the_capability_table_in_every_state():
    from tui.screens.learn.lifecycle import LifecycleScreen

    app = fake_app(EveryStateSession)
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        for state in STATES:
            c = by_name(app, f"s-{state}")
            await select(pilot, c.id)
            d = dash(app)
            for action in ("start", "stop", "restart", "kill"):
                expected = capabilities.applies("containers", action, state)
                assert (d.check_action(action, ()) is True) == expected, (state, action)
            pause_expected = capabilities.applies("containers", "pause", state) or capabilities.applies("containers", "unpause", state)
            assert (d.check_action("pause", ()) is True) == pause_expected, state
            life = LifecycleScreen(c)
            await app.push_screen(life)
            await pilot.pause()
            for verb in LifecycleScreen.KEY_VERBS:
                assert (life.check_action("move", (verb,)) is True) == (d.check_action(verb, ()) is True), (state, verb)
            app.pop_screen()
            await pilot.pause()


async def test_stop_key_posts_pending_then_the_event_settles_it():
    app = fake_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        web = by_name(app, "web")
        await select(pilot, web.id)
        labels: list[dict] = []
        app.control.store.pending_signal.subscribe(dash(app), lambda p: labels.append(dict(p)), immediate=True)
        await pilot.press("s")
        for _ in range(200):
            if app.state.containers[web.id].state == "exited" and not app.control.store.pending.labels:
                break
            await pilot.pause(0.02)
        assert app.session.calls[0][:2] == ("stop", web.id)
        assert {web.id: "stopping…"} in labels, labels  # the row said so until the event came
        assert app.control.store.pending.labels == {}  # the die/stop events settled it
        assert [(r.command, r.outcome) for r in app.control.store.action_log] == [("docker stop web", "ok")]
        assert app.control.store.resyncs == 1  # by event, never by re-listing


async def test_marks_make_a_bulk_action_on_exactly_the_marked_rows():
    app = fake_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        web, db = by_name(app, "web"), by_name(app, "db")
        for c in (web, db):
            await select(pilot, c.id)
            await pilot.press("space")
        await pilot.press("p")
        for _ in range(200):
            if len(app.session.calls) == 2:
                break
            await pilot.pause(0.02)
        assert sorted(call[:2] for call in app.session.calls) == sorted([("pause", web.id), ("pause", db.id)])
        assert pane(app).marked == set()  # marks are cleared once acted on


async def test_keys_that_do_not_apply_are_dimmed_and_send_nothing():
    app = fake_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        finished = by_name(app, "finished")
        await select(pilot, finished.id)
        assert dash(app).check_action("stop", ()) is None  # shown dimmed
        await pilot.press("s", "p")
        await pilot.pause(0.2)
        assert app.session.calls == []


async def test_read_only_drops_mutating_keys_everywhere_and_refuses_in_control():
    app = fake_app(readonly=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        web = by_name(app, "web")
        await select(pilot, web.id)
        d = dash(app)
        for action in sorted(capabilities.MUTATING & {"start", "stop", "restart", "pause", "kill", "remove", "exec", "pull", "prune"}):
            assert d.check_action(action, ()) is False, action
        names = {name for name, _, _ in DockyardCommands(app.screen)._commands()}
        assert not names & {"Start", "Stop", "Restart", "Pause", "Kill", "Remove"}
        await pilot.press("s", "K", "d")
        assert app.control.container_action("stop", [web]) is False  # the control layer refuses too
        await pilot.pause(0.2)
        assert app.session.calls == [] and app.control.store.action_log == []


async def test_palette_lists_what_applies_to_the_selection():
    app = fake_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await select(pilot, by_name(app, "web").id)
        names = {name for name, _, _ in DockyardCommands(app.screen)._commands()}
        assert {f"{a} web" for a in ("Stop", "Restart", "Pause", "Kill", "Remove", "Logs", "Inspect")} <= names  # entries name their targets
        assert not any(n == "Start" or n.startswith("Start ") for n in names)
        assert "go to container web" in names


async def test_every_engine_change_reaches_the_store_through_one_message():
    """The envelope is typed: EngineChange carries one domain Change."""
    from tui.messages import EngineChange

    app = fake_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        seen = []
        app.control.store.event_signal.subscribe(dash(app), seen.append, immediate=True)
        c = by_name(app, "web")
        app.post_message(EngineChange(ch.DaemonEvent("container", "attach", c.id, (("name", "web"),), FROZEN_NOW)))
        await pilot.pause(0.1)
        assert [e.action for e in seen] == ["attach"]
        assert app.control.store.events.events[-1].action == "attach"
