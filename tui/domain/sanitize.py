"""The one sanitiser for every string the daemon hands us.

Container output, names, labels, image tags and error messages are attacker
controlled. Written raw, they can retitle the terminal (OSC 0/2), write the
clipboard (OSC 52), plant links (OSC 8), clear the screen (CSI 2J) or hide and
reorder text (bidi controls). So nothing is ever *emitted*: each control is
made visible as a harmless printable stand-in, and the user sees that
something odd was there.

Visible forms (one scheme, used everywhere):

* C0 controls 0x00-0x1F -> the Unicode "Control Pictures" symbol U+2400+code
  (NUL -> U+2400, BEL -> U+2407, CR -> U+240D, ESC -> U+241B). These are
  single-width glyphs, so columns stay aligned, and ESC reads as U+241B, the
  symbol the brief asks for.
* DEL 0x7F -> ``^?`` (caret notation, as terminals show it).
* C1 controls U+0080-U+009F and lone surrogates -> ``<U+009B>``. Surrogates
  come from JSON ``\\udc80`` escapes and would crash the terminal encoder.
* An escape sequence (CSI, OSC, DCS, SOS, PM, APC, nF, two-char, lone ESC) is
  shown whole: ``ESC [ 3 1 m`` -> U+241B ``[31m``. Controls *inside* a
  sequence (its BEL terminator, a tab in a title) are made visible as well.

This module is pure stdlib and rich-free: ``tui.domain.ansi`` builds Rich
``Text`` on top of it.
"""

from __future__ import annotations

import re

__all__ = ["ESCAPE_SEQUENCE", "clean", "clean_name", "file_stem", "show_sequence"]

# Every escape sequence a terminal would act on, whole, so it can be shown (here)
# or dropped (ansi.py). A newline ends an unterminated string sequence: one bad
# OSC must not swallow the lines after it.
ESCAPE_SEQUENCE: re.Pattern[str] = re.compile(
    # CSI: ESC [ or 8-bit CSI, params, intermediates, final (absent if cut short)
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    # OSC (titles, OSC 8 links, OSC 52 clipboard): ends at BEL or ST
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    # DCS, SOS, PM, APC: end at ST only
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c\n]*(?:\x1b\\|\x9c)?"
    # nF escapes with intermediates, e.g. ESC ( B (charset), ESC # 8
    r"|\x1b[\x20-\x2f]+[\x30-\x7e]?"
    # two-character escapes: ESC 7, ESC c (full reset), ESC =
    r"|\x1b[\x30-\x7e]"
    # a lone ESC (end of text, or followed by something that starts no sequence)
    r"|\x1b"
)


class _Visible(dict):
    """A str.translate table whose 2,048 surrogates are spelt out when met, not stored: four
    stored tables held ~0.9 MB of "<U+D800>"... strings for the whole session (issue 20)."""

    def __missing__(self, c: int) -> str:
        if 0xD800 <= c < 0xE000:
            return f"<U+{c:04X}>"
        raise LookupError(c)  # str.translate leaves the character as it is


def _visible_table(*, keep_newlines: bool, keep_tabs: bool) -> dict[int, str]:
    table: dict[int, str] = _Visible({c: chr(0x2400 + c) for c in range(0x20)})
    table[0x7F] = "^?"
    for c in range(0x80, 0xA0):
        table[c] = f"<U+{c:04X}>"
    if keep_newlines:
        del table[0x0A]
    if keep_tabs:
        del table[0x09]
    return table


# str.translate tables per option pair; _ALL also serves the inside of sequences.
_TABLES = {
    (nl, tab): _visible_table(keep_newlines=nl, keep_tabs=tab)
    for nl in (False, True)
    for tab in (False, True)
}
_ALL = _TABLES[(False, False)]

# Fast path: one C-level scan decides that most log lines need no work at all.
_BASE = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
_NEEDS_WORK = {
    (nl, tab): re.compile(
        "[" + _BASE + ("" if nl else "\n") + ("" if tab else "\t") + "]"
    )
    for nl in (False, True)
    for tab in (False, True)
}

# Characters that are invisible or reorder text: a name containing them can look
# like another name, and the user picks destructive actions by name. Bidi
# embeddings/overrides/isolates and marks, zero-width chars, word joiner and
# invisible operators, BOM, Mongolian vowel separator, soft hyphen, combining
# grapheme joiner, Hangul fillers, line/paragraph separators, interlinear
# annotation marks and Unicode tag characters (used to smuggle hidden text).
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U000e0000-\U000e007f]"
)
_NAME_NEEDS_WORK = re.compile(
    "[" + _BASE + "\n\t" + _INVISIBLE.pattern[1:-1] + "]"
)


def show_sequence(sequence: str) -> str:
    """One escape sequence, whole, in its visible form (``ESC ] 0 ; t BEL`` -> ``␛]0;t␇``)."""
    return sequence.translate(_ALL)


def _show_sequence(match: re.Match[str]) -> str:
    return match.group().translate(_ALL)


def _show_invisible(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group()):04X}>"


def _to_str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace")
    # Tolerate a stray int or similar from JSON rather than crash a render.
    return str(value)


def clean(
    value: str | bytes | None,
    *,
    keep_newlines: bool = False,
    keep_tabs: bool = True,
) -> str:
    """Return ``value`` with every control made visible, never emitted.

    Bytes are decoded as UTF-8, invalid bytes becoming U+FFFD. The result has
    no character in 0x00-0x1F (except ``\\n`` when ``keep_newlines`` and
    ``\\t`` when ``keep_tabs``), 0x7F, 0x80-0x9F or the surrogate range. With
    ``keep_newlines`` a ``\\r\\n`` pair becomes ``\\n``; any other ``\\r`` is
    shown as U+240D. A string needing no change is returned as is (same
    object).
    """
    s = _to_str(value)
    if not _NEEDS_WORK[(keep_newlines, keep_tabs)].search(s):
        return s
    if keep_newlines and "\r\n" in s:
        s = s.replace("\r\n", "\n")
    # Sequences first, whole, so their inner controls are shown too; then the
    # loose controls that are left.
    s = ESCAPE_SEQUENCE.sub(_show_sequence, s)
    return s.translate(_TABLES[(keep_newlines, keep_tabs)])


def clean_name(value: str | bytes | None) -> str:
    """``clean`` for identifiers: names, labels, tags, env keys.

    Single line: newlines are shown (U+240A), tabs become a space. Bidi
    controls and invisible characters are shown as ``<U+202E>`` so two names
    that look alike on screen are told apart.
    """
    s = _to_str(value)
    if not _NAME_NEEDS_WORK.search(s):
        return s
    s = clean(s)
    if "\t" in s:
        s = s.replace("\t", " ")
    return _INVISIBLE.sub(_show_invisible, s)


_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9_.+-]+")


def file_stem(value: str | bytes | None, *, default: str = "file", limit: int = 80) -> str:
    """A file name part made from outside text (container names, hosts): letters,
    digits and ``_ . + -`` only, other runs as ``_``, no leading dot, at most
    ``limit`` characters. Nothing in it can act on a terminal or leave its directory."""
    stem = _UNSAFE_IN_FILE_NAME.sub("_", _to_str(value)).strip("._")[:limit]
    return stem or default
