"""The dashboard's way into the Swarm panes: 5 / 6 / 7 (after its four panes, as dry numbers
them), present only while the scope contains a swarm manager; the lower tabs name them."""

from __future__ import annotations

from textual.binding import Binding

SWARM_BINDINGS = [
    # The descriptions name Swarm: they are the command palette's entries too (present only with a manager)
    Binding("5", "swarm('services')", "Swarm services", id="pane.swarm_services", show=False, tooltip="Open the Swarm services of the manager in scope"),
    Binding("6", "swarm('tasks')", "Swarm tasks", id="pane.swarm_tasks", show=False, tooltip="Open the Swarm tasks: which node runs each replica"),
    Binding("7", "swarm('nodes')", "Swarm nodes", id="pane.swarm_nodes", show=False, tooltip="Open the Swarm nodes: managers and workers"),
]


class SwarmKeys:
    """Mixed into the dashboard."""

    def watch_swarm(self) -> None:
        self._swarm_shown = False
        self.app.control.swarm.signal.subscribe(self, self._swarm_changed, immediate=True)

    def _swarm_changed(self, snapshot) -> None:
        shown = snapshot is not None
        if shown != getattr(self, "_swarm_shown", False):
            self._swarm_shown = shown
            self._render_lower_tabs()
            self.refresh_bindings()

    def swarm_tabs(self) -> str:
        return "  5 Services  6 Tasks  7 Nodes " if getattr(self, "_swarm_shown", False) else ""

    def check_swarm_action(self, action: str):
        if action != "swarm":
            return NotImplemented
        return True if self.app.control.swarm.available else False

    def action_swarm(self, pane: str) -> None:
        if self.app.control.swarm.available:
            self.app.control.nav.open_swarm(pane)
