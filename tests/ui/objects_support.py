"""Helpers for the objects UI tests: reach the dashboard, select rows, read the log."""

from __future__ import annotations

from tui.screens.dashboard import DashboardScreen


def dashboard(app) -> DashboardScreen:
    return next(s for s in app.screen_stack if isinstance(s, DashboardScreen))


async def select(pilot, app, kind: str, key: str, until) -> None:
    dash = dashboard(app)
    dash.action_focus_pane(kind)
    pane = dash.pane(kind)
    await until(pilot, lambda: pane.select_key(key), what=f"{kind} row {key[:20]}")
    await until(pilot, lambda: dash.active_pane == kind, what=f"{kind} pane focused")
    await pilot.pause(0.05)


def logged(app, command_start: str) -> list[str]:
    return [f"{r.command} => {r.outcome}" for r in app.control.store.action_log if r.command.startswith(command_start)]


async def focus(pilot, app, kind: str, until) -> None:
    """Focus a pane and wait until the dashboard knows it (focus events are asynchronous)."""
    dash = dashboard(app)
    dash.action_focus_pane(kind)
    await until(pilot, lambda: dash.active_pane == kind, what=f"{kind} pane focused")
