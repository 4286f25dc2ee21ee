"""Stylesheets parsed in an earlier run, kept as ``.pyc`` files keep a module's code.

Textual parses CSS text (our ``styles/*.tcss`` and every widget class's ``DEFAULT_CSS``)
into rule sets each time the app starts: ~25 ms of CPU before the first frame (the
dashboard's sheets and the default CSS of the widgets it mounts) and ~45 ms right after it
(the later sheets, ``DockyardApp.LATER_CSS``), on a start of ~0.5 s of CPU (issue 20).

``install`` wraps ``Stylesheet._parse_rules``: a text parsed before (the same text, place,
scope, defaults flag and tie-breaker, and the same theme variables, which the parser
substitutes) gets the rule sets parsed then, unpickled (~5 % of the parse); anything else is
parsed as before and kept. Textual's own per-stylesheet cache sits in front, as before.

``release`` (after the later sheets are read) writes what this run parsed, as
``code_cache`` writes its file (next to our ``.pyc`` files, not when bytecode writing is
off, not where read-only), gives ``Stylesheet`` its method back and drops the table. The
file names the Textual it was written with (its CSS modules' size and time): another
Textual's rule sets are never read.
"""

from __future__ import annotations

import os
import pickle
import sys

from .code_cache import may_save, read_table
from .lean_code import write_whole

LIMIT = 400  # entries kept; past it, only what the last run used

_rules: dict[tuple, bytes] = {}  # key -> pickled list of RuleSet
_used: set[tuple] = set()
_state: dict = {"new": False, "path": "", "original": None}


def path() -> str:
    return os.path.join(os.path.dirname(__file__), "__pycache__", f"css-rules.{sys.implementation.cache_tag}.bin")


def _textual_mark() -> bytes:
    """Which Textual wrote the file: its CSS modules' size and modification time."""
    import textual.css.model as model
    import textual.css.styles as styles

    parts = []
    for module in (model, styles):
        st = os.stat(module.__file__)
        parts.append(f"{module.__file__}:{st.st_size}:{st.st_mtime_ns}")
    return ("dockyard-css-rules 1\n" + "\n".join(parts) + "\n\n").encode()


def _parse_rules(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
    original = _state["original"]
    if (css, read_from, is_default_rules, tie_breaker, scope) in self._parse_cache:
        return original(self, css, read_from, is_default_rules, tie_breaker, scope)
    key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
    blob = _rules.get(key)
    if blob is not None:
        try:
            rules = pickle.loads(blob)
        except Exception:  # a damaged entry: parse it again
            rules = None
        if type(rules) is list:
            _used.add(key)
            self._parse_cache[key[:5]] = rules
            return rules
    rules = original(self, css, read_from, is_default_rules, tie_breaker, scope)
    try:
        _rules[key] = pickle.dumps(rules, pickle.HIGHEST_PROTOCOL)
    except Exception:  # something in the rules that does not pickle: parsed each time
        return rules
    _used.add(key)
    _state["new"] = True
    return rules


def install(where: str | None = None, *, fresh: bool = False, hold: bool = False) -> bool:
    """Serve ``Stylesheet``'s parses from the file from now on (once per process).
    ``fresh``: the file is not read (everything is parsed, as a start parses it now).
    ``hold``: the app's ``release`` leaves it installed; ``release(final=True)`` ends it."""
    from textual.css.stylesheet import Stylesheet

    if Stylesheet._parse_rules is _parse_rules:
        return False
    _state["path"] = where or path()
    _state["mark"] = _textual_mark()
    _state["hold"] = hold
    if not fresh:
        _load(_state["path"])
    _state["original"] = Stylesheet._parse_rules
    Stylesheet._parse_rules = _parse_rules
    return True


def _load(where: str) -> None:
    table = read_table(where, _state["mark"], pickle.loads)  # another Textual's mark: not read
    if isinstance(table, dict):
        _rules.update((k, v) for k, v in table.items() if type(k) is tuple and type(v) is bytes)


def save(force: bool = False) -> bool:
    """Write what this run parsed (with what the file held); quietly nothing when not allowed."""
    if not may_save(_state, force):
        return False
    table = _rules if len(_rules) <= LIMIT else {k: _rules[k] for k in _used if k in _rules}
    if not write_whole(_state["path"], _state["mark"] + pickle.dumps(table, pickle.HIGHEST_PROTOCOL)):
        return False
    _state["new"] = False
    _state["saved"] = len(table)
    return True


def release(final: bool = False) -> int:
    """The start's sheets are read: write what was parsed, give ``Stylesheet`` its method
    back, and drop the table. ``final``: also when installed with ``hold``, and written even
    with bytecode writing off (the build asked for it). The number of rule sets written."""
    from textual.css.stylesheet import Stylesheet

    if Stylesheet._parse_rules is not _parse_rules or (_state.get("hold") and not final):
        return 0
    saved = _state["saved"] = 0
    if save(force=final):
        saved = _state["saved"]
    Stylesheet._parse_rules = _state["original"]
    _state["original"] = None
    _rules.clear()
    _used.clear()
    return saved
