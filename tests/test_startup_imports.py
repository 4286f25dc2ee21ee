"""What starting Dockyard loads before its first screen (issue 20): behaviour, not speed.

The entry point imports the session, the app and the compositor patches before the first
frame. None of them may pull in docker-py (with requests and urllib3: it loads in the
pump's thread when the first client opens) or code that only later screens use. A merged
branch once put ``import docker`` back at the top of tui/engine/connection.py; this test
says so at once instead of a benchmark noticing weeks later.
"""

from __future__ import annotations

import subprocess
import sys

from textual.command import Provider

STARTUP = ("tui.cli", "tui.engine.session", "tui.engine.first_list", "tui.app", "tui.scroll_region", "tui.tight_updates", "tui.terminal_output")

# Not on the first screen: loaded when first used.
DEFERRED = (
    "docker", "requests", "urllib3", "charset_normalizer",  # the first client opens in the pump's thread
    "http.client", "email",  # not used: the LiteClient speaks HTTP itself
    "ssl", "_ssl",  # OpenSSL: with the first TLS connection (tui/tls_later.py; cli.main defers it)
    "tomllib",  # config.toml's parser, when there is a file to read
    "hashlib", "_hashlib",  # a docker context's digest (Textual loads neither)
    "tempfile",  # a TLS certificate's expiry, an ssh tunnel's private directory
    "tui.engine.ssh_tunnel", "tui.engine.ssh_relay",  # with the first ssh:// host (the start reads only its command)
    "platformdirs.api", "platformdirs.unix",  # textual.app's, for a file a browser saves (tui/later_imports.py)
    # textual.types' re-exports (textual.command takes one callback type from it): tui/later_imports.py
    "textual.widgets._tree", "textual.widgets._directory_tree", "textual.widgets._placeholder", "textual.widgets._select",
    "tui.engine.introspect", "tui.domain.relations",  # learning views' reads and map
    "tui.commands", "tui.commands_learn",  # the command palette's providers
    "tui.screens.detail", "tui.screens.learn", "tui.screens.binding_tables",  # other screens (keymap check without a keymap)
    "tui.screens.dialogs.confirm",  # the kill/remove dialog, on first use
    # domain models of later flows (each dataclass compiles its methods at import)
    "tui.domain.prune", "tui.domain.transfer", "tui.domain.run_spec", "tui.domain.disk",
)


def _loaded(modules: tuple[str, ...]) -> set[str]:
    code = (
        "import sys\n"
        "from tui import later_imports, tls_later\n"
        "tls_later.defer()\n"  # as cli.main does before anything else imports asyncio
        "later_imports.defer()\n"
        f"for m in {modules!r}: __import__(m)\n"
        "print('\\n'.join(sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_startup_imports_leave_deferred_modules_unloaded():
    loaded = _loaded(STARTUP)
    early = sorted(m for m in loaded if any(m == d or m.startswith(d + ".") for d in DEFERRED))
    assert early == [], f"loaded before the first screen: {early}"


def test_palette_providers_still_resolve():
    """The palette's providers are given to Textual as callables (loaded when it opens)."""
    from tui.app import DockyardApp

    resolved = {p() if not isinstance(p, type) else p for p in DockyardApp.COMMANDS}
    names = {p.__name__ for p in resolved}
    assert {"DockyardCommands", "LearnCommands"} <= names
    assert all(issubclass(p, Provider) for p in resolved)
