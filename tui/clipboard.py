"""Copy text to the user's clipboard over both paths, and say truthfully what happened.

1. OSC 52, through the terminal (works over SSH). Dockyard cannot know whether the
   terminal accepted it, so the notice says "sent to the terminal clipboard (OSC 52)",
   never "copied". Under tmux the app's OSC 52 is only taken when tmux's
   ``set-clipboard`` is ``on`` (``external`` and ``off`` drop it): the value is read
   with ``tmux show -gv set-clipboard`` and, when it is not ``on``, the notice says how
   to turn it on. GNU screen does not pass OSC 52 on: the notice says so.
2. pyperclip, the local clipboard (xclip, wl-copy, pbcopy) when one exists: a second
   notice only when it worked.

``notice`` and ``multiplexer`` are pure, for tests; ``copy`` does the work, with every
subprocess (tmux, xclip) off the UI thread.
"""

from __future__ import annotations

import os
import subprocess
import threading
from typing import Mapping

from .domain.sanitize import clean
from .from_thread import call_from_thread

OSC52_MAX = 100_000  # bytes; many terminals drop larger OSC 52 payloads
TMUX_ENABLE = "tmux set -g set-clipboard on"


def multiplexer(env: Mapping[str, str] | None = None) -> str | None:
    """"tmux", "screen" or None: which terminal multiplexer sits between us and the terminal."""
    env = os.environ if env is None else env
    if env.get("TMUX"):
        return "tmux"
    if env.get("STY"):
        return "screen"
    return None


def tmux_set_clipboard(timeout: float = 1.0) -> str | None:
    """tmux's ``set-clipboard`` option ("on", "external", "off"), None if unknown."""
    try:
        done = subprocess.run(["tmux", "show", "-gv", "set-clipboard"], capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value in ("on", "external", "off") else None


def notice(what: str, *, sent: bool, mux: str | None, tmux_setting: str | None) -> tuple[str, str]:
    """(message, severity) for the first notice of a copy."""
    what = clean(what)
    if not sent:
        return f"{what} is too large for the terminal clipboard (OSC 52); trying the local clipboard", "warning"
    message = f"{what}: sent to the terminal clipboard (OSC 52)"
    if mux == "tmux":
        if tmux_setting == "on":
            return message + "; tmux passes it on (set-clipboard on)", "information"
        if tmux_setting in ("external", "off"):
            return (
                f"{message}, but tmux drops it (set-clipboard {tmux_setting}). To enable: {TMUX_ENABLE}",
                "warning",
            )
        return f"{message}; under tmux it arrives only with set-clipboard on ({TMUX_ENABLE})", "warning"
    if mux == "screen":
        return f"{message}, but GNU screen does not pass OSC 52 on; use the local clipboard or tmux", "warning"
    return message, "information"


def copy(app, text: str, what: str) -> None:
    """Send over OSC 52 at once; say what happened (tmux asked off the UI thread); then
    try the local clipboard and say so only when it worked."""
    sent = len(text.encode()) <= OSC52_MAX
    if sent:
        app.copy_to_clipboard(text)
    mux = multiplexer()

    def tell(message: str, severity: str) -> None:
        app.notify(message, severity=severity, markup=False, timeout=6 if severity == "warning" else 3)

    if mux != "tmux":
        tell(*notice(what, sent=sent, mux=mux, tmux_setting=None))

    def background() -> None:
        if mux == "tmux":
            call_from_thread(app, tell, *notice(what, sent=sent, mux=mux, tmux_setting=tmux_set_clipboard()))
        try:
            import pyperclip

            pyperclip.copy(text)
        except Exception:
            return  # no local clipboard (ssh, headless): OSC 52 is the path
        call_from_thread(app, tell, f"{clean(what)}: copied to the local clipboard too", "information")

    if getattr(app, "is_web", False):
        return  # dockyard serve: the server's clipboard is not the viewer's
    threading.Thread(target=background, name="dockyard-clipboard", daemon=True).start()
