"""Dashboard keys for images, networks, volumes, compose projects and disk space.

| key | pane       | action                                             |
|-----|------------|----------------------------------------------------|
| P   | images     | pull an image (per-layer progress)                 |
| U   | images     | push the selected image's tag                      |
| t   | images     | tag the selected image                             |
| R   | images     | run a new container from the selected image        |
| c   | networks, volumes | create                                      |
| C D | networks   | connect / disconnect a container picked from a list|
| x   | any pane   | prune that kind (preview, then confirm)            |
| D   | elsewhere  | disk usage (docker system df -v)                   |
| z   | containers | group by compose project; enter folds a project    |

Each action runs in a thread worker, is echoed in the action log as its docker CLI
equivalent and is absent in read-only mode.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from ...domain import capabilities, docker_cli
from ...widgets.host_groups import HostGrouping
from ...widgets.project_groups import ProjectGrouping, ProjectRow

# The flows behind these keys (dialog, then one operation) are tui/control/flows.py.

OBJECT_BINDINGS = [
    Binding("P", "pull", "Pull", id="image.pull", tooltip="Pull an image from a registry, with progress per layer"),
    Binding("U", "push", "Push", id="image.push", tooltip="Push the selected image's tag to its registry"),
    Binding("t", "tag", "Tag", id="image.tag", tooltip="Give the selected image another name"),
    Binding("R", "run_image", "Run", id="image.run", tooltip="Run a new container from the selected image"),
    Binding("c", "create", "Create", id="object.create", tooltip="Create a network or volume"),
    Binding("C", "connect", "Connect", id="network.connect", tooltip="Connect a container to the selected network"),
    Binding("D", "disconnect", "Disconnect", id="network.disconnect", tooltip="Disconnect a container from the selected network"),
    Binding("x", "prune", "Prune", id="object.prune", show=False, tooltip="Remove unused objects of this kind (preview first)"),
    Binding("D", "disk", "Disk", id="app.disk", show=False, tooltip="Disk usage like docker system df -v; prune all"),
    Binding("z", "toggle_projects", "Group", id="containers.group_projects", show=False,
            tooltip="Group containers: by compose project, then (several hosts in scope) by host, then not at all"),
]

_PANES = {
    "pull": {"images"},
    "push": {"images"},
    "tag": {"images"},
    "run_image": {"images"},
    "create": {"networks", "volumes"},
    "connect": {"networks"},
    "disconnect": {"networks"},
    "prune": {"containers", "images", "networks", "volumes"},
    "toggle_projects": {"containers"},
}
_NEEDS_SELECTION = {"push", "tag", "run_image", "connect", "disconnect"}


class ObjectActions:
    """Mixed into the dashboard (needs: active_pane, focused_pane, pane(kind), app)."""

    def check_object_action(self, action: str) -> bool | None:
        """True/None/False as check_action expects; NotImplemented for other actions."""
        kind = self.active_pane
        if action == "disk":
            return kind != "networks"  # D is disconnect there
        if action not in _PANES:
            return NotImplemented
        if capabilities.is_mutating(action) and not self.app.control.allowed(action):
            return False
        if kind not in _PANES[action]:
            return False
        if action in _NEEDS_SELECTION:
            sel = self.focused_pane.selected
            if sel is None:
                return None
            if action == "push" and not getattr(sel, "tags", ()):
                return None
            if action in ("connect", "disconnect") and sel.name in ("host", "none"):
                return None
        return True

    # Images

    def action_pull(self) -> None:
        sel = self.focused_pane.selected if self.active_pane == "images" else None
        self.app.control.flows.pull(sel.tags[0] if sel is not None and sel.tags else "")

    def action_push(self) -> None:
        sel = self.focused_pane.selected
        if sel is not None:
            self.app.control.flows.push(sel.tags)

    def action_tag(self) -> None:
        sel = self.focused_pane.selected
        if sel is not None:
            self.app.control.flows.tag(sel)

    def action_run_image(self) -> None:
        sel = self.focused_pane.selected
        if sel is not None:
            self.app.control.flows.run_image(sel.tags[0] if sel.tags else sel.id)

    def select_container_when_listed(self, cid: str) -> None:
        """Focus the containers pane on ``cid`` now, or as soon as its event arrives."""
        self._select_after = cid
        if not getattr(self, "_select_subscribed", False):
            self._select_subscribed = True
            self.app.control.store.state_signal.subscribe(self, lambda state: self._select_pending())
        self._select_pending()

    def _select_pending(self) -> None:
        cid = getattr(self, "_select_after", None)
        if not cid:
            return
        pane = self.pane("containers")
        if cid not in self.app.control.store.state.containers:
            return
        if not pane.select_key(cid):
            pane.close_filter()
            pane.show_stopped = True
            if not pane.select_key(cid):
                return
        self._select_after = None
        self.action_focus_pane("containers")
        pane.select_key(cid)

    # Networks and volumes

    def action_create(self) -> None:
        if self.active_pane == "networks":
            self.app.control.flows.create_network()
        elif self.active_pane == "volumes":
            self.app.control.flows.create_volume()

    def action_connect(self) -> None:
        net = self.focused_pane.selected
        if net is not None:
            self.app.control.flows.connect(net)

    def action_disconnect(self) -> None:
        net = self.focused_pane.selected
        if net is not None:
            self.app.control.flows.disconnect(net)

    # Prune, disk, projects

    def action_prune(self) -> None:
        self.app.control.flows.prune_kind(self.active_pane)

    def action_disk(self) -> None:
        self.app.control.nav.open_disk()

    def action_toggle_projects(self) -> None:
        """``z`` cycles: no groups -> compose projects -> hosts (a fleet scope of several
        hosts) -> no groups."""
        pane = self.pane("containers")
        fleet = self.app.control.fleet
        hosts = fleet is not None and fleet.hosts_shown() > 1
        if pane.grouping is None:
            grouping, said = ProjectGrouping(), "grouped by compose project"
        elif isinstance(pane.grouping, ProjectGrouping) and hosts:
            grouping, said = HostGrouping(), "grouped by host"
        else:
            grouping, said = None, "not grouped"
        pane.set_grouping(grouping)
        self.app.control.store.status(Text(said))
        self.refresh_bindings()

    def group_row(self):
        """The selected group header (a compose project or, in a fleet, a host), if any."""
        pane = self.pane("containers")
        sel = pane.selected if self.active_pane == "containers" else None
        return sel if sel is not None and pane.grouping is not None and pane.grouping.is_header(sel) else None

    def project_row(self) -> ProjectRow | None:
        """The selected compose project header in the containers pane, if any."""
        pane = self.pane("containers")
        sel = pane.selected if self.active_pane == "containers" else None
        return sel if isinstance(sel, ProjectRow) else None

    def toggle_project(self) -> bool:
        row = self.group_row()
        pane = self.pane("containers")
        if row is None or pane.grouping is None:
            return False
        pane.grouping.toggle(row.name)
        pane.set_grouping(pane.grouping)
        pane.select_key(row.id)
        return True

    def project_command(self, action: str) -> str | None:
        """``docker compose -p NAME <action>`` when a project header is what the action targets."""
        row = self.project_row()
        if row is None or self.focused_pane.marked:
            return None
        return docker_cli.compose(row.name, action)

    def open_project_logs(self) -> bool:
        row = self.group_row()
        if row is None:
            return False
        members = self.pane("containers").grouping.members(row)
        if members:
            self.app.control.nav.open_logs(members)
        return True
