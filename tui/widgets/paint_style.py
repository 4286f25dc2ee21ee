"""A widget's ``rich_style`` remembered between paints.

Textual's ``rich_style`` walks the CSS of every ancestor on each access. A followed log
asks for it on every paint (ten times a second), and Log once per line. Every style change
of a node, its pseudo classes and a theme's reapplied CSS included, raises that node's
``styles._cache_key``: the style is walked again only when one of the keys on the path to
the screen changed (or the path itself did).
"""

from __future__ import annotations

from rich.style import Style
from textual.dom import DOMNode
from textual.widget import Widget


class BaseStyle:
    """``of`` checks the keys; ``colors`` and ``opacity`` (the same walk over the ancestors'
    styles, Textual's ``background_colors`` and ``opacity``) are kept under the key ``of``
    last checked, so they are asked for after ``of`` in the same paint (PaintCached)."""

    __slots__ = ("key", "style", "_colors", "_opacity")

    def __init__(self) -> None:
        self.key: tuple = ()
        self.style: Style | None = None
        self._colors = None
        self._opacity: float | None = None

    def of(self, widget) -> Style:
        nodes = widget.ancestors_with_self
        key = tuple((id(node), node.styles._cache_key) for node in nodes)
        if key != self.key or self.style is None:
            self.key, self.style = key, widget.rich_style
            self._colors = self._opacity = None
        return self.style

    def colors(self, widget):
        if self._colors is None:
            self._colors = DOMNode.background_colors.fget(widget)
        return self._colors

    def opacity(self, widget) -> float:
        if self._opacity is None:
            self._opacity = Widget.opacity.fget(widget)
        return self._opacity


class PaintCached:
    """For a widget whose ``render_lines`` sets ``_paint_style`` from ``_base.of(self)``
    (a BaseStyle) for the length of the paint: Textual's styles cache asks for the widget's
    ``background_colors`` and ``opacity`` (each a walk over every ancestor's styles) on every
    paint; while painting they come from the same remembered walk (a followed log paints ten
    times a second for one new row)."""

    _paint_style: Style | None = None
    _base: BaseStyle

    @property
    def background_colors(self):
        if self._paint_style is not None:
            return self._base.colors(self)
        return super().background_colors

    @property
    def opacity(self) -> float:
        if self._paint_style is not None:
            return self._base.opacity(self)
        return super().opacity
