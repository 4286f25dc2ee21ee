"""Where and how the UI is drawn: the terminal on stdout, in a charset it can show.

Textual draws on ``sys.__stderr__`` (textual 8.2, ``LinuxDriver._file``). Two
consequences this module mends, before the app is built:

* ``dockyard 2>file`` with a terminal on stdin and stdout drew the whole UI into the
  file (and nothing on screen). When stderr is not a terminal, the UI goes to a new
  handle on stdout's terminal; Python's own stderr (warnings, a crash report) still
  goes to the file the user chose.
* A terminal that is not UTF-8 (``PYTHONIOENCODING=ascii``, ``LC_ALL=C``, POSIX or a
  latin-1 locale) showed ``\\u2500`` and ``\\u25cf`` escapes for every border and
  marker: stderr's error handler is ``backslashreplace``. Here each character the
  terminal's charset lacks becomes an ASCII stand-in of the same width (box drawing to
  ``- | +``, markers to ``* o > <``, a wide character to ``??``, anything else ``?``);
  Control Pictures (the sanitiser's visible controls, U+2400..) become ``^``.

``DOCKYARD_CHARSET=utf-8`` (or ``ascii``, ``latin-1``) overrides the guess, for a
terminal whose locale says less than it can show.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
import unicodedata
from typing import Iterator, Mapping, TextIO

__all__ = ["ERRORS", "output_charset", "terminal_output", "transliterate"]

ERRORS = "dockyard-ascii"

_FIXED = {
    "\u25cf": "*", "\u2022": "*", "\u25c6": "*", "\u25c7": "o", "\u25cb": "o", "\u25ef": "o", "\u25c9": "*",
    "\u25b2": "^", "\u25b3": "^", "\u25bc": "v", "\u25bd": "v", "\u25b6": ">", "\u25b8": ">", "\u25ba": ">",
    "\u25c0": "<", "\u25c2": "<", "\u25c4": "<", "\u2191": "^", "\u2193": "v", "\u2192": ">", "\u2190": "<",
    "\u2194": "-", "\u2195": "|", "\u21b5": "<", "\u23ce": "<", "\u2713": "v", "\u2714": "v", "\u2715": "x",
    "\u2716": "x", "\u2717": "x", "\u2718": "x", "\u2026": ".", "\u00b7": ".", "\u2014": "-", "\u2013": "-",
    "\u2212": "-", "\u00b1": "+", "\u00d7": "x", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u00ab": "<", "\u00bb": ">", "\u2039": "<", "\u203a": ">", "\u00a0": " ", "\u2588": "#", "\u2593": "#",
    "\u2592": "#", "\u2591": ":", "\u27f3": "@", "\u21bb": "@", "\u23f8": "|", "\u25a0": "#", "\u25a1": "o",
    "\u2261": "=", "\u2630": "=", "\u00b0": "o", "\u00a9": "c", "\u00ae": "r", "\ufffd": "?",
}


def _box(ch: str) -> str | None:
    code = ord(ch)
    if 0x2500 <= code <= 0x257F:  # box drawing
        name = unicodedata.name(ch, "")
        if "DIAGONAL" in name:
            return "\\" if "LEFT TO LOWER RIGHT" in name and "UPPER RIGHT" not in name else "/"
        horizontal, vertical = "HORIZONTAL" in name, "VERTICAL" in name
        if horizontal and not vertical:
            return "-"
        if vertical and not horizontal:
            return "|"
        if "LEFT" in name and "RIGHT" not in name and "UP" not in name and "DOWN" not in name:
            return "-"
        return "+"
    if 0x2580 <= code <= 0x259F:  # block elements: eighths and halves draw scrollbars and tall borders
        return " "
    if 0x2400 <= code <= 0x2426:  # Control Pictures: the sanitiser's visible controls
        return "^"
    return None


def transliterate(ch: str) -> str:
    """An ASCII stand-in for ``ch`` that takes as many cells as ``ch`` does."""
    fixed = _FIXED.get(ch)
    if fixed is not None:
        return fixed
    box = _box(ch)
    if box is not None:
        return box
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return ""
    decomposed = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    if len(decomposed) == 1:  # é -> e, ﬁ stays '?': one cell in, one cell out
        return decomposed
    return "??" if unicodedata.east_asian_width(ch) in ("W", "F") else "?"


def _handler(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(transliterate(c) for c in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(ERRORS, _handler)


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def output_charset(env: Mapping[str, str] | None = None) -> str:
    """The charset the terminal can show, as a Python codec name ("utf-8", "ascii", ...).

    Order: DOCKYARD_CHARSET, PYTHONIOENCODING, then the locale (LC_ALL, LC_CTYPE, LANG)
    as the C library reads it. C and POSIX mean ASCII even when Python coerced its own
    locale to C.UTF-8 (PEP 538 sets LC_CTYPE=C.UTF-8 in our environment; the terminal
    was not asked). A locale without a codeset is taken as ASCII, the safe guess.
    """
    env = os.environ if env is None else env
    for var in ("DOCKYARD_CHARSET", "PYTHONIOENCODING"):
        value = env.get(var, "").split(":", 1)[0].strip()
        if value:
            codec = _codec(value)
            if codec:
                return codec
    lc_all, lc_ctype, lang = env.get("LC_ALL", ""), env.get("LC_CTYPE", ""), env.get("LANG", "")
    coerced = not lc_all and lc_ctype == "C.UTF-8" and lang in ("", "C", "POSIX")
    locale = lc_all or ("" if coerced else lc_ctype) or lang
    if not locale or locale in ("C", "POSIX"):
        return "ascii" if (coerced or locale) else "utf-8"
    codeset = locale.split(".", 1)[1].split("@", 1)[0] if "." in locale else ""
    return (_codec(codeset) or "ascii") if codeset else "ascii"


@contextlib.contextmanager
def terminal_output(env: Mapping[str, str] | None = None) -> Iterator[TextIO | None]:
    """For the app's run: point ``sys.__stderr__`` (Textual's output) at the terminal,
    encoded for it. Yields the new handle, or None when stderr is fine as it is."""
    charset = output_charset(env)
    stderr_is_tty = _isatty(2)
    if stderr_is_tty and charset == "utf-8" and (sys.__stderr__ and (sys.__stderr__.encoding or "").lower().replace("_", "-") in ("utf-8", "utf8")):
        yield None
        return
    fd = 2 if stderr_is_tty else 1  # stdout is a terminal: the caller checked
    out = open(os.dup(fd), "w", encoding=charset, errors=ERRORS, closefd=True)
    saved = sys.__stderr__
    sys.__stderr__ = out
    try:
        yield out
    finally:
        sys.__stderr__ = saved
        with contextlib.suppress(OSError, ValueError):
            out.flush()
            out.close()


def _isatty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False
