"""Some of Textual's imports load when first used, not with ``textual.app`` (issue 20: memory).

``textual.app`` imports ``mimetypes`` and ``platformdirs`` (with its six modules) as it
loads, for ``App.deliver_text``/``deliver_binary`` and the screenshot's default folder: a
file saved through the browser of ``textual serve``, never on the dashboard's way. Together
~0.4 MB of the dashboard's heap.

``textual.command`` takes one name from ``textual.types``, which imports six widget modules
to re-export their types; four of them (Tree, DirectoryTree, Placeholder, Select) are on no
screen of the start (~0.4 MB). Its stand-in holds the callback types, from ``textual._types``
where they are defined, and loads the real module for any other name (LIGHT).

``defer()``, called before ``textual.app`` is imported, puts a stand-in for each in
``sys.modules``: the first name asked of it (or a call of a function ``textual.app`` took
from it with ``from ... import``) imports the real module, puts it in the stand-in's place
and answers from it. (``importlib.util.LazyLoader`` cannot do this: ``import mimetypes``
itself reads the lazy module's ``__spec__``, which runs it.)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

# module -> the functions textual.app imports from it by name
LATER = {"mimetypes": (), "platformdirs": ("user_downloads_path",)}
# module -> (the module that defines them, names given at once); any other name loads the module
LIGHT = {"textual.types": ("textual._types", ("IgnoreReturnCallbackType", "CallbackType"))}


def real(name: str):
    """The real module, in the stand-in's place in ``sys.modules``."""
    if isinstance(sys.modules.get(name), _StandIn):
        del sys.modules[name]
    return importlib.import_module(name)


class _StandIn(types.ModuleType):
    """A module until first used (any name but a dunder loads the real one)."""

    def __getattr__(self, attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(real(self.__name__), attr)


def _forward(module: str, function: str):
    def call(*args, **kwargs):
        return getattr(real(module), function)(*args, **kwargs)

    call.__name__ = call.__qualname__ = function
    return call


def defer() -> bool:
    """Before ``textual.app`` loads: a stand-in for each of LATER and LIGHT. False when any of
    LATER (or textual.app) is loaded already, or missing (nothing changed); a LIGHT module
    already loaded, or whose names its source lacks, keeps its real module."""
    if "textual.app" in sys.modules or any(name in sys.modules for name in LATER):
        return False
    if any(importlib.util.find_spec(name) is None for name in LATER):
        return False
    for name, functions in LATER.items():
        _stand_in(name, {function: _forward(name, function) for function in functions})
    for name, (source, names) in LIGHT.items():
        if name in sys.modules or importlib.util.find_spec(name) is None:
            continue
        try:
            defining = importlib.import_module(source)
        except ImportError:
            continue
        if all(hasattr(defining, attr) for attr in names):  # else another Textual: the real module, as before
            _stand_in(name, {attr: getattr(defining, attr) for attr in names})
    return True


def _stand_in(name: str, given: dict) -> None:
    """A stand-in for ``name`` in ``sys.modules``, holding ``given`` as its own names."""
    stand_in = _StandIn(name, "stands in until first used (tui/later_imports.py)")
    for attr, value in given.items():
        setattr(stand_in, attr, value)
    sys.modules[name] = stand_in
