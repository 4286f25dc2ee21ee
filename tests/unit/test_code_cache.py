"""tui/code_cache.py: dataclasses' generated methods compiled by an earlier start (issue 20).

What runs must be what the builtin exec would run; the file is written only where .pyc
files would be; a broken file is ignored; the cache serves the start and is dropped after."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap

import pytest

from tui import code_cache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh table on a file of its own; dataclasses given the builtin back afterwards."""
    monkeypatch.setattr(code_cache, "_code", {})
    monkeypatch.setattr(code_cache, "_used", set())
    monkeypatch.setattr(code_cache, "_state", {"new": False, "path": ""})
    where = str(tmp_path / "__pycache__" / "dc.bin")
    yield where
    code_cache.release()


def _define(default: int = 3):
    @dataclasses.dataclass(frozen=True, slots=True)
    class Point:
        x: int
        y: int = default
        tags: tuple[str, ...] = ()

    return Point


def _behaves(Point, default: int) -> None:
    p = Point(1)
    assert p == Point(1, default) and p != Point(2)
    assert hash(p) == hash(Point(1, default))
    assert repr(p).endswith(f".Point(x=1, y={default}, tags=())")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 5


def test_classes_defined_through_the_cache_behave_as_without_it(cache, monkeypatch):
    assert code_cache.install(cache)
    _behaves(_define(), 3)
    assert code_cache._state["new"] and code_cache.save(force=True)
    # another start: the same text runs the stored code, nothing is compiled
    monkeypatch.setattr(code_cache, "_code", {})
    monkeypatch.setattr(code_cache, "_state", {"new": False, "path": cache})
    code_cache._load(cache)
    compiled = []
    monkeypatch.setattr(code_cache, "compile", lambda *a: compiled.append(a) or compile(*a), raising=False)
    _behaves(_define(), 3)
    assert compiled == [] and not code_cache._state["new"]
    _behaves(_define(7), 7)  # a new default is an argument, not text: still nothing compiled
    assert compiled == []

    @dataclasses.dataclass(frozen=True)
    class Point:  # another field: new text, compiled anew
        x: int
        z: int = 0

    assert Point(1) == Point(1, 0) and compiled and code_cache._state["new"]


def test_written_only_where_bytecode_would_be(cache, monkeypatch):
    code_cache.install(cache)
    _define()
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert not code_cache.save()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert code_cache.save()
    assert not code_cache.save()  # nothing new since


def test_a_read_only_directory_is_no_error(cache, tmp_path, monkeypatch):
    code_cache.install(str(tmp_path / "file-not-dir" / "dc.bin"))
    (tmp_path / "file-not-dir").write_text("")
    _define()
    assert not code_cache.save(force=True)


@pytest.mark.parametrize("content", [b"", b"garbage", b"\x00\x00\r\n" + b"x" * 20, None])
def test_a_broken_or_foreign_file_is_ignored(cache, content):
    import marshal
    from importlib.util import MAGIC_NUMBER
    from pathlib import Path

    Path(cache).parent.mkdir(parents=True)
    Path(cache).write_bytes(content if content is not None else MAGIC_NUMBER + marshal.dumps({"def f(): pass": 3, 4: 5})[:-2])
    code_cache.install(cache)
    assert code_cache._code == {}
    _behaves(_define(), 3)


def test_release_gives_dataclasses_the_builtin_back_and_drops_the_table(cache, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    code_cache.install(cache)
    _define()
    assert dataclasses.exec is code_cache._exec
    code_cache.release()
    assert not hasattr(dataclasses, "exec") and code_cache._code == {}
    assert (__import__("pathlib").Path(cache)).exists()  # written on the way out
    _behaves(_define(), 3)


def test_the_build_covers_what_a_start_defines(tmp_path):
    """After `python -m tui.code_cache_build` (scripts/venv), a start compiles no dataclass method
    before its first frame: the build's START list has every module the start imports."""
    where = str(tmp_path / "dc.bin")
    subprocess.run([sys.executable, "-c", f"from tui import code_cache_build; code_cache_build.build({where!r})"], check=True)
    code = textwrap.dedent(f"""
        import sys
        from tui import code_cache
        code_cache.install({where!r})
        from tests.test_startup_imports import STARTUP
        for m in STARTUP: __import__(m)
        from tui.app import DockyardApp
        from tui.engine.endpoint import Endpoint
        DockyardApp(Endpoint("unix:///nonexistent/docker.sock", "x"))
        print(code_cache._state["new"], len(code_cache._used))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False" and int(out[1]) > 300, out
