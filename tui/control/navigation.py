"""Every ``open_*``: which screen shows which object, and the learning-view router.

Navigation sits above the screens (it imports them, lazily, so the first paint does not
wait for views nobody opened); no screen imports it: screens call ``app.control.nav``.
"""

from __future__ import annotations

from typing import Any

# learning view -> kinds it applies to (None: needs no object)
LEARN_VIEWS: dict[str, tuple[str, ...] | None] = {
    "arch": None,
    "events": None,
    "map": ("containers", "images", "networks", "volumes", "services", "swarm"),
    "layers": ("containers", "images"),
    "isolation": ("containers",),
    "lifecycle": ("containers",),
    "concept": None,
}


def learn_applies(view: str, kind: str | None, obj: Any) -> bool:
    kinds = LEARN_VIEWS.get(view)
    if kinds is None:
        return view in LEARN_VIEWS
    return obj is not None and kind in kinds


class Navigation:
    def __init__(self, app, control) -> None:
        self._app = app
        self._control = control
        self._connect_screen = None

    # Objects

    def open_detail(self, kind: str, obj: Any) -> None:
        app = self._app
        if kind == "containers":
            from ..screens.detail import ContainerDetailScreen

            app.push_screen(ContainerDetailScreen([obj]))
            return
        from ..screens.objects.image_detail import ImageDetailScreen
        from ..screens.objects.network_detail import NetworkDetailScreen
        from ..screens.objects.volume_detail import VolumeDetailScreen

        screen = {"images": ImageDetailScreen, "networks": NetworkDetailScreen, "volumes": VolumeDetailScreen}.get(kind)
        if screen is not None:
            app.push_screen(screen(obj))
        else:
            self.open_inspect(kind, obj)

    def open_swarm(self, pane: str = "services") -> None:
        """The Swarm panes (services, tasks, nodes) of the manager in scope."""
        from ..screens.swarm import SwarmScreen

        if isinstance(self._app.screen, SwarmScreen):  # the palette over the Swarm panes: focus, don't stack another
            self._app.screen.action_focus_pane(pane)
            return
        self._app.push_screen(SwarmScreen(pane))

    def open_inspect(self, kind: str, obj: Any) -> None:
        name = getattr(obj, "name", "") or obj.id

        def show(doc: dict) -> None:
            from ..screens.objects.inspect import InspectScreen

            self._app.push_screen(InspectScreen(f"{kind[:-1].title()} {name}", doc))

        self._control.ops.read(lambda s: s.inspect(kind, obj.id), done=show, owner=self._app, title=f"Inspect {name}", group="inspect")

    def open_logs(self, targets: list[Any]) -> None:
        """Logs of one container, or of several merged."""
        from ..screens.detail import ContainerDetailScreen

        if targets:
            self._app.push_screen(ContainerDetailScreen(list(targets), tab="logs"))

    def open_exec(self, container: Any) -> None:
        """A shell inside the container, on the real terminal, while the UI is suspended."""
        self._control.ops.interactive("exec", container, "shell")

    def open_attach(self, container: Any) -> None:
        self._control.ops.interactive("attach", container, "attach (detach: ctrl+p ctrl+q)")

    def open_action_log(self) -> None:
        from ..screens.dialogs.action_log import ActionLogScreen

        self._app.push_screen(ActionLogScreen(self._control.store.action_log))

    def open_hosts(self) -> None:
        from ..screens.hosts import HostsScreen

        self._app.push_screen(HostsScreen())

    def open_disk(self) -> None:
        from ..screens.objects.disk import DiskScreen

        self._app.push_screen(DiskScreen())

    def open_help(self, title: str, rows) -> None:
        from ..screens.dialogs.help import HelpScreen

        self._app.push_screen(HelpScreen(title, rows))

    # Learning views

    def open_learn(self, view: str, kind: str | None = None, obj: Any = None, concept: str | None = None, **facts: Any) -> None:
        """facts: what a view already read (stack=, isolation=), so a concept card need not read it again."""
        if not learn_applies(view, kind, obj):
            return
        app = self._app
        if view == "arch":
            from ..screens.learn.architecture import ArchitectureScreen

            app.push_screen(ArchitectureScreen())
        elif view == "events":
            from ..screens.learn.events_timeline import EventsScreen

            app.push_screen(EventsScreen())
        elif view == "map":
            from ..screens.learn.relations import RelationsScreen

            app.push_screen(RelationsScreen(kind, obj))
        elif view == "layers":
            from ..screens.learn.layers import LayersScreen

            app.push_screen(LayersScreen(kind, obj))
        elif view == "isolation":
            from ..screens.learn.isolation import IsolationScreen

            app.push_screen(IsolationScreen(obj))
        elif view == "lifecycle":
            from ..screens.learn.lifecycle import LifecycleScreen

            app.push_screen(LifecycleScreen(obj))
        elif view == "concept":
            from ..screens.learn.concept import ConceptScreen, concept_for

            app.push_screen(ConceptScreen(concept or concept_for(kind), kind, obj, **facts))

    # The full-screen "cannot connect" message

    def connection_lost(self, describe: str, reason: str) -> None:
        from ..screens.dialogs.connect import ConnectScreen

        if self._connect_screen is None:
            self._connect_screen = ConnectScreen(describe)
            self._app.push_screen(self._connect_screen)
        self._connect_screen.failed(reason)

    def connected(self) -> None:
        """The daemon answered: leave the full-screen message for the dashboard."""
        screen, self._connect_screen = self._connect_screen, None
        app = self._app
        if screen is not None and screen in app.screen_stack:
            # Whatever was opened on top of it (help, palette) goes with it.
            while screen in app.screen_stack and len(app.screen_stack) > 1:
                app.pop_screen()
