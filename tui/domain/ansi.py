"""Colour for display: SGR in, Rich ``Text`` out, nothing else let through.

``render`` reads the RAW decoded line (sanitising first would turn ESC into a
visible marker and lose the colours). Only SGR (``ESC [ params m``) is
interpreted (rendered, or dropped when colours are off). Every other sequence
is *shown*, whole, in the sanitiser's visible form and a distinct style, so a
reader sees that a line carried one: CSI cursor moves and clears (``␛[2J``),
OSC titles (``␛]0;t␇``), OSC 8 links, OSC 52 clipboard writes, DCS/SOS/PM/APC
strings, 8-bit C1 forms (``<U+009B>``). A lone ESC is shown as ``␛`` and
never takes the character after it (``ESC + " end"`` reads ``␛ end``). Loose
controls (BEL, C1, NUL...) go through ``sanitize.clean``: shown, not emitted.

``Text`` is built by appending plain segments with ``Style`` objects: no
markup parser ever sees daemon text (``[bold]`` stays literal) and
``Text.from_ansi`` is never used (it turns OSC 8 into live links).

Tabs are kept in both ``render`` and ``plain`` so their offsets agree (search
hits map onto the rendered line); Rich and Textual expand tabs when drawing.
"""

from __future__ import annotations

import re

from rich.color import Color
from rich.style import Style
from rich.text import Text

from tui.domain import sanitize

__all__ = ["render", "plain", "safe_text"]

# SGR first (group 1: its parameters), then any other sequence (shown, not acted on).
_TOKEN = re.compile(r"(?:\x1b\[|\x9b)([0-9;:]*)m" r"|" + sanitize.ESCAPE_SEQUENCE.pattern)
# How a shown control sequence looks: set apart from the text around it.
CONTROL_STYLE = Style(dim=True, reverse=True)
# Cheap test: without these the line has no sequence to interpret or drop.
_HAS_SEQUENCE = re.compile(r"[\x07\x1b\x80-\x9f]")

_STYLE_CACHE: dict[tuple, Style | None] = {}
_STYLE_CACHE_MAX = 4096


def _number(p: str) -> int:
    return int(p) if p else 0


def _colour(args: list[str]) -> Color | None:
    """Decode the arguments after 38/48: ``5;n`` or ``2;r;g;b``."""
    if not args:
        return None
    mode = _number(args[0])
    if mode == 5 and len(args) >= 2:
        n = _number(args[1])
        return Color.from_ansi(n) if n <= 255 else None
    if mode == 2 and len(args) >= 4:
        r, g, b = (_number(a) for a in args[-3:])
        if max(r, g, b) <= 255:
            return Color.from_rgb(r, g, b)
    return None


class _Pen:
    """The SGR state between segments of one line."""

    __slots__ = ("fg", "bg", "bold", "dim", "italic", "underline", "reverse", "strike")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.fg: Color | None = None
        self.bg: Color | None = None
        self.bold = self.dim = self.italic = False
        self.underline = self.reverse = self.strike = False

    def apply(self, params: str) -> None:
        parts = params.split(";") if params else [""]
        i = 0
        while i < len(parts):
            part = parts[i]
            i += 1
            if ":" in part:  # ISO 8613-6 colon form: 38:2::r:g:b, 38:5:n, 4:3
                code, *sub = part.split(":")
                self._extended(_number(code), sub, colon=True)
                continue
            code = _number(part)
            if code in (38, 48, 58):
                mode = _number(parts[i]) if i < len(parts) else -1
                take = 2 if mode == 5 else 4 if mode == 2 else 1
                self._extended(code, parts[i : i + take], colon=False)
                i += take
            else:
                self._simple(code)

    def _extended(self, code: int, args: list[str], *, colon: bool) -> None:
        if code == 4:  # 4:0 is "no underline", 4:1..5 are underline styles
            self.underline = not args or _number(args[0]) != 0
        elif code in (38, 48):
            if colon and args and _number(args[0]) == 2 and len(args) > 4:
                args = [args[0], *args[-3:]]  # drop the colour-space id
            colour = _colour(args)
            if colour is not None:
                if code == 38:
                    self.fg = colour
                else:
                    self.bg = colour
        # 58 (underline colour) is consumed and ignored.

    def _simple(self, code: int) -> None:
        if code == 0:
            self.reset()
        elif code == 1:
            self.bold = True
        elif code == 2:
            self.dim = True
        elif code == 3:
            self.italic = True
        elif code == 4:
            self.underline = True
        elif code == 7:
            self.reverse = True
        elif code == 9:
            self.strike = True
        elif code == 22:
            self.bold = self.dim = False
        elif code == 23:
            self.italic = False
        elif code == 24:
            self.underline = False
        elif code == 27:
            self.reverse = False
        elif code == 29:
            self.strike = False
        elif 30 <= code <= 37:
            self.fg = Color.from_ansi(code - 30)
        elif code == 39:
            self.fg = None
        elif 40 <= code <= 47:
            self.bg = Color.from_ansi(code - 40)
        elif code == 49:
            self.bg = None
        elif 90 <= code <= 97:
            self.fg = Color.from_ansi(code - 90 + 8)
        elif 100 <= code <= 107:
            self.bg = Color.from_ansi(code - 100 + 8)
        # Blink, conceal, fonts and the rest are ignored on purpose.

    def style(self) -> Style | None:
        key = (
            self.fg, self.bg, self.bold, self.dim, self.italic,
            self.underline, self.reverse, self.strike,
        )
        try:
            return _STYLE_CACHE[key]
        except KeyError:
            pass
        if not any(key):
            style = None
        else:
            style = Style(
                color=self.fg,
                bgcolor=self.bg,
                bold=self.bold or None,
                dim=self.dim or None,
                italic=self.italic or None,
                underline=self.underline or None,
                reverse=self.reverse or None,
                strike=self.strike or None,
            )
        if len(_STYLE_CACHE) >= _STYLE_CACHE_MAX:
            _STYLE_CACHE.clear()
        _STYLE_CACHE[key] = style
        return style


def render(raw: str, *, colours: bool) -> Text:
    """Rich ``Text`` for one raw log line.

    SGR colours and bold/dim/italic/underline/reverse/strike become styles
    when ``colours`` is true and are dropped otherwise; every other escape or
    control sequence is shown whole in ``CONTROL_STYLE``; any control left is
    made visible. The plain string contains no control character other than
    tab and equals ``plain(raw)``.
    """
    if not _HAS_SEQUENCE.search(raw):
        return Text(sanitize.clean(raw))
    text = Text()
    pen = _Pen() if colours else None
    pos = 0
    for match in _TOKEN.finditer(raw):
        start = match.start()
        if start > pos:
            text.append(sanitize.clean(raw[pos:start]), pen.style() if pen else None)
        pos = match.end()
        params = match.group(1)
        if params is None:
            text.append(sanitize.show_sequence(match.group()), CONTROL_STYLE)
        elif pen is not None:
            pen.apply(params)
    if pos < len(raw):
        text.append(sanitize.clean(raw[pos:]), pen.style() if pen else None)
    return text


def plain(raw: str) -> str:
    """``raw`` with SGR removed and every other control shown (visible form).

    For search and save; equal to ``render(raw, colours=...).plain``.
    """
    if not _HAS_SEQUENCE.search(raw):
        return sanitize.clean(raw)
    return sanitize.clean(_TOKEN.sub(_plain_token, raw))


def _plain_token(match: re.Match[str]) -> str:
    return "" if match.group(1) is not None else sanitize.show_sequence(match.group())


def safe_text(value: str | bytes | None, style: str | Style = "") -> Text:
    """A table cell from a daemon string: ``clean_name`` it, never parse markup."""
    return Text(sanitize.clean_name(value), style=style)
