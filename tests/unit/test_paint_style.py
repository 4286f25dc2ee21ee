"""BaseStyle (tui/widgets/paint_style.py) keeps a widget's rich_style between paints and must
never answer with a stale one: focus, hover, a style set in code and a new theme all show."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from tui.widgets.paint_style import BaseStyle


class _App(App):
    CSS = "#s { background: #0000ff; } #s:focus { background: #ff0000; } #s:hover { background: #00ff00; } #s { color: $primary; }"

    def compose(self) -> ComposeResult:
        s = Static("x", id="s")
        s.can_focus = True
        yield s
        yield Input(id="i")


async def test_the_kept_style_follows_focus_hover_code_and_theme():
    app = _App()
    async with app.run_test() as pilot:
        s = app.query_one("#s")
        memo = BaseStyle()

        def same() -> bool:
            return memo.of(s) == s.rich_style

        app.query_one("#i").focus()
        await pilot.pause()
        assert same() and memo.of(s).bgcolor.triplet.hex == "#0000ff"
        s.focus()
        await pilot.pause()
        assert same() and memo.of(s).bgcolor.triplet.hex == "#ff0000"
        app.query_one("#i").focus()
        await pilot.hover("#s")
        await pilot.pause()
        assert same() and memo.of(s).bgcolor.triplet.hex == "#00ff00"
        s.styles.background = "#123456"
        assert same() and memo.of(s).bgcolor.triplet.hex == "#123456"
        before = memo.of(s).color
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert same() and memo.of(s).color != before
