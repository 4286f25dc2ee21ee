"""tui/class_setup.py: each DOMNode subclass set up from its bases' own shares gets what
Textual's ``DOMNode.__init_subclass__`` gives it: the same reactives (in order), merged
bindings (in order, each key's list its own) and compute names (issue 20)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.reactive import Reactive, reactive
from textual.widget import Widget
from textual.widgets import DataTable

from tui import class_setup

# What Textual's own code gives a class (its expressions, as in DOMNode.__init_subclass__).
EXPECTED = """
def expected(C):
    reactives = {}
    for base in reversed(C.__mro__):
        reactives.update({n: v for n, v in base.__dict__.items() if isinstance(v, Reactive)})
    computes = frozenset([n.lstrip("_")[8:] for n in dir(C) if n.startswith(("_compute_", "compute_"))])
    return list(reactives.items()), computes, list(C._merge_bindings().key_to_bindings.items())

def got(C):
    return list(C._reactives.items()), C._computes, list(C._merged_bindings.key_to_bindings.items())
"""
exec(EXPECTED)


@pytest.fixture
def installed():
    assert class_setup.install()
    assert not class_setup.install(), "once"
    yield
    class_setup.uninstall()
    assert DOMNode.__dict__["__init_subclass__"].__func__ is not class_setup._init_subclass


def test_every_class_of_textual_and_dockyard_is_set_up_as_textual_would():
    """In a process where the set-up is installed before Textual loads (as the entry point
    does): every DOMNode subclass of Textual's widgets and of our app, screens and widgets."""
    before = """
        import importlib, pkgutil
        from tui import class_setup
        class_setup.install()
        import textual.widgets
        for name in textual.widgets.__all__:
            getattr(textual.widgets, name)
        import tui.app, tui.screens, tui.widgets
        for pkg in (tui.screens, tui.widgets):
            for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
                importlib.import_module(info.name)
        from textual.dom import DOMNode
        from textual.reactive import Reactive
    """
    after = """
        seen, differ = set(), []
        todo = [DOMNode]
        while todo:
            for C in todo.pop().__subclasses__():
                if C not in seen:
                    seen.add(C)
                    todo.append(C)
                    if got(C) != expected(C):
                        differ.append(C.__qualname__)
        print(len(seen), sum(1 for C in seen if C.__module__.startswith("tui.")), differ)
    """
    code = textwrap.dedent(before) + EXPECTED + textwrap.dedent(after)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    classes, ours, differ = out.stdout.split(" ", 2)
    assert int(classes) > 150 and int(ours) > 40
    assert differ.strip() == "[]"


def test_mixins_unbound_bindings_and_computes(installed):
    class Counted:  # a mixin that is not a DOMNode, with a reactive and a compute
        total = reactive(0)

        def compute_total(self) -> int:
            return 1

    class Base(Widget):
        BINDINGS = [Binding("a", "one", "One"), ("b,c", "two", "Two")]
        size_hint = reactive("s")

        def _compute_size_hint(self) -> str:
            return "x"

    class Child(Counted, Base):
        BINDINGS = [("a", "other", "Other")]
        size_hint = reactive("t")  # overrides the base's

    class Alone(Child, inherit_bindings=False):
        BINDINGS = [("z", "last", "Last")]

    class Table(DataTable):
        pass

    for C in (Base, Child, Alone, Table):
        assert got(C) == expected(C), C.__name__
    assert Child._reactives["size_hint"] is Child.__dict__["size_hint"]
    assert {"total", "size_hint"} <= Child._computes
    assert [b.action for b in Child._merged_bindings.key_to_bindings["a"]] == ["other"]
    assert list(Alone._merged_bindings.key_to_bindings) == ["z"]


def test_each_class_has_its_own_lists(installed):
    class One(Widget):
        BINDINGS = [("x", "go", "Go")]

    class Two(One):
        pass

    class Three(One):
        pass

    Two._merged_bindings.key_to_bindings["x"].append(Binding("x", "extra"))
    assert [b.action for b in Three._merged_bindings.key_to_bindings["x"]] == ["go"]
    assert [b.action for b in One._merged_bindings.key_to_bindings["x"]] == ["go"]


def test_a_base_changed_after_its_set_up_is_read_again(installed):
    class Base(Widget):
        BINDINGS = [("x", "go", "Go")]

    class Before(Base):
        pass

    Base.BINDINGS = [("y", "went", "Went")]
    Base.later = reactive(1)

    class After(Base):
        pass

    assert got(After) == expected(After)
    assert "y" in After._merged_bindings.key_to_bindings and "later" in After._reactives
    assert "x" in Before._merged_bindings.key_to_bindings
