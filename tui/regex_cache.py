"""Regular expressions compiled in an earlier run, kept as ``.pyc`` files keep a module's code.

Python caches a module's bytecode, not the regular expressions the module compiles when it
loads: ``re`` parses each pattern and compiles it to the ``_sre`` engine's code in Python,
every start. The ~90 patterns compiled before the first frame (Textual's CSS and markup
tokenizers, Rich's, ours) cost ~0.04 s of a start's ~0.4 s of imports (issue 20).

``install`` gives ``re`` a compiler of its own (``re._compiler.compile``, which ``re`` calls
for every pattern its own cache does not hold): for a pattern and flags compiled before, it
hands ``_sre`` the code compiled then; anything else is parsed and compiled as ``re`` does,
and kept. ``_sre`` checks the code it is given (as it does for ``re``'s own), and the file is
read only by the interpreter that wrote it (its version and ``_sre``'s code format): the
patterns are the same objects ``re`` would make, equal to them.

It serves the start only: after the dashboard's first frame ``release`` writes what this run
compiled (next to our ``.pyc`` files and like them, as ``code_cache`` writes its file), gives
``re`` its compiler back and drops the table; patterns compiled later compile as usual.
"""

from __future__ import annotations

import array
import marshal
import os
import sys
from re import _compiler, _parser

import _sre

from .code_cache import may_save, read_table
from .lean_code import write_whole

LIMIT = 600  # entries kept; past it, only what the last run used

# (pattern, flags) -> (flags, code, groups, groupindex, indexgroup); the engine's code kept as
# the bytes of an array of its code words (~0.1 MB for a start's patterns, against ~0.5 MB as
# lists of ints), made a list again for _sre when used
_code: dict[tuple, tuple] = {}
_WORD = next((t for t in "IL" if array.array(t).itemsize == _sre.CODESIZE), "")
_used: set[tuple] = set()
_state: dict = {"new": False, "path": "", "original": None, "hold": False}


def path() -> str:
    return os.path.join(os.path.dirname(__file__), "__pycache__", f"regex-code.{sys.implementation.cache_tag}.bin")


def _mark() -> bytes:
    """Which interpreter wrote the file: its version and the regex engine's code format."""
    return f"dockyard-regex-code 2\n{sys.version}\n{_sre.MAGIC} {_sre.CODESIZE} {_WORD}\n\n".encode()


def _compile(p, flags=0):
    """``re._compiler.compile`` for a pattern given as text (anything else: the original)."""
    kind = type(p)
    if (kind is not str and kind is not bytes) or flags & _compiler.SRE_FLAG_DEBUG:
        return _state["original"](p, flags)
    key = (p, int(flags))
    kept = _code.get(key)
    if kept is not None:
        try:
            compiled = _sre.compile(p, kept[0], array.array(_WORD, kept[1]).tolist(), *kept[2:])
        except Exception:  # a damaged entry: compile it again
            compiled = None
        if compiled is not None:
            _used.add(key)
            return compiled
    # As re._compiler.compile does, keeping what it hands _sre.
    parsed = _parser.parse(p, flags)
    code = _compiler._code(parsed, flags)
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    args = (flags | parsed.state.flags, code, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup))
    compiled = _sre.compile(p, *args)
    _code[key] = (args[0], array.array(_WORD, code).tobytes(), *args[2:])
    _used.add(key)
    _state["new"] = True
    return compiled


def install(where: str | None = None, *, fresh: bool = False, hold: bool = False) -> bool:
    """Serve ``re``'s compiles from the file from now on (once per process). ``fresh``: the
    file is not read. ``hold``: ``release`` leaves it installed; ``release(final=True)`` ends it."""
    if _compiler.compile is _compile:
        return False
    if not (_WORD and callable(getattr(_compiler, "_code", None)) and callable(getattr(_parser, "parse", None))):
        return False  # another interpreter's re: left as it is
    _state["path"] = where or path()
    _state["hold"] = hold
    if not fresh:
        table = read_table(_state["path"], _mark(), marshal.loads)
        if isinstance(table, dict):
            _code.update((k, v) for k, v in table.items() if type(k) is tuple and type(v) is tuple and len(v) == 5 and type(v[1]) is bytes)
    _state["original"] = _compiler.compile
    _compiler.compile = _compile
    return True


def save(force: bool = False) -> bool:
    """Write what this run compiled (with what the file held); quietly nothing when not allowed."""
    if not may_save(_state, force):
        return False
    table = _code if len(_code) <= LIMIT else {k: _code[k] for k in _used if k in _code}
    try:
        data = marshal.dumps(table)
    except ValueError:  # something marshal cannot write (cannot happen with re's own types)
        return False
    if not write_whole(_state["path"], _mark() + data):
        return False
    _state["new"] = False
    _state["saved"] = len(table)
    return True


def release(final: bool = False) -> int:
    """The start is over: write what it compiled, give ``re`` its compiler back, and drop the
    table. ``final``: also when installed with ``hold``, and written even with bytecode writing
    off (the build asked for it). The number of patterns written (0: none, or not installed)."""
    if _compiler.compile is not _compile or (_state["hold"] and not final):
        return 0
    written = _state["saved"] if save(force=final) else 0
    _compiler.compile = _state["original"]
    _state["original"] = None
    _code.clear()
    _used.clear()
    return written
