"""OpenSSL loads with the first TLS connection, not with asyncio (issue 20: ~4 MB, ~6 ms).

Textual runs on asyncio, and three of asyncio's modules (``base_events``,
``selector_events``, ``sslproto``) import ``ssl`` as they load, for TLS transports the
dashboard never opens through asyncio: a tcp+TLS daemon is docker-py's, through urllib3,
which imports ``ssl`` itself when it loads. ``ssl`` maps OpenSSL's libssl and libcrypto:
~4 MB of the dashboard's resident memory and ~6 ms of its start.

``defer()`` imports asyncio while ``import ssl`` fails in the calling thread, which asyncio
is written to survive (a Python built without ssl: those modules set ``ssl = None``), then
gives the three modules a stand-in for ``ssl``: the first attribute asked of it imports the
real module and puts it in the stand-in's place (with the one name ``sslproto`` derives from
it at import). Until then, asking whether a socket is an ``ssl.SSLSocket`` loads nothing
(none can exist).

Only the calling thread's imports of ``ssl`` fail (a finder first on ``sys.meta_path`` for
the call's length), so the session's threads may already run: one that imports ssl then
(docker-py for a tcp+TLS daemon) gets it, and asyncio then simply binds the real module. The
TUI's entry point calls it once the session is prestarted (tui/cli.py: the first listing
over an ssh tunnel does not wait for asyncio); tests and ``dockyard serve`` import asyncio as
usual.
"""

from __future__ import annotations

import sys
import threading

_MODULES = ("asyncio.base_events", "asyncio.selector_events", "asyncio.sslproto")


class _NoSSLSocket:
    """What ``ssl.SSLSocket`` is before ssl loads: the class of no socket."""


class _Later:
    """Stands for ``ssl`` in asyncio's modules until first used."""

    def __getattr__(self, name: str):
        if name == "SSLSocket" and "ssl" not in sys.modules:
            return _NoSSLSocket
        return getattr(load(), name)

    def __repr__(self) -> str:
        return "<ssl, loaded on first use (tui/tls_later.py)>"


def load():
    """The real ``ssl`` module, put in the stand-in's place in asyncio's modules."""
    import ssl

    for name in _MODULES:
        module = sys.modules.get(name)
        if module is not None and isinstance(module.__dict__.get("ssl"), _Later):
            module.ssl = ssl
    sslproto = sys.modules.get("asyncio.sslproto")
    if sslproto is not None and "SSLAgainErrors" not in sslproto.__dict__:
        sslproto.SSLAgainErrors = (ssl.SSLWantReadError, ssl.SSLSyscallError)
    return ssl


class _NotInThisThread:
    """A finder that fails ``import ssl`` in one thread (other threads: the usual finders)."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()

    def find_spec(self, name, path=None, target=None):
        if name in ("ssl", "_ssl") and threading.get_ident() == self.thread:
            raise ModuleNotFoundError(f"No module named {name!r} (loaded later: tui/tls_later.py)", name=name)
        return None


def defer() -> bool:
    """Import asyncio without ssl (see the module); False when either is loaded already."""
    if "ssl" in sys.modules or "asyncio" in sys.modules:
        return False
    finder = _NotInThisThread()
    sys.meta_path.insert(0, finder)
    try:
        import asyncio  # noqa: F401
    finally:
        sys.meta_path.remove(finder)
    later = _Later()
    for name in _MODULES:
        module = sys.modules.get(name)
        if module is not None and "ssl" in module.__dict__ and module.ssl is None:
            module.ssl = later
    return True
