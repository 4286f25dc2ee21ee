"""The HOST column of merged tables (shown only when the scope has more than one host)."""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text

from .columns import Column


def host_column(stale: Callable[[str], bool], colour: Callable[[str], str]) -> Column:
    """``stale(host)``: the host is away (its rows are greyed); ``colour(host)``: its colour."""

    def cell(obj: Any, ctx) -> Text:
        host = getattr(obj, "host", "")
        if stale(host):
            return Text(host, style="dim strike")
        c = colour(host)
        return Text(host, style=f"bold {c}" if c else "bold")

    return Column("host", "HOST", cell, lambda o, ctx: getattr(o, "host", ""), min=6, max=16, priority=0, grow=1)
