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
            # colours and opacity are asked for after ``of`` in a paint (PaintCached)
            return memo.of(s) == s.rich_style and memo.colors(s) == s.background_colors and memo.opacity(s) == s.opacity

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
        s.styles.opacity = 0.5
        assert same() and memo.opacity(s) == 0.5
        app.screen.styles.background = "#654321"  # an ancestor's style
        assert same()
        before = memo.of(s).color
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert same() and memo.of(s).color != before


async def test_a_paint_cached_widget_answers_textuals_values_while_painting():
    from textual.widgets import Static

    from tui.widgets.paint_style import PaintCached

    seen: list = []

    class Painted(PaintCached, Static):
        def __init__(self) -> None:
            super().__init__("x", id="p")
            self._base = BaseStyle()

        def render_lines(self, crop):
            self._paint_style = self._base.of(self)
            try:
                seen.append((self.background_colors, self.opacity))
                return super().render_lines(crop)
            finally:
                self._paint_style = None

    class Host(App):
        CSS = "#p { background: #0000ff; opacity: 0.8; }"

        def compose(self) -> ComposeResult:
            yield Painted()

    app = Host()
    async with app.run_test() as pilot:
        widget = app.query_one(Painted)
        await pilot.pause()
        assert seen and seen[-1] == (widget.background_colors, widget.opacity)
        widget.styles.background = "#00ff00"
        widget.refresh()
        await pilot.pause()
        assert seen[-1] == (widget.background_colors, widget.opacity)
        assert seen[-1][0][1] != seen[0][0][1]  # the new background, not the kept one
