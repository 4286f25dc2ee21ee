"""Writes tui/code_cache.py's and tui/css_cache.py's files as a start would (scripts/venv and
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
    import sys

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
            await pilot.pause(0.1)

    css_cache.install(where)
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, False  # asked for: written
    release, css_cache.release = css_cache.release, lambda: None  # kept until the app is gone
    try:
        asyncio.run(style(DockyardApp(Endpoint("unix:///nonexistent/docker.sock", "build"))))
    finally:
        css_cache.release = release
        release()
        sys.dont_write_bytecode = writes
    return css_cache._state.get("saved", 0)


if __name__ == "__main__":
    print(f"{build()} dataclass methods compiled into {code_cache.path()}")
    from . import css_cache

    print(f"{build_css()} stylesheets parsed into {css_cache.path()}")
