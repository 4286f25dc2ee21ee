"""Writes tui/code_cache.py's file as a start would (scripts/venv runs it after compileall:
with PYTHONDONTWRITEBYTECODE set no start writes it)."""

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


if __name__ == "__main__":
    print(f"{build()} dataclass methods compiled into {code_cache.path()}")
