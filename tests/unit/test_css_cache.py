"""tui/css_cache.py: stylesheets parsed by an earlier run are read back, not parsed again,
and the app styled from them looks and behaves as one styled by a fresh parse."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import textual.css.stylesheet as stylesheet_module
from textual.css.stylesheet import Stylesheet

from tests.ui.fake_daemon import FROZEN_NOW, FakeSession
from tui import css_cache
from tui.app import DockyardApp
from tui.engine.endpoint import Endpoint
from tui.keymap import Config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def parses(monkeypatch):
    """Count Textual's parses (the parser the stylesheet calls) and leave no cache installed."""
    counted: list[str] = []
    real = stylesheet_module.parse

    def parse(scope, css, read_from, *args, **kwargs):
        if Stylesheet._parse_rules is css_cache._parse_rules:  # while the cache serves
            counted.append(str(read_from))
        return real(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(stylesheet_module, "parse", parse)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    yield counted
    css_cache.release()


def _values(rules) -> list:
    """Style values by what they say (a layout is a new object per parse: by its type)."""
    return sorted(((k, type(v).__name__ if k == "layout" else v) for k, v in rules.items()), key=lambda kv: kv[0])


def _signature(rules) -> list:
    return [(rule.selector_set, _values(rule.styles._rules), rule.is_default_rules, rule.tie_breaker, rule.selector_names, rule.pseudo_classes)
            for rule in rules]  # fmt: skip


async def _run(where) -> tuple[list, list]:
    css_cache.install(str(where))
    app = DockyardApp(Endpoint("unix:///fake.sock", "test"), config=Config(), clock=lambda: FROZEN_NOW, session_factory=FakeSession)
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if app._later_css:
                break
        assert app._later_css
        await pilot.pause()
        styled = [(type(node).__name__, node.id, _values(node.styles.base.get_rules()), str(node.rich_style))
                  for screen in app.screen_stack for node in screen.walk_children(with_self=True)]  # fmt: skip
        rules = _signature(app.stylesheet.rules)
    return styled, rules


async def test_a_second_run_parses_nothing_and_styles_the_same(tmp_path, parses):
    where = tmp_path / "css.bin"
    styled1, rules1 = await _run(where)
    assert parses, "the first run parses"
    assert where.exists(), "what it parsed is written when the later sheets are read"
    assert Stylesheet._parse_rules is not css_cache._parse_rules, "released"
    parses.clear()
    styled2, rules2 = await _run(where)
    assert parses == [], f"parsed again: {parses}"
    assert rules2 == rules1
    assert styled2 == styled1, "every widget is styled as from a fresh parse"


def test_other_theme_variables_parse_anew(tmp_path, parses):
    css_cache.install(str(tmp_path / "css.bin"))
    css = "Widget { color: $accent; }"
    red = Stylesheet(variables={"accent": "red"})
    red.add_source(css, read_from=("test", "css"))
    red.parse()
    blue = Stylesheet(variables={"accent": "blue"})
    blue.add_source(css, read_from=("test", "css"))
    blue.parse()
    assert len(parses) == 2
    assert red.rules[0].styles.color != blue.rules[0].styles.color
    again = Stylesheet(variables={"accent": "red"})
    again.add_source(css, read_from=("test", "css"))
    again.parse()
    assert len(parses) == 2, "the same text with the same variables is read back"
    assert again.rules[0].styles.color == red.rules[0].styles.color


@pytest.mark.parametrize("content", [b"", b"garbage", None])
def test_a_damaged_or_foreign_file_is_no_error(tmp_path, parses, content):
    where = tmp_path / "css.bin"
    if content is None:  # written by "another Textual": a different mark, the same rules
        css_cache.install(str(where))
        sheet = Stylesheet(variables={})
        sheet.add_source("Widget { color: red; }", read_from=("test", "css"))
        sheet.parse()
        css_cache.release()
        where.write_bytes(where.read_bytes().replace(b"dockyard-css-rules 1", b"dockyard-css-rules 0"))
    else:
        where.write_bytes(content)
    parses.clear()
    css_cache.install(str(where))
    sheet = Stylesheet(variables={})
    sheet.add_source("Widget { color: red; }", read_from=("test", "css"))
    sheet.parse()
    assert len(parses) == 1
    assert sheet.rules[0].styles.color.rgb == (255, 0, 0)


def test_nothing_is_written_where_bytecode_would_not_be(tmp_path, parses, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    where = tmp_path / "css.bin"
    css_cache.install(str(where))
    sheet = Stylesheet(variables={})
    sheet.add_source("Widget { color: red; }", read_from=("test", "css"))
    sheet.parse()
    css_cache.release()
    assert not where.exists()
    assert Stylesheet._parse_rules is not css_cache._parse_rules


async def test_the_build_covers_a_start(tmp_path, parses):
    """``python -m tui.code_cache_build`` (scripts/venv, bench/run) writes what a start
    parses: a start after it parses nothing (here headless, on a recorded daemon). The build
    runs in a process of its own, as there (bytecode writing off: it writes anyway)."""
    import subprocess

    where = tmp_path / "css.bin"
    code = "import sys; from tui import code_cache_build as b; print(b.build_css(sys.argv[1]))"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code, str(where)], env=env, cwd=str(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) > 20 and where.exists()
    parses.clear()
    await _run(where)
    assert parses == [], f"parsed at start although built: {parses}"


def test_the_build_is_skipped_only_while_all_caches_are_newer_than_every_source(tmp_path, monkeypatch):
    """scripts/venv runs ``python -m tui.code_cache_build --if-stale`` before each ./scripts/run."""
    import os

    from tui import code_cache, code_cache_build, lean_code, regex_cache

    code_file, css_file, regex_file = tmp_path / "code.bin", tmp_path / "css.bin", tmp_path / "re.bin"
    lean = tmp_path / "lean"
    monkeypatch.setattr(code_cache, "path", lambda: str(code_file))
    monkeypatch.setattr(css_cache, "path", lambda: str(css_file))
    monkeypatch.setattr(regex_cache, "path", lambda: str(regex_file))
    monkeypatch.setattr(lean_code, "lean_dir", lambda: str(lean))
    assert not code_cache_build.current(), "no files"
    code_file.write_bytes(b"x")
    css_file.write_bytes(b"x")
    assert not code_cache_build.current(), "no regex file"
    regex_file.write_bytes(b"x")
    assert not code_cache_build.current(), "no lean copies"
    lean.mkdir()
    assert code_cache_build.current()
    os.utime(lean, (0, 0))
    assert not code_cache_build.current(), "lean copies older than a source"
    os.utime(lean)
    assert code_cache_build.current()
    os.utime(css_file, (0, 0))  # older than every source
    assert not code_cache_build.current()
    css_file.write_bytes(b"x")
    os.utime(regex_file, (0, 0))
    assert not code_cache_build.current()
