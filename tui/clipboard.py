"""Copy text to the user's clipboard over both paths: OSC 52 (works over SSH, through
the terminal) and pyperclip (a local clipboard, when one exists)."""

from __future__ import annotations

import threading

OSC52_MAX = 100_000  # bytes; many terminals drop larger OSC 52 payloads


def copy(app, text: str, what: str) -> None:
    """Copy and tell the user which paths were used."""
    paths = []
    if len(text.encode()) <= OSC52_MAX:
        app.copy_to_clipboard(text)
        paths.append("terminal (OSC 52)")

    def local() -> None:
        try:
            import pyperclip

            pyperclip.copy(text)
            ok = True
        except Exception:
            ok = False
        label = " + ".join(paths + (["system clipboard"] if ok else []))
        app.call_from_thread(app.notify, f"Copied {what} via {label or 'nothing (no clipboard found)'}", markup=False, timeout=3)

    threading.Thread(target=local, name="dockyard-clipboard", daemon=True).start()
