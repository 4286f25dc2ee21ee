"""Modules' bytecode without docstrings but the classes', kept as ``.pyc`` files keep it.

A function's docstring is the first constant of its code object, and every imported module's
code objects stay alive as long as its functions do: the ~430 modules a start loads (Textual,
Rich, the standard library's, ours) hold ~1.2 MB of function docstrings that nothing in the
dashboard reads (issue 20, bench/analysis.md "Memory, session 32"). ``python -OO`` drops
them too, but also every ``assert`` and every class's docstring (a dataclass without one
works out ``inspect.signature`` for it), and it needs a flag the installed ``dockyard``
command cannot pass.

``install`` puts a finder before ``PathFinder`` in ``sys.meta_path``: a module that
``PathFinder`` would load from its source (``SourceFileLoader``) gets ``LeanLoader``, which
reads the code from ``lean_dir()`` when that copy was made from the same source (its path,
modification time and size, as a ``.pyc`` records them, and the interpreter's magic number),
and otherwise loads it as Python would, strips it and writes the copy for the next start.
Where no copy can be written (bytecode writing off, ``PYTHONDONTWRITEBYTECODE`` or ``-B``, or
a read-only install) a module without a copy loads as it always did: stripping every module
costs ~0.2 s of CPU, a start's worth of it, for ~1 MB; ``python -m tui.code_cache_build``
(scripts/venv) writes the start's copies even with bytecode writing off. Built-in and frozen
modules, and modules found by any other finder, are left alone.

``strip`` changes only functions' code (``CO_OPTIMIZED``): a first constant that is a string
and that no instruction loads is replaced by ``None``, so ``f.__doc__`` is ``None`` and the
code runs as before. ``strip_module`` also sets the module's ``__doc__`` to None, as ``-OO``
does: code written for ``-OO`` looks at its module's docstring to know whether docstrings
are there (pdb builds its help from its commands' docstrings unless it is None). Classes keep
theirs; asserts stay. Nothing of ours reads a function's ``__doc__``.
"""

from __future__ import annotations

import marshal
import os
import struct
import sys
import threading
from importlib._bootstrap_external import MAGIC_NUMBER  # importlib.util's, without its imports
from importlib.machinery import PathFinder, SourceFileLoader
from opcode import EXTENDED_ARG, hasconst, opmap

# The imports above are modules the interpreter's start has loaded already (and two small
# ones): tui/entry.py installs the finder before anything else, so that argparse, typing,
# enum and re load lean too.

VERSION = b"ln02"  # what strip does; a change makes every copy stale
_HEAD = struct.Struct("<4s4sQQI")  # magic, version, source mtime (ns), source size, path length
_FUNCTION = 0x0001  # CO_OPTIMIZED: a function's, lambda's or comprehension's code
_CONST_OPS = frozenset(hasconst)
_RESUME, _LOAD_CONST, _STORE_NAME = opmap["RESUME"], opmap["LOAD_CONST"], opmap["STORE_NAME"]
# write: keep copies even with bytecode writing off (tui.code_cache_build); place: whether
# lean_dir() can hold them (None: not tried yet)
_state: dict = {"write": False, "place": None}


def lean_dir() -> str:
    return os.path.join(os.path.dirname(__file__), "__pycache__", f"lean-{sys.implementation.cache_tag}")


def _loads(code: bytes, index: int) -> int:
    """How many instructions of ``code`` (3.11's two-byte units) load constant ``index``
    (below 256)."""
    return sum(
        1
        for i in range(0, len(code) - 1, 2)
        if code[i] in _CONST_OPS and code[i + 1] == index and (i == 0 or code[i - 2] != EXTENDED_ARG)
    )


CodeType = type(_loads.__code__)


def strip(code: CodeType) -> CodeType:
    """``code`` and the code objects it holds, their functions' docstrings dropped."""
    consts = code.co_consts
    new = [strip(c) if type(c) is CodeType else c for c in consts]
    if code.co_flags & _FUNCTION and new and type(new[0]) is str and not _loads(code.co_code, 0):
        new[0] = None
    if any(a is not b for a, b in zip(new, consts)):
        return code.replace(co_consts=tuple(new))
    return code


def strip_module(code: CodeType) -> CodeType:
    """A module's code: its functions' docstrings dropped (``strip``), and its own docstring
    (``__doc__`` is None then, as under ``-OO``: code that builds text from docstrings, pdb's
    help for one, looks at the module's to know whether there are any)."""
    code = strip(code)
    op = code.co_code
    if not (len(op) >= 6 and op[0] == _RESUME and op[2] == _LOAD_CONST and op[4] == _STORE_NAME):
        return code
    index = op[3]
    if code.co_names[op[5]] != "__doc__" or type(code.co_consts[index]) is not str or _loads(op, index) != 1:
        return code
    return code.replace(co_consts=code.co_consts[:index] + (None,) + code.co_consts[index + 1:])


def _copy_path(fullname: str) -> str:
    return os.path.join(lean_dir(), f"{fullname}.pyc")


def read_copy(where: str, source: str, st: os.stat_result) -> CodeType | None:
    """The code kept at ``where`` for ``source`` as it is now (``st``); None when there is no
    such copy (absent, another interpreter's, another source's, stale or damaged)."""
    try:
        with open(where, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if len(data) < _HEAD.size:
        return None
    magic, version, mtime, size, length = _HEAD.unpack_from(data)
    body = _HEAD.size + length
    if (magic, version, mtime, size) != (MAGIC_NUMBER, VERSION, st.st_mtime_ns, st.st_size):
        return None
    if data[_HEAD.size:body] != os.fsencode(source):
        return None
    try:
        code = marshal.loads(memoryview(data)[body:])
    except Exception:  # truncated or foreign: as if there were none
        return None
    return code if type(code) is CodeType else None


def write_whole(where: str, data: bytes) -> bool:
    """Write ``data`` to ``where`` whole or not at all (also with another Dockyard, or another
    thread, writing); False where it cannot be written (a read-only install)."""
    tmp = f"{where}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        os.makedirs(os.path.dirname(where), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, where)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True


class LeanLoader(SourceFileLoader):
    """A source module's loader that hands out the module's lean copy."""

    def get_code(self, fullname):
        source = self.get_filename(fullname)
        try:
            st = os.stat(source)
        except OSError:
            return super().get_code(fullname)
        where = _copy_path(fullname)
        code = read_copy(where, source, st)
        if code is not None:
            return code
        code = super().get_code(fullname)
        if not _may_write():
            return code  # stripping costs ~0.5 ms a module: only for a copy the next start reads
        code = strip_module(code)
        if not write_whole(where, _pack(source, st, code)):
            _state["place"] = False
        return code


def _may_write() -> bool:
    """Copies may be kept: bytecode writing is on (or the build asks) and the place is writable."""
    if not (_state["write"] or not sys.dont_write_bytecode):
        return False
    if _state["place"] is None:
        try:
            os.makedirs(lean_dir(), exist_ok=True)
            _state["place"] = os.access(lean_dir(), os.W_OK)
        except OSError:
            _state["place"] = False
    return bool(_state["place"])


def _pack(source: str, st: os.stat_result, code: CodeType) -> bytes:
    name = os.fsencode(source)
    return _HEAD.pack(MAGIC_NUMBER, VERSION, st.st_mtime_ns, st.st_size, len(name)) + name + marshal.dumps(code)


class LeanFinder:
    """``PathFinder``, with ``LeanLoader`` for what it would load from source."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        spec = PathFinder.find_spec(fullname, path, target)
        if spec is not None and type(spec.loader) is SourceFileLoader:
            spec.loader = LeanLoader(spec.loader.name, spec.loader.path)
        return spec

    @staticmethod
    def invalidate_caches():
        pass  # PathFinder's own entry in sys.meta_path is told too


def install(write: bool = False) -> bool:
    """Load modules imported from now on lean (once per process); ``write``: keep the copies
    made even with bytecode writing off."""
    _state["write"] = _state["write"] or write
    if LeanFinder in sys.meta_path:
        return False
    at = sys.meta_path.index(PathFinder) if PathFinder in sys.meta_path else len(sys.meta_path)
    sys.meta_path.insert(at, LeanFinder)
    return True


def uninstall() -> None:
    while LeanFinder in sys.meta_path:
        sys.meta_path.remove(LeanFinder)
