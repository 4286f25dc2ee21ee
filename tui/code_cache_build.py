"""Writes tui/code_cache.py's, tui/css_cache.py's and tui/regex_cache.py's files, and tui/lean_code.py's copies, as a start would (scripts/venv and
bench/run run it after compileall: with PYTHONDONTWRITEBYTECODE set no start writes them)."""

from __future__ import annotations

import importlib

from . import code_cache

# What a start imports (tui/cli.py's main) before the first frame, and what the app's
# construction imports (the controllers Control makes).
START = (
    "tui.cli", "tui.engine.endpoint", "tui.engine.session", "tui.engine.first_list", "tui.engine.listing",
    "tui.frame_write", "tui.input_wait", "tui.lazy_strip_caches", "tui.scroll_region", "tui.tight_updates",
    "tui.terminal_output", "tui.app",
)


def build(where: str | None = None) -> int:
    """Define the classes a start defines, as a start does, and write them."""
    code_cache.install(where)
    for name in START:
        importlib.import_module(name)
    from .app import DockyardApp
    from .engine.endpoint import Endpoint

    DockyardApp(Endpoint("unix:///nonexistent/docker.sock", "build"))  # Control's controllers (no thread starts)
    code_cache.save(force=True)
    return len(code_cache._code)


def build_css(where: str | None = None) -> int:
    """Style a start as a start does (the app, headless, until the later sheets are read: a
    daemon that is not there shows the connect screen, which reads them) and write the rules."""
    import asyncio

    from . import css_cache
    from .app import DockyardApp
    from .engine.endpoint import Endpoint

    async def style(app) -> None:
        async with app.run_test(size=(160, 45), tooltips=True, notifications=True) as pilot:  # a start has both
            for _ in range(500):  # the later sheets read and the footer's keys shown
                await pilot.pause(0.02)
                keys = [key for screen in app.screen_stack for key in screen.query("FooterKey")]
                if app._later_css and keys and all(key.is_mounted for key in keys):
                    break
                if app._later_css and not keys and app.screen.has_class("connect"):
                    app.pop_screen()  # the connect screen came before the dashboard's footer had its keys
            await pilot.pause(0.1)

    css_cache.install(where, fresh=True, hold=True)  # what a start parses now; kept until the app is gone
    try:
        asyncio.run(style(DockyardApp(Endpoint("unix:///nonexistent/docker.sock", "build"))))
    finally:
        saved = css_cache.release(final=True)
    return saved


def current() -> bool:
    """Both files written after every source of ours and the installed Textual changed."""
    import os
    from importlib.util import find_spec

    from . import css_cache, lean_code, regex_cache

    try:
        written = min(os.stat(where).st_mtime for where in (code_cache.path(), css_cache.path(), regex_cache.path(), lean_code.lean_dir()))
    except OSError:
        return False
    textual = find_spec("textual")  # where it is, without importing it (most of this check's time)
    for top in (os.path.dirname(__file__), *(textual.submodule_search_locations or ())):
        for folder, _, files in os.walk(top):
            for name in files:
                if name.endswith((".py", ".tcss")) and os.stat(os.path.join(folder, name)).st_mtime > written:
                    return False
    from .paths import styles_dir

    try:
        return all(sheet.stat().st_mtime <= written for sheet in styles_dir().glob("*.tcss"))
    except OSError:
        return False


if __name__ == "__main__":
    import os
    import sys

    if "--if-stale" in sys.argv and current():
        print("the dataclass, stylesheet and regular expression caches and the lean copies are current")
        raise SystemExit(0)
    from . import css_cache, lean_code, regex_cache

    lean_code.install(write=True)  # the modules both builds import, kept lean as a start keeps them
    regex_cache.install(fresh=True, hold=True)  # the patterns both builds compile, as a start does
    print(f"{build()} dataclass methods compiled into {code_cache.path()}")
    print(f"{build_css()} stylesheets parsed into {css_cache.path()}")
    print(f"{regex_cache.release(final=True)} regular expressions compiled into {regex_cache.path()}")
    kept = len(os.listdir(lean_code.lean_dir())) if os.path.isdir(lean_code.lean_dir()) else 0
    print(f"{kept} modules' code kept without their functions' docstrings in {lean_code.lean_dir()}")
    for written in (code_cache.path(), css_cache.path(), regex_cache.path(), lean_code.lean_dir()):  # built now, also where nothing was new
        try:
            os.utime(written)
        except OSError:
            pass
