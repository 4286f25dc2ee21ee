"""App-specific colours, derived from the current theme so every theme works.

Exposed as CSS variables ($state-running …) for stylesheets and as Rich colours for
table cells, which are Rich Text rather than widgets.
"""

from __future__ import annotations

from textual.color import Color

STATE_VARIABLES = ("state-running", "state-paused", "state-exited", "state-created", "state-unhealthy", "state-healthy", "state-pending")


def state_variables(base: dict[str, str]) -> dict[str, str]:
    def pick(name: str, fallback: str) -> str:
        value = base.get(name) or fallback
        try:
            return Color.parse(value).hex
        except Exception:
            return fallback

    fg = pick("foreground", "#e0e0e0")
    bg = pick("background", "#1e1e1e")
    muted = Color.parse(fg).blend(Color.parse(bg), 0.45).hex
    return {
        "state-running": pick("success", "#4ebf71"),
        "state-paused": pick("warning", "#ffa62b"),
        "state-exited": muted,
        "state-created": pick("accent", "#0178d4"),
        "state-unhealthy": pick("error", "#ba3c5b"),
        "state-healthy": pick("success", "#4ebf71"),
        "state-pending": pick("accent", "#ffa62b"),
    }


def state_colour(variables: dict[str, str], state: str, health: str | None = None) -> str:
    if health == "unhealthy":
        return variables["state-unhealthy"]
    key = {
        "running": "state-running",
        "paused": "state-paused",
        "restarting": "state-paused",
        "created": "state-created",
    }.get(state, "state-exited")
    return variables[key]
