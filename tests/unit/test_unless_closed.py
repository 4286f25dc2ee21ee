"""tui.screens.mounted.unless_closed: a worker's callback that lands after its screen was
popped does nothing, also while the popped screen's removal is under way (its widgets
going, the screen not yet marked closed): the window where the relationship map crashed."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Static

from tui.screens.mounted import unless_closed


class Target(Screen):
    def __init__(self) -> None:
        super().__init__()
        self.applied: list[str] = []

    def compose(self):
        for i in range(30):
            yield Static(str(i))
        yield Static("x", id="text")

    @unless_closed
    def apply(self, value: str) -> None:
        self.query_one("#text", Static).update(value)  # NoMatches once the widgets went
        self.applied.append(value)


async def test_a_callback_during_a_popped_screens_removal_is_dropped():
    app = App()
    async with app.run_test() as pilot:
        screen = Target()
        await app.push_screen(screen)
        await pilot.pause()
        screen.apply("live")
        assert screen.applied == ["live"]
        app.pop_screen()
        raised = []
        removing = 0
        for _ in range(500):  # every turn of the loop until the screen is closed
            removing += bool(screen._pruning)
            try:
                screen.apply("removing" if screen._pruning else "popped")
            except NoMatches as exc:
                raised.append(exc)
            if screen._closed:
                break
            await asyncio.sleep(0)
        assert removing, "the removal window was never seen"
        assert not raised
        assert "removing" not in screen.applied  # nothing is done once the removal has begun
        assert screen._closed
        screen.apply("closed")
        assert "closed" not in screen.applied
