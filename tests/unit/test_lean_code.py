"""tui/lean_code.py: functions' docstrings left out of the bytecode a start loads, the rest
of the code unchanged, and the copies kept and checked as .pyc files are."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tui import lean_code

ROOT = Path(__file__).resolve().parents[2]

SOURCE = '''\
"""The module's docstring."""


def documented(x):
    """A function's docstring."""
    return x + 1


def returns_its_docstring():
    "same text"
    return "same text"


def checks(x):
    """Asserts stay."""
    assert x > 0, "x must be positive"
    return [c for c in "ab" if c == "a"]


answer = lambda: "a lambda's first constant is its value"


class Documented:
    """A class's docstring."""

    def method(self):
        """A method's docstring."""

        def inner():
            """An inner function's docstring."""
            return "inner"

        return inner

    @property
    def prop(self):
        """A property's docstring."""
        return 3


async def coroutine():
    """A coroutine's docstring."""
    return 4
'''


def _run(source: str) -> dict:
    code = lean_code.strip_module(compile(source, "<lean>", "exec"))
    space: dict = {}
    exec(code, space)
    return space


def test_strip_drops_functions_docstrings_and_keeps_the_rest():
    m = _run(SOURCE)
    assert m["__doc__"] is None  # as under -OO
    assert m["Documented"].__doc__ == "A class's docstring."
    for func in (m["documented"], m["checks"], m["Documented"].method, m["Documented"]().method(), m["coroutine"]):
        assert func.__doc__ is None, func
    assert m["Documented"].prop.__doc__ is None
    assert m["documented"](1) == 2
    assert m["Documented"]().method()() == "inner"
    assert m["Documented"]().prop == 3
    assert m["checks"](1) == ["a"]
    with pytest.raises(AssertionError, match="x must be positive"):
        m["checks"](0)


def test_a_first_constant_the_code_uses_is_kept():
    m = _run(SOURCE)
    assert m["returns_its_docstring"]() == "same text"
    assert m["answer"]() == "a lambda's first constant is its value"


def test_code_without_docstrings_is_the_same_object():
    code = compile("def f(x):\n    return x\n", "<lean>", "exec")
    assert lean_code.strip_module(code) is code


def test_a_module_docstring_the_module_uses_again_is_kept():
    m = _run('"""same text"""\nX = "same text"\n')
    assert m["__doc__"] == "same text" and m["X"] == "same text"


def test_pdb_loads_lean():
    """pdb adds its commands' docstrings to its own unless that is None (-OO's way)."""
    import subprocess

    probe = "from tui import lean_code; lean_code.install(write=True); import pdb, cmd; print(pdb.__doc__, pdb.Pdb.do_next.__doc__)"
    out = subprocess.run([sys.executable, "-P", "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["None", "None"], out.stdout + out.stderr


def test_stripped_code_round_trips_through_marshal():
    import marshal

    code = lean_code.strip_module(compile(SOURCE, "<lean>", "exec"))
    again = marshal.loads(marshal.dumps(code))
    space: dict = {}
    exec(again, space)
    assert space["documented"].__doc__ is None and space["documented"](2) == 3


@pytest.fixture
def lean_tree(tmp_path, monkeypatch):
    """A package of our own on sys.path, loaded through the finder, copies kept under tmp."""
    pkg = tmp_path / "src" / "leanpkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "mod.py").write_text(SOURCE)
    copies = tmp_path / "copies"
    monkeypatch.setattr(lean_code, "lean_dir", lambda: str(copies))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setitem(lean_code._state, "place", None)
    monkeypatch.setitem(lean_code._state, "write", False)
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    installed = lean_code.install()
    yield pkg, copies

    for name in [n for n in sys.modules if n == "leanpkg" or n.startswith("leanpkg.")]:
        del sys.modules[name]
    if installed:
        lean_code.uninstall()


def _fresh_import():
    import importlib

    for name in [n for n in sys.modules if n == "leanpkg" or n.startswith("leanpkg.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    return importlib.import_module("leanpkg.mod")


def test_a_module_loads_lean_and_its_copy_is_kept(lean_tree):
    pkg, copies = lean_tree
    mod = _fresh_import()
    assert mod.documented.__doc__ is None and mod.documented(1) == 2
    assert mod.__doc__ is None and mod.Documented.__doc__ == "A class's docstring."
    assert (copies / "leanpkg.mod.pyc").is_file()


def test_the_next_load_reads_the_copy(lean_tree, monkeypatch):
    _fresh_import()
    stripped = []
    monkeypatch.setattr(lean_code, "strip_module", lambda code: stripped.append(code) or code)
    mod = _fresh_import()
    assert stripped == []  # nothing compiled or stripped: the copy was read
    assert mod.documented.__doc__ is None


def test_a_changed_source_is_loaded_anew(lean_tree):
    pkg, copies = lean_tree
    _fresh_import()
    (pkg / "mod.py").write_text(SOURCE.replace("return x + 1", "return x + 100"))
    os.utime(pkg / "mod.py", ns=(1, 2_000_000_000_000_000_000))
    mod = _fresh_import()
    assert mod.documented(1) == 101 and mod.documented.__doc__ is None


@pytest.mark.parametrize("damage", [b"", b"junk", "truncate"])
def test_a_damaged_copy_is_as_if_there_were_none(lean_tree, damage):
    pkg, copies = lean_tree
    _fresh_import()
    copy = copies / "leanpkg.mod.pyc"
    copy.write_bytes(copy.read_bytes()[:-20] if damage == "truncate" else damage)
    mod = _fresh_import()
    assert mod.documented(1) == 2 and mod.documented.__doc__ is None


def test_a_copy_of_another_source_is_not_used(lean_tree, tmp_path):
    pkg, copies = lean_tree
    _fresh_import()
    other = tmp_path / "other.py"
    other.write_text("X = 1\n")
    st = os.stat(other)
    assert lean_code.read_copy(str(copies / "leanpkg.mod.pyc"), str(other), st) is None
    source = str(pkg / "mod.py")
    assert lean_code.read_copy(str(copies / "leanpkg.mod.pyc"), source, os.stat(source)) is not None


def test_with_bytecode_writing_off_a_module_without_a_copy_loads_as_it_always_did(lean_tree, monkeypatch):
    """No stripping (~0.5 ms a module) for a copy no start would read; a copy there is read."""
    pkg, copies = lean_tree
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    mod = _fresh_import()
    assert mod.documented.__doc__ == "A function's docstring."
    assert not copies.exists()
    monkeypatch.setitem(lean_code._state, "write", True)  # as tui.code_cache_build asks
    _fresh_import()
    monkeypatch.setitem(lean_code._state, "write", False)
    mod = _fresh_import()
    assert mod.documented.__doc__ is None and (copies / "leanpkg.mod.pyc").is_file()


def test_a_place_that_cannot_be_made_loads_as_it_always_did(lean_tree):
    """A place that cannot be written (a file where the directory should be: it fails for
    root too, who writes into read-only directories)."""
    pkg, copies = lean_tree
    copies.write_text("a file where the directory should be")  # makedirs and the write fail
    mod = _fresh_import()
    assert mod.documented.__doc__ == "A function's docstring." and mod.documented(1) == 2


def test_install_is_once_and_before_the_path_finder():
    from importlib.machinery import PathFinder

    installed = lean_code.install()
    try:
        assert lean_code.install() is False
        assert sys.meta_path.count(lean_code.LeanFinder) == 1
        assert sys.meta_path.index(lean_code.LeanFinder) == sys.meta_path.index(PathFinder) - 1
    finally:
        if installed:
            lean_code.uninstall()


def test_the_command_loads_everything_after_its_entry_lean(tmp_path):
    """`dockyard` (tui.entry) installs the finder before tui.cli's imports: argparse's,
    Textual's and our functions come without docstrings, classes keep theirs."""
    probe = textwrap.dedent(
        """
        import os, sys
        real_exit = os._exit

        def report(code):
            import argparse, textual.app, tui.app, tui.cli
            print(argparse.ArgumentParser.parse_args.__doc__, textual.app.App.run.__doc__,
                  tui.cli.check_config.__doc__, bool(textual.app.App.__doc__), flush=True)
            real_exit(code)

        os._exit = report
        sys.argv = ["dockyard", "--check-config"]
        from tui.entry import run
        run()
        """
    )
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as Python is by default: copies kept in the checkout
    out = subprocess.run([sys.executable, "-P", "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "None None None True", out.stdout + out.stderr


def test_every_module_of_ours_imports_lean():
    """Every module of tui/ imports and defines what it defines with the finder installed."""
    names = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in (ROOT / "tui").rglob("*.py")
        if p.name != "__main__.py"
    )
    probe = (
        "import importlib, sys\nfrom tui import lean_code\nlean_code.install(write=True)\n"
        f"for name in {names!r}:\n    importlib.import_module(name)\n"
        "import tui.app\nprint(tui.app.DockyardApp.__init__.__doc__)\n"
    )
    out = subprocess.run([sys.executable, "-P", "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "None", out.stdout + out.stderr
