"""tui/regex_cache.py: regular expressions compiled by an earlier run are handed to ``_sre``
as compiled then, not parsed again (issue 20).

What ``re`` returns must be what it returns without the cache (a pattern's equality compares
its flags and engine code); the file is written only where .pyc files would be and read only
by the interpreter that wrote it; a damaged file is ignored; the cache serves the start and
gives ``re`` its compiler back after."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from re import _compiler, _parser

import pytest

from tui import regex_cache

PATTERNS = [
    (r"(?P<key>[@a-zA-Z_-][a-zA-Z0-9_-]*=)|(?P<end>\])", 0),
    (r"^\s*\[(\[)?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$", 0),
    (r"""
        (?P<word>\w+)   # a word
        \s* (?P=word)   # repeated
    """, re.VERBOSE | re.IGNORECASE),
    ("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\n\t\u200b-\u200f]", 0),
    (r"(?im)caf\u00e9|^x$", 0),  # inline flags: the compiled flags differ from those asked
    (rb"\x1b\[[0-9;]*m", 0),  # bytes
    (r"a{2,5}?b(?=c)(?<!d)", re.ASCII),
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh table on a file of its own; ``re`` given its compiler back afterwards."""
    monkeypatch.setattr(regex_cache, "_code", {})
    monkeypatch.setattr(regex_cache, "_used", set())
    monkeypatch.setattr(regex_cache, "_state", {"new": False, "path": "", "original": None, "hold": False})
    yield str(tmp_path / "__pycache__" / "re.bin")
    regex_cache.release(final=True)
    assert _compiler.compile is not regex_cache._compile


def _compile_all() -> list:
    re.purge()  # re's own cache would answer without asking the compiler
    return [re.compile(p, f) for p, f in PATTERNS]


def test_patterns_through_the_cache_equal_those_re_makes(cache, monkeypatch):
    re.purge()
    plain = [_compiler.compile(p, f) for p, f in PATTERNS]
    assert regex_cache.install(cache)
    first = _compile_all()
    assert first == plain and regex_cache._state["new"]
    for a, b in zip(first, plain):
        assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    assert regex_cache.save(force=True)
    # another start: the file's code is handed to _sre, nothing is parsed
    regex_cache.release(final=True)
    monkeypatch.setattr(regex_cache, "_state", {"new": False, "path": "", "original": None, "hold": False})
    assert regex_cache.install(cache)
    parsed = []
    real_parse = _parser.parse
    monkeypatch.setattr(_parser, "parse", lambda *a: parsed.append(a) or real_parse(*a))
    again = _compile_all()
    assert parsed == [] and not regex_cache._state["new"]
    assert again == plain
    assert again[0].match("name=").group("key") == "name=" and again[2].search("Hello hello").group("word") == "Hello"
    assert again[5].sub(b"", b"\x1b[1;31mred\x1b[0m") == b"red"
    assert again[3].search("a\u200eb") and not again[3].search("plain")
    re.purge()
    assert re.compile("x(y)z").groups == 1 and parsed, "a new pattern is parsed as before"


def test_debug_flag_and_parsed_patterns_go_to_re_as_before(cache, capsys):
    regex_cache.install(cache)
    re.purge()
    re.compile("ab", re.DEBUG)
    assert "LITERAL" in capsys.readouterr().out and regex_cache._code == {}


def test_a_damaged_or_foreign_file_is_not_read(cache, tmp_path):
    regex_cache.install(cache)
    _compile_all()
    regex_cache.save(force=True)
    regex_cache.release(final=True)
    data = open(cache, "rb").read()
    for bad in (data[: len(data) // 2], b"another python\n\n" + data.split(b"\n\n", 1)[1], b""):
        open(cache, "wb").write(bad)
        regex_cache._state.update(new=False, original=None, hold=False)
        regex_cache.install(cache)
        assert regex_cache._code == {}
        assert _compile_all() == [_compiler.compile(p, f) for p, f in PATTERNS]
        regex_cache.release(final=True)


def test_an_entry_the_engine_refuses_is_compiled_again(cache):
    regex_cache.install(cache)
    import array

    key = (PATTERNS[0][0], 0)
    refused = array.array(regex_cache._WORD, [999999, 1, 2]).tobytes()
    regex_cache._code[key] = (0, refused, 0, {}, (None,))  # code _sre's check rejects
    re.purge()
    assert re.compile(PATTERNS[0][0]).match("k=") is not None
    assert regex_cache._code[key][1] != refused


def test_written_only_where_bytecode_would_be(cache, monkeypatch, tmp_path):
    regex_cache.install(cache)
    _compile_all()
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert not regex_cache.save()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert regex_cache.save() and not regex_cache.save(), "nothing new since"
    regex_cache.release(final=True)
    regex_cache._state.update(new=False, original=None, hold=False)
    regex_cache.install(str(tmp_path / "file-not-dir" / "re.bin"))
    (tmp_path / "file-not-dir").write_text("")
    re.purge()
    re.compile("new(pattern)")
    assert not regex_cache.save(force=True)


def test_release_gives_re_its_compiler_back_and_drops_the_table(cache):
    original = _compiler.compile
    regex_cache.install(cache, hold=True)
    _compile_all()
    assert regex_cache.release() == 0 and _compiler.compile is regex_cache._compile, "held until the final release"
    assert regex_cache.release(final=True) == len(PATTERNS)
    assert _compiler.compile is original and regex_cache._code == {} and regex_cache._used == set()


def test_a_start_after_the_build_compiles_no_pattern(tmp_path):
    """After ``python -m tui.code_cache_build`` (scripts/venv), the imports of a start parse
    no regular expression: each is handed to _sre from the file."""
    where = str(tmp_path / "re.bin")
    build = f"""
        from tui import regex_cache, code_cache_build
        regex_cache.install({where!r}, fresh=True, hold=True)
        code_cache_build.build({str(tmp_path / 'dc.bin')!r})
        print(regex_cache.release(final=True))
    """
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(build)], capture_output=True, text=True, check=True)
    assert int(out.stdout.split()[-1]) > 50
    start = f"""
        from re import _parser
        from tui import regex_cache
        regex_cache.install({where!r})
        parsed = []
        real = _parser.parse
        _parser.parse = lambda *a: parsed.append(a[0]) or real(*a)
        from tui import cli, later_imports, tls_later
        import tui.engine.session
        tls_later.defer(); later_imports.defer()
        import tui.app
        print(len(regex_cache._used), parsed)
    """
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(start)], capture_output=True, text=True, check=True)
    used, parsed = out.stdout.split(" ", 1)
    assert int(used) > 50 and parsed.strip() == "[]"
