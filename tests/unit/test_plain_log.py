"""tui.widgets.plain_log.PlainLog: a write measures its lines on the UI thread (Textual's Log
starts a thread worker that reaches for ``self.app`` and failed with NoActiveAppError once its
dialog had closed: a CI failure of the one-shot exec dialog)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.widgets.plain_log import PlainLog


class Host(App):
    def compose(self) -> ComposeResult:
        yield PlainLog(id="log")


async def test_a_write_measures_its_lines_without_a_worker():
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        log = app.query_one(PlainLog)
        log.write_line("short")
        log.write_line("x" * 70)
        assert log._width == 70 and log.virtual_size.width == 70  # at once, not after a worker
        assert not [w for w in app.workers if w.node is log]
        await pilot.pause()
        assert log.line_count == 2


async def test_writing_to_a_removed_log_does_not_fail_the_app():
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        log = app.query_one(PlainLog)
        await log.remove()
        log.write_lines(["after", "removal"])
        await pilot.pause()
        assert app.is_running and app._exception is None
