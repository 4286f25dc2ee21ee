"""The environment of a viewer's child process: only what Dockyard needs to run.

The server may have been started from a shell holding tokens, cloud credentials or an
ssh agent; a child that a browser drives gets none of that. Pure: no Textual, no docker.
"""

from __future__ import annotations

from typing import Mapping

# What Textual's constants.DRIVER reads from TEXTUAL_DRIVER: "module:Class" of the driver.
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"

PASS = frozenset(
    {
        "PATH",
        "HOME",
        "LANG",
        "LANGUAGE",
        "TERM",
        "TZ",
        "XDG_CONFIG_HOME",  # the keymap config (tui/paths.py)
        "DOCKER_HOST",
        "DOCKER_CONTEXT",
        "DOCKER_CONFIG",
        "DOCKER_CERT_PATH",
        "DOCKER_TLS",
        "DOCKER_TLS_VERIFY",
        "DOCKER_API_VERSION",
    }
)
PASS_PREFIXES = ("LC_", "DOCKYARD_")


def child_environment(env: Mapping[str, str], width: int, height: int, *, ssh: bool = False) -> dict[str, str]:
    """The allow-listed part of ``env`` plus what Textual's web driver reads.

    ``ssh``: the daemon is reached over ssh://, so the child needs the agent's socket."""
    out = {k: v for k, v in env.items() if k in PASS or k.startswith(PASS_PREFIXES)}
    if ssh and "SSH_AUTH_SOCK" in env:
        out["SSH_AUTH_SOCK"] = env["SSH_AUTH_SOCK"]
    out.setdefault("TERM", "xterm-256color")
    out.update(
        TEXTUAL_DRIVER=WEB_DRIVER,
        TEXTUAL_COLOR_SYSTEM="truecolor",
        TERM_PROGRAM="textual",  # what textual-serve sets: the browser is an xterm.js
        COLUMNS=str(width),
        ROWS=str(height),
    )
    return out
