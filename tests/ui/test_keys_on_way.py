"""A key inside a handler, between two queues of its road, still counts as waiting for the
logs tab's deferral (tui/keys_on_way.py): the fast tier, on the FakeSession.

CI saw a log batch appended before the key beside it was handled (tests/hardening/
test_log_flood_queue.py, once in three rounds under load): the key had left the app's queue
and was inside a handler, in no queue ``input_waiting`` looked at. Here a widget's key handler
is held open on purpose, so the gap is there every time, not once in forty."""

from __future__ import annotations

import asyncio

from textual import events
from textual.widget import Widget

from tests.ui.test_fast_tier import fake_app, ready
from tui.keys_on_way import STALE, KeysOnWay
from tui.screens.detail.logs_tab import input_waiting


class Gate(Widget, can_focus=True):
    """Holds each key in its handler until released; stops it when ``stop`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = asyncio.Event()
        self.release = asyncio.Event()
        self.stop = False

    async def on_key(self, event: events.Key) -> None:
        self.inside.set()
        await self.release.wait()
        if self.stop:
            event.stop()


async def _gate(pilot) -> Gate:
    app = pilot.app
    await ready(pilot)
    gate = Gate()
    await app.screen.mount(gate)
    gate.focus()
    await pilot.pause()
    return gate


async def _wait(pilot, predicate, what: str) -> None:
    for _ in range(500):
        if predicate():
            return
        await pilot.pause(0.01)
    raise AssertionError(what)


async def test_a_key_inside_a_widgets_handler_counts_as_waiting_until_the_app_is_done_with_it():
    app = fake_app()
    async with app.run_test(size=(120, 36)) as pilot:
        gate = await _gate(pilot)
        try:
            other = app.screen.pane("containers")  # input_waiting looks at the focused widget's road and this one's
            assert not input_waiting(other)
            app.post_message(events.Key("x", "x"))
            await _wait(pilot, gate.inside.is_set, "the key in the gate's handler")
            queues = [app, *gate.ancestors_with_self, *other.ancestors_with_self]
            assert not any(isinstance(m, events.Key) for p in queues for m in p._message_queue.values)  # in no queue
            assert input_waiting(other)  # ... and still on its way
        finally:
            gate.release.set()  # else the app's exit waits on the held key
        await _wait(pilot, lambda: len(app.keys_on_way) == 0, "the key's road to end at the app")
        assert not input_waiting(other)


async def test_a_key_a_widget_stopped_is_no_longer_on_its_way():
    app = fake_app()
    async with app.run_test(size=(120, 36)) as pilot:
        gate = await _gate(pilot)
        gate.stop = True
        other = app.screen.pane("containers")
        try:
            app.post_message(events.Key("x", "x"))
            await _wait(pilot, gate.inside.is_set, "the key in the gate's handler")
            assert input_waiting(other)
        finally:
            gate.release.set()
        await _wait(pilot, lambda: not input_waiting(other), "the stopped key to stop counting")


async def test_a_key_handled_by_a_priority_binding_ends_at_the_app():
    app = fake_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")  # help opens and closes through ordinary bindings
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.keys_on_way) == 0


def test_a_key_that_never_comes_back_is_forgotten_after_stale_seconds():
    now = [100.0]
    keys = KeysOnWay(clock=lambda: now[0])
    key = events.Key("x", "x")
    assert keys.taken(key)
    key._set_forwarded()  # the app forwarded it to the focused widget: on its way
    keys.done(key, fresh=True)
    assert keys.any()
    now[0] += STALE + 0.01
    assert not keys.any() and len(keys) == 0


def test_only_fresh_keys_are_noted():
    keys = KeysOnWay()
    assert not keys.taken(events.Paste("x"))
    bubbled = events.Key("x", "x")
    bubbled._set_forwarded()
    assert not keys.taken(bubbled)
    assert len(keys) == 0
