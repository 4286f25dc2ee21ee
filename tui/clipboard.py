"""Copy text to the user's clipboard over both paths: OSC 52 (works over SSH, through
the terminal) and pyperclip (a local clipboard, when one exists)."""

from __future__ import annotations

import threading

OSC52_MAX = 100_000  # bytes; many terminals drop larger OSC 52 payloads


def copy(app, text: str, what: str) -> None:
    """Copy, say at once what was copied, and add the system clipboard when it worked.

    pyperclip may start a subprocess (xclip, wl-copy): it runs off the UI thread, and its
    outcome is a second, later notice only when it succeeded.
    """
    if len(text.encode()) <= OSC52_MAX:
        app.copy_to_clipboard(text)
        app.notify(f"Copied {what} (terminal clipboard, OSC 52)", markup=False, timeout=3)
    else:
        app.notify(f"{what} is too large for the terminal clipboard; trying the system clipboard", markup=False, timeout=3)

    def local() -> None:
        try:
            import pyperclip

            pyperclip.copy(text)
        except Exception:
            return  # no local clipboard (ssh, headless): OSC 52 is the path
        app.call_from_thread(app.notify, f"Copied {what} to the system clipboard too", markup=False, timeout=3)

    if getattr(app, "is_web", False):
        return  # dockyard serve: the server's clipboard is not the viewer's
    threading.Thread(target=local, name="dockyard-clipboard", daemon=True).start()
