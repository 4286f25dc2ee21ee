"""tui/resize_guard.py: after a burst of resizes, a stale size is corrected once."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.geometry import Size

from tui import resize_guard


class SizedApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.resizes: list[Size] = []

    def on_resize(self, event: events.Resize) -> None:
        self.resizes.append(event.size)


async def test_a_stale_size_is_corrected_after_the_burst(monkeypatch):
    app = SizedApp()
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(type(app), "is_headless", property(lambda self: False))
        monkeypatch.setattr(resize_guard.shutil, "get_terminal_size", lambda: (120, 40))
        guard = resize_guard.ResizeGuard(app)
        for _ in range(5):  # a burst: only one check, after it is quiet
            guard.resized()
        for _ in range(100):  # a generous deadline: a busy machine runs the timer late
            await pilot.pause(resize_guard.QUIET + 0.1)
            if Size(120, 40) in app.resizes:
                break
        await pilot.pause(resize_guard.QUIET + 0.3)
        assert app.resizes.count(Size(120, 40)) == 1


async def test_a_right_size_posts_nothing(monkeypatch):
    app = SizedApp()
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(type(app), "is_headless", property(lambda self: False))
        monkeypatch.setattr(resize_guard.shutil, "get_terminal_size", lambda: (80, 24))
        before = len(app.resizes)
        guard = resize_guard.ResizeGuard(app)
        guard.resized()
        await pilot.pause(resize_guard.QUIET + 0.3)
        assert len(app.resizes) == before
