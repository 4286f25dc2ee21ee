"""Dataclass methods compiled in an earlier run, kept as ``.pyc`` files keep a module's code.

``@dataclass`` writes the source of each generated method (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, a frozen class's ``__setattr__`` and ``__delattr__``) and compiles
it with ``exec`` when the class is defined. Python caches a module's bytecode, not these:
the ~105 dataclasses defined before the first frame (ours, Textual's, Rich's) spent ~0.09 s
of the start's ~0.37 s of imports in ``dataclasses``, most of it compiling (issue 20).

``install`` gives the ``dataclasses`` module an ``exec`` of its own (a module global, found
before the builtin): for source text it has compiled before, it runs the code object
compiled then, from the same text, under the same name; anything else goes to the builtin
as it was. The text is the key, so a changed class compiles anew.

It serves the start only: once the app mounts (every class of the start is defined by
then), ``release`` writes what this start compiled (next to our ``.pyc`` files and like
them: not when bytecode writing is off, ``PYTHONDONTWRITEBYTECODE`` or ``-B``, not where the
directory is read-only, and only for the interpreter that wrote it: the cache tag and magic
number), gives ``dataclasses`` the builtin back and drops the table (~0.5 MB while held),
so classes defined later compile as usual. ``python -m tui.code_cache_build`` writes the
file on purpose (scripts/venv, after compileall), from the modules a start defines its
classes in.
"""

from __future__ import annotations

import builtins
import marshal
import os
import sys
from importlib.util import MAGIC_NUMBER
from types import CodeType

from .lean_code import write_whole

LIMIT = 2000  # entries kept; past it, only what the last start used

_code: dict[str, CodeType] = {}
_used: set[str] = set()
_state = {"new": False, "path": ""}


def path() -> str:
    return os.path.join(os.path.dirname(__file__), "__pycache__", f"dataclass-code.{sys.implementation.cache_tag}.bin")


def _exec(source, globals=None, locals=None, /):
    if type(source) is str:
        code = _code.get(source)
        if code is None:
            code = _code[source] = compile(source, "<string>", "exec")
            _state["new"] = True
        _used.add(source)
        source = code
    return builtins.exec(source, globals, locals)


def install(where: str | None = None) -> bool:
    """Serve ``dataclasses``' compiles from the cache from now on (once per process)."""
    import dataclasses

    if getattr(dataclasses, "exec", None) is _exec:
        return False
    _state["path"] = where or path()
    _load(_state["path"])
    dataclasses.exec = _exec
    return True


def _load(where: str) -> None:
    table = read_table(where, MAGIC_NUMBER, marshal.loads)
    if isinstance(table, dict):
        _code.update((k, v) for k, v in table.items() if type(k) is str and type(v) is CodeType)


def save(force: bool = False) -> bool:
    """Write what this run compiled (with what the file held); quietly nothing when not allowed."""
    if not may_save(_state, force):
        return False
    table = _code if len(_code) <= LIMIT else {k: _code[k] for k in _used}
    if not write_whole(_state["path"], MAGIC_NUMBER + marshal.dumps(table)):
        return False
    _state["new"] = False
    return True


def read_table(where: str, mark: bytes, loads):
    """What ``loads`` makes of the file after ``mark``; None when the file is absent,
    unreadable, has another mark (another interpreter or library wrote it) or is damaged."""
    try:
        with open(where, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if not data.startswith(mark):
        return None
    try:
        return loads(data[len(mark):])
    except Exception:  # a truncated or foreign file: as if there were none
        return None


def may_save(state: dict, force: bool) -> bool:
    """A cache has a place, something new, and may write there (not with bytecode writing
    off, PYTHONDONTWRITEBYTECODE or -B, unless asked for)."""
    return bool(state["path"]) and bool(state["new"]) and (force or not sys.dont_write_bytecode)


def release() -> None:
    """The start is over: write what it compiled, give ``dataclasses`` the builtin back, and
    drop the table."""
    import dataclasses

    if getattr(dataclasses, "exec", None) is not _exec:
        return
    save()
    del dataclasses.exec
    _code.clear()
    _used.clear()
