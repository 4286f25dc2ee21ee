"""Hostile daemon text: every terminal-acting sequence and markup trick, carrying a marker.

Tests plant these in labels, env, commands, logs, health output, image comments and
network names, then check that none of it acts on the terminal or the app.
"""

from __future__ import annotations

import base64
import uuid


def new_marker() -> str:
    return f"DYKM{uuid.uuid4().hex[:8]}"


def payload(marker: str) -> str:
    b64 = base64.b64encode(marker.encode()).decode()
    return (
        f"\x1b]52;c;{b64}\x07"  # OSC 52: write the clipboard
        f"\x1b]0;{marker}-title\x07\x1b]2;{marker}-t2\x1b\\"  # OSC 0/2: window title
        f"\x1b]8;;http://{marker}.example/\x1b\\click\x1b]8;;\x1b\\"  # OSC 8: a link
        f"\x1bP{marker}-dcs\x1b\\\x1b_{marker}-apc\x1b\\\x1b^{marker}-pm\x1b\\\x1bX{marker}-sos\x1b\\"
        f"\x1b[2J\x1b[H\x1b[31m{marker}-red\x1b[0m"  # CSI clear, home, colour
        f"\u009b2J\u009d0;{marker}-c1\x07"  # C1 CSI and C1 OSC
        f"\x07{marker}-bel\x07"  # raw BEL
        f"\u202e{marker}-bidi\u202c\u200b"  # bidi override, zero-width space
        "[@click=app.quit]q[/] [bold]b[/bold] [/] [link=http://x]l"  # markup
    )


def markup_only(marker: str) -> str:
    """Markup tricks alone (for fields docker restricts to printable text)."""
    return f"{marker}[@click=app.quit]q[/]x[/x][bold][link=http://{marker}]"
