"""Textual's per-class set-up of a widget class from what its base classes already had.

Every subclass of Textual's ``DOMNode`` (each widget, screen and the app, Textual's and ours:
~60 classes before the first frame) runs ``DOMNode.__init_subclass__``, which walks the
class's whole MRO three times: it scans each base's ``__dict__`` for reactives, builds a
``BindingsMap`` from each base's ``BINDINGS`` (parsing every binding again), and lists
``dir(cls)`` (~570 names for a DataTable) for the compute methods. That is 0.5-0.9 ms per
class, ~25 ms of a start (issue 20), nearly all of it repeating what the bases' own set-up
had just done.

``install`` gives ``DOMNode`` an ``__init_subclass__`` that computes the same three things
from each base's own share, worked out once per base and kept (weakly) while the base's
``__dict__`` and ``BINDINGS`` stay as they were:

- ``_reactives``: the bases' own reactives merged in reversed MRO order, as before;
- ``_merged_bindings``: the bases' own bindings merged as ``_merge_bindings`` merges them
  (a base that does not inherit bindings starts the merge anew), each key's list its own;
- ``_computes``: the union of the bases' own ``compute_``/``_compute_`` names (``dir`` of a
  class is the union of its MRO's ``__dict__`` keys).

The results equal the original's for every class (tests/test_framework_internals.py checks
it on every DOMNode subclass of Textual and Dockyard, and pins the original's source).
"""

from __future__ import annotations

import weakref

_PREFIXES = ("_compute_", "compute_")

# base class -> (len of its __dict__, its BINDINGS, own reactives, own bindings map, own compute names)
_own: "weakref.WeakKeyDictionary[type, tuple]" = weakref.WeakKeyDictionary()
_state: dict = {"original": None}


def _share(base: type, reactive_type: type, bindings_map: type) -> tuple:
    """What ``base`` itself adds: its own reactives, its bindings' map and its compute names."""
    namespace = base.__dict__
    bindings = namespace.get("BINDINGS", [])
    kept = _own.get(base)
    if kept is not None and kept[0] == len(namespace) and kept[1] is bindings:
        return kept
    reactives = {name: value for name, value in namespace.items() if isinstance(value, reactive_type)}
    computes = frozenset(name.lstrip("_")[8:] for name in namespace if name.startswith(_PREFIXES))
    share = (len(namespace), bindings, reactives, bindings_map(bindings), computes)
    _own[base] = share
    return share


def _init_subclass(cls, inherit_css: bool = True, inherit_bindings: bool = True, inherit_component_classes: bool = True) -> None:
    from textual.binding import BindingsMap
    from textual.dom import DOMNode
    from textual.reactive import Reactive

    super(DOMNode, cls).__init_subclass__()
    shares = [(base, _share(base, Reactive, BindingsMap)) for base in reversed(cls.__mro__)]
    reactives: dict = {}
    computes: set[str] = set()
    for _, share in shares:
        reactives.update(share[2])
        computes.update(share[4])
    cls._reactives = reactives
    cls._inherit_css = inherit_css
    cls._inherit_bindings = inherit_bindings
    cls._inherit_component_classes = inherit_component_classes
    bases = cls._css_bases(cls)
    cls._css_type_name = bases[0].__name__
    cls._css_type_names = frozenset(base.__name__ for base in bases)
    keys: dict = {}
    for base, share in shares:  # (cls's own share as read above: the attributes set since are not shares)
        if issubclass(base, DOMNode):
            if not base._inherit_bindings:
                keys.clear()
            keys.update(share[3].key_to_bindings)
    cls._merged_bindings = BindingsMap.from_keys({key: list(bindings) for key, bindings in keys.items()})
    cls._computes = frozenset(computes)


def install() -> bool:
    """From now on, DOMNode subclasses are set up from their bases' shares (once per process)."""
    from textual.dom import DOMNode

    current = DOMNode.__dict__.get("__init_subclass__")
    if getattr(current, "__func__", None) is _init_subclass:
        return False
    _state["original"] = current
    DOMNode.__init_subclass__ = classmethod(_init_subclass)
    return True


def uninstall() -> None:
    """The original back (tests)."""
    from textual.dom import DOMNode

    if _state["original"] is not None:
        DOMNode.__init_subclass__ = _state["original"]
        _state["original"] = None
    _own.clear()
