"""A widget's ``rich_style`` remembered between paints.

Textual's ``rich_style`` walks the CSS of every ancestor on each access. A followed log
asks for it on every paint (ten times a second), and Log once per line. Every style change
of a node, its pseudo classes and a theme's reapplied CSS included, raises that node's
``styles._cache_key``: the style is walked again only when one of the keys on the path to
the screen changed (or the path itself did).
"""

from __future__ import annotations

from rich.style import Style


class BaseStyle:
    __slots__ = ("key", "style")

    def __init__(self) -> None:
        self.key: tuple = ()
        self.style: Style | None = None

    def of(self, widget) -> Style:
        nodes = widget.ancestors_with_self
        key = tuple((id(node), node.styles._cache_key) for node in nodes)
        if key != self.key or self.style is None:
            self.key, self.style = key, widget.rich_style
        return self.style
