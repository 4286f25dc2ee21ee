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

from typing import Any, Callable

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen

from ..domain import cli
from ..domain.prune import PrunePreview, PruneResult
from ..engine import images, networks, system, volumes
from ..domain.errors import DockerError
from ..widgets.project_groups import ProjectGrouping, ProjectRow

# Forms and progress screens are imported where they open: the first screen does not
# need them, and startup time is measured (bench/).

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
    Binding("z", "toggle_projects", "Projects", id="containers.group_projects", show=False, tooltip="Group containers by compose project"),
]

OBJECT_MUTATING = {"pull", "push", "tag", "run_image", "create", "connect", "disconnect", "prune"}
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


def _dashboard_status(app, text: Text) -> None:
    for screen in app.screen_stack:
        show = getattr(screen, "show_status", None)
        if show is not None:
            show(text)


def run_job(screen: Screen, command: str, func: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
    """Run a blocking engine call in a thread worker; log ``command`` with its outcome."""
    app = screen.app
    if app.readonly:
        app.notify("Read-only mode: actions that change the daemon are disabled", severity="warning")
        return
    _dashboard_status(app, Text(f"… {command}", style="italic"))

    def finished(result: Any, error: str) -> None:
        app.record(command, f"failed: {error}" if error else "ok")
        if error:
            app.notify(error, title="Action failed", severity="error", markup=False, timeout=8)
            _dashboard_status(app, Text(f"✕ {command} — {error}", style="red"))
            return
        _dashboard_status(app, Text(f"✓ {command}"))
        if done is not None:
            done(result)

    def work() -> None:
        try:
            result = func()
        except DockerError as exc:
            app.call_from_thread(finished, None, exc.message)
            return
        app.call_from_thread(finished, result, "")

    screen.run_worker(work, thread=True, group="objects", exit_on_error=False)


def attached_to(state, network) -> list:
    return [c for c in state.containers.values() if any(a.network == network.name or a.network_id == network.id for a in c.networks)]


def connect_candidates(state, network) -> list:
    attached = {c.id for c in attached_to(state, network)}
    return [c for c in state.containers.values() if c.id not in attached and not any(a.network in ("host", "none") for a in c.networks)]


def _pick_and(verb: str, screen: Screen, net, candidates: list) -> None:
    """Pick a container, then ``docker network connect|disconnect NET CONTAINER``."""
    from .network_forms import ContainerPickScreen
    app = screen.app
    method = networks.connect if verb == "connect" else networks.disconnect

    def picked(cid: str | None) -> None:
        if cid:
            c = app.state.containers.get(cid)
            name = c.name if c else cid[:12]
            run_job(screen, cli.line("network", verb, net.name, name), lambda: method(app.session.actions, net.id, cid))

    title = f"Connect a container to {net.name}" if verb == "connect" else f"Disconnect a container from {net.name}"
    empty = "No container can join this network" if verb == "connect" else "No container is attached"
    app.push_screen(ContainerPickScreen(title, candidates, empty), picked)


def pick_and_connect(screen: Screen, net, candidates: list) -> None:
    _pick_and("connect", screen, net, candidates)


def pick_and_disconnect(screen: Screen, net, attached: list) -> None:
    _pick_and("disconnect", screen, net, attached)


def _api_at_least(version: str, wanted: tuple[int, int]) -> bool:
    try:
        return tuple(int(p) for p in version.split(".")[:2]) >= wanted
    except ValueError:
        return False


def _prune_command(kind: str, options: dict[str, bool], filters: dict | None = None) -> str:
    verb = {"containers": "container", "images": "image", "networks": "network", "volumes": "volume"}[kind]
    flags = ["-f"] + (["-a"] if options.get("all") and kind in ("images", "volumes") else []) + cli.filter_args(filters)
    return cli.line(verb, "prune", *flags)


def _summary(results: tuple[PruneResult, ...] | PruneResult) -> str:
    results = results if isinstance(results, tuple) else (results,)
    return "; ".join(r.summary() for r in results)


def prune_kind(screen: Screen, kind: str, filters: dict | None = None, on_done: Callable[[], None] | None = None) -> None:
    """Preview, confirm, then prune one kind of object."""
    from .prune import PruneScreen
    app = screen.app
    actions = app.session.actions
    options: dict[str, str] = {}
    loaders: dict[str, Callable[[dict], PrunePreview]] = {
        "containers": lambda o: system.containers_prune_preview(actions, filters),
        "images": lambda o: images.prune_preview(actions, all=o.get("all", False), filters=filters),
        "networks": lambda o: networks.prune_preview(actions, filters),
        "volumes": lambda o: volumes.prune_preview(actions, filters=filters, all=o.get("all", False)),
    }
    runners: dict[str, Callable[[dict], PruneResult]] = {
        "containers": lambda o: system.containers_prune(actions, filters),
        "images": lambda o: images.prune(actions, all=o.get("all", False), filters=filters),
        "networks": lambda o: networks.prune(actions, filters),
        "volumes": lambda o: volumes.prune(actions, filters=filters, all=o.get("all", False)),
    }
    if kind == "images":
        options = {"all": "All unused images, not only dangling ones (-a)"}
    if kind == "volumes" and _api_at_least(app.api_version, (1, 42)):
        # Before API 1.42 a prune takes every unused volume; from 1.42 only anonymous ones unless -a.
        options = {"all": "Named volumes too, not only anonymous ones (-a)"}
    titles = {"containers": "Remove all stopped containers?", "images": "Remove unused images?", "networks": "Remove unused networks?", "volumes": "Remove unused volumes?"}

    def confirmed(chosen: dict | None) -> None:
        if chosen is None:
            return
        command = _prune_command(kind, chosen, filters)

        def after(result: PruneResult) -> None:
            app.notify(result.summary(), title="Pruned", markup=False)
            if on_done:
                on_done()

        run_job(screen, command, lambda: runners[kind](chosen), after)

    app.push_screen(PruneScreen(titles[kind], lambda o: (loaders[kind](o),), options), confirmed)


def prune_all(screen: Screen, on_done: Callable[[], None] | None = None) -> None:
    """``docker system prune`` with a preview of each kind."""
    from .prune import PruneScreen
    app = screen.app
    if app.readonly:
        return
    actions = app.session.actions

    def confirmed(chosen: dict | None) -> None:
        if chosen is None:
            return
        flags = ["-f"] + (["-a"] if chosen.get("all") else []) + (["--volumes"] if chosen.get("volumes") else [])

        def after(results) -> None:
            app.notify(_summary(results), title="Pruned", markup=False)
            if on_done:
                on_done()

        run_job(screen, cli.line("system", "prune", *flags), lambda: system.system_prune(actions, all=chosen.get("all", False), include_volumes=chosen.get("volumes", False)), after)

    app.push_screen(
        PruneScreen(
            "Remove everything unused?",
            lambda o: system.system_prune_preview(actions, all=o.get("all", False), include_volumes=o.get("volumes", False)),
            {"all": "All unused images, not only dangling ones (-a)", "volumes": "Also unused volumes (--volumes; anonymous only from API 1.42)"},
        ),
        confirmed,
    )


class ObjectActions:
    """Mixed into the dashboard (needs: active_pane, focused_pane, pane(kind), app)."""

    def check_object_action(self, action: str) -> bool | None:
        """True/None/False as check_action expects; NotImplemented for other actions."""
        kind = self.active_pane
        if action == "disk":
            return kind != "networks"  # D is disconnect there
        if action not in _PANES:
            return NotImplemented
        if action in OBJECT_MUTATING and self.app.readonly:
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
        from .pull_push import TransferScreen, reference_form
        sel = self.focused_pane.selected if self.active_pane == "images" else None
        default = sel.tags[0] if sel is not None and sel.tags else ""

        def chosen(values: dict | None) -> None:
            if values:
                self.app.push_screen(TransferScreen("pull", values["reference"].strip()))

        self.app.push_screen(reference_form("Pull an image", default, verb="Pull"), chosen)

    def action_push(self) -> None:
        from .pull_push import TransferScreen, reference_form
        sel = self.focused_pane.selected
        if sel is None or not sel.tags:
            return
        if len(sel.tags) == 1:
            self.app.push_screen(TransferScreen("push", sel.tags[0]))
            return

        def chosen(values: dict | None) -> None:
            if values:
                self.app.push_screen(TransferScreen("push", values["reference"].strip()))

        self.app.push_screen(reference_form(f"Push which tag? ({', '.join(sel.tags)})", sel.tags[0], verb="Push"), chosen)

    def action_tag(self) -> None:
        from .pull_push import reference_form
        sel = self.focused_pane.selected
        if sel is None:
            return

        def chosen(values: dict | None) -> None:
            if values:
                ref = values["reference"].strip()
                run_job(self, cli.line("tag", sel.name if sel.tags else sel.short_id, ref), lambda: images.tag(self.app.session.actions, sel.id, ref))

        self.app.push_screen(reference_form(f"Tag {sel.name} as", "", verb="Tag"), chosen)

    def action_run_image(self) -> None:
        sel = self.focused_pane.selected
        if sel is None:
            return
        image = sel.tags[0] if sel.tags else sel.id
        self.open_run_form(image)

    def open_run_form(self, image: str) -> None:
        from .run_form import build_spec, run_form
        def chosen(values: dict | None) -> None:
            if not values:
                return
            spec = build_spec(values)
            run_job(self, cli.line("run", *spec.cli_args()), lambda: images.run(self.app.session.actions, spec), self.select_container_when_listed)

        self.app.push_screen(run_form(image, list(self.app.state.networks.values())), chosen)

    def select_container_when_listed(self, cid: str) -> None:
        """Focus the containers pane on ``cid`` now, or as soon as its event arrives."""
        self._select_after = cid
        if not getattr(self, "_select_subscribed", False):
            self._select_subscribed = True
            self.app.state_signal.subscribe(self, lambda state: self._select_pending())
        self._select_pending()

    def _select_pending(self) -> None:
        cid = getattr(self, "_select_after", None)
        if not cid:
            return
        pane = self.pane("containers")
        if cid not in self.app.state.containers:
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
        from .network_forms import network_create_form, volume_create_form
        actions = self.app.session.actions
        if self.active_pane == "networks":

            def made(values: dict | None) -> None:
                if not values:
                    return
                from .network_forms import check_network

                v = check_network(values)
                args = ["network", "create", "--driver", v["driver"]]
                args += ["--subnet", v["subnet"]] if v["subnet"] else []
                args += ["--gateway", v["gateway"]] if v["gateway"] else []
                args += ["--internal"] if v["internal"] else []
                args += ["--attachable"] if v["attachable"] else []
                for k, val in v["labels"].items():
                    args += ["--label", f"{k}={val}"]
                run_job(self, cli.line(*args, v["name"]), lambda: networks.create(actions, **v))

            self.app.push_screen(network_create_form(), made)
        elif self.active_pane == "volumes":

            def made_volume(values: dict | None) -> None:
                if values is None:
                    return
                from .network_forms import check_volume

                v = check_volume(values)
                args = ["volume", "create", "--driver", v["driver"]]
                for k, val in v["labels"].items():
                    args += ["--label", f"{k}={val}"]
                run_job(self, cli.line(*args, *([v["name"]] if v["name"] else [])), lambda: volumes.create(actions, **v))

            self.app.push_screen(volume_create_form(), made_volume)

    def action_connect(self) -> None:
        net = self.focused_pane.selected
        if net is None:
            return
        pick_and_connect(self, net, connect_candidates(self.app.state, net))

    def action_disconnect(self) -> None:
        net = self.focused_pane.selected
        if net is None:
            return
        pick_and_disconnect(self, net, attached_to(self.app.state, net))

    # Prune, disk, projects

    def action_prune(self) -> None:
        prune_kind(self, self.active_pane)

    def action_disk(self) -> None:
        from .disk import DiskScreen

        self.app.push_screen(DiskScreen())

    def action_toggle_projects(self) -> None:
        pane = self.pane("containers")
        pane.set_grouping(None if pane.grouping is not None else ProjectGrouping())
        self.refresh_bindings()

    def project_row(self) -> ProjectRow | None:
        """The selected compose project header in the containers pane, if any."""
        pane = self.pane("containers")
        sel = pane.selected if self.active_pane == "containers" else None
        return sel if isinstance(sel, ProjectRow) else None

    def toggle_project(self) -> bool:
        row = self.project_row()
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
        return cli.compose(row.name, action)

    def open_project_logs(self) -> bool:
        row = self.project_row()
        if row is None:
            return False
        members = self.pane("containers").grouping.members(row)
        if members:
            # app.open_logs merges the logs of the pane's targets, and a selected header
            # stands for all its containers.
            self.app.open_logs(members[0])
        return True
