"""Dialog-then-job flows, written once: a form or confirmation, then one operation.

Pull, push, tag, run an image, create a network or volume, connect and disconnect a
container, prune one kind, prune everything. Each is echoed in the action log as its
docker CLI equivalent and refused in read-only mode (and again by the engine).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from ..domain import api_features, docker_cli
from ..domain.queries import attached_to, connect_candidates

if TYPE_CHECKING:  # loaded on first use, not on the start-up path (issue 20)
    from ..domain.prune import PruneResult

PRUNE_TITLES = {
    "containers": "Remove all stopped containers?",
    "images": "Remove unused images?",
    "networks": "Remove unused networks?",
    "volumes": "Remove unused volumes?",
}


def prune_command(kind: str, options: dict[str, bool], filters: dict | None = None) -> str:
    verb = {"containers": "container", "images": "image", "networks": "network", "volumes": "volume"}[kind]
    flags = ["-f"] + (["-a"] if options.get("all") and kind in ("images", "volumes") else []) + docker_cli.filter_args(filters)
    return docker_cli.line(verb, "prune", *flags)


def _summary(results: tuple[PruneResult, ...] | PruneResult) -> str:
    results = results if isinstance(results, tuple) else (results,)
    return "; ".join(r.summary() for r in results)


class Flows:
    def __init__(self, app, control) -> None:
        self._app = app
        self._control = control

    @property
    def _ops(self):
        return self._control.ops

    def _allowed(self) -> bool:
        return not self._ops.refuse()

    # Images

    def pull(self, default: str = "") -> None:
        from ..screens.objects.pull_push import reference_form

        if not self._allowed():
            return

        def chosen(values: dict | None) -> None:
            if values:
                self.transfer("pull", values["reference"].strip())

        from ..i18n import app_lang, tr

        lang = app_lang(self._app)
        self._app.push_screen(reference_form(tr("pull.form_title", lang), default, verb=tr("pull.verb", lang), lang=lang), chosen)

    def push(self, tags: tuple[str, ...] | list[str]) -> None:
        from ..screens.objects.pull_push import reference_form

        if not tags or not self._allowed():
            return
        if len(tags) == 1:
            self.transfer("push", tags[0])
            return

        def chosen(values: dict | None) -> None:
            if values:
                self.transfer("push", values["reference"].strip())

        self._app.push_screen(reference_form(f"Push which tag? ({', '.join(tags)})", tags[0], verb="Push"), chosen)

    def transfer(self, verb: str, reference: str) -> None:
        """The progress screen of a pull or push; the screen asks ops.stream to run it."""
        from ..screens.objects.pull_push import TransferScreen

        if self._allowed():
            self._app.push_screen(TransferScreen(verb, reference))

    def tag(self, image) -> None:
        from ..screens.objects.pull_push import reference_form

        if not self._allowed():
            return

        def chosen(values: dict | None) -> None:
            if values:
                ref = values["reference"].strip()
                self._ops.run(docker_cli.line("tag", image.name if image.tags else image.short_id, ref), lambda s: s.tag_image(image.id, ref))

        self._app.push_screen(reference_form(f"Tag {image.name} as", "", verb="Tag"), chosen)

    def run_image(self, image_ref: str) -> None:
        """The run form, then ``docker run``; the new container is selected when listed."""
        from ..screens.dialogs.run_form import build_spec, run_form

        if not self._allowed():
            return

        def chosen(values: dict | None) -> None:
            if not values:
                return
            spec = build_spec(values)
            self._ops.run(
                docker_cli.line("run", *spec.cli_args(masked=True)),
                lambda s: s.run_image(spec),
                done=lambda cid: self._control.store.select("containers", cid),
            )

        self._app.push_screen(run_form(image_ref, list(self._control.store.state.networks.values())), chosen)

    # Networks and volumes

    def create_network(self) -> None:
        from ..screens.dialogs.network_forms import check_network, network_create_form

        if not self._allowed():
            return

        def made(values: dict | None) -> None:
            if not values:
                return
            v = check_network(values)
            args = ["network", "create", "--driver", v["driver"]]
            args += ["--subnet", v["subnet"]] if v["subnet"] else []
            args += ["--gateway", v["gateway"]] if v["gateway"] else []
            args += ["--internal"] if v["internal"] else []
            args += ["--attachable"] if v["attachable"] else []
            for k, val in v["labels"].items():
                args += ["--label", f"{k}={val}"]
            self._ops.run(docker_cli.line(*args, v["name"]), lambda s: s.create_network(**v))

        self._app.push_screen(network_create_form(), made)

    def create_volume(self) -> None:
        from ..screens.dialogs.network_forms import check_volume, volume_create_form

        if not self._allowed():
            return

        def made(values: dict | None) -> None:
            if values is None:
                return
            v = check_volume(values)
            args = ["volume", "create", "--driver", v["driver"]]
            for k, val in v["labels"].items():
                args += ["--label", f"{k}={val}"]
            self._ops.run(docker_cli.line(*args, *([v["name"]] if v["name"] else [])), lambda s: s.create_volume(**v))

        self._app.push_screen(volume_create_form(), made)

    def connect(self, network) -> None:
        self._pick_and("connect", network, connect_candidates(self._control.store.state, network))

    def disconnect(self, network) -> None:
        self._pick_and("disconnect", network, attached_to(self._control.store.state, network))

    def _pick_and(self, verb: str, net, candidates: list) -> None:
        """Pick a container, then ``docker network connect|disconnect NET CONTAINER``."""
        from ..screens.dialogs.network_forms import ContainerPickScreen

        if not self._allowed():
            return

        def picked(cid: str | None) -> None:
            if not cid:
                return
            c = self._control.store.state.containers.get(cid)
            name = c.name if c else cid[:12]
            call: Callable[[Any], None] = (lambda s: s.connect(net.id, cid)) if verb == "connect" else (lambda s: s.disconnect(net.id, cid))
            self._ops.run(docker_cli.line("network", verb, net.name, name), call)

        title = f"Connect a container to {net.name}" if verb == "connect" else f"Disconnect a container from {net.name}"
        empty = "No container can join this network" if verb == "connect" else "No container is attached"
        self._app.push_screen(ContainerPickScreen(title, candidates, empty), picked)

    # Prune

    def prune_kind(self, kind: str, filters: dict | None = None, on_done: Callable[[], None] | None = None) -> None:
        """Preview, confirm, then prune one kind of object."""
        from ..screens.dialogs.prune import PruneScreen

        if not self._allowed():
            return
        options: dict[str, str] = {}
        if kind == "images":
            options = {"all": "All unused images, not only dangling ones (-a)"}
        if kind == "volumes" and api_features.available(self._control.api_version, "volume_prune_all"):
            # Before API 1.42 a prune takes every unused volume; from 1.42 only anonymous ones unless -a.
            options = {"all": "Named volumes too, not only anonymous ones (-a)"}

        def preview(session, chosen: dict) -> tuple:
            return (session.prune_preview(kind, all=chosen.get("all", False), filters=filters),)

        def confirmed(chosen: dict | None) -> None:
            if chosen is None:
                return

            def after(result: PruneResult) -> None:
                self._app.notify(result.summary(), title="Pruned", markup=False)
                if on_done:
                    on_done()

            self._ops.run(prune_command(kind, chosen, filters), lambda s: s.prune(kind, all=chosen.get("all", False), filters=filters), done=after)

        self._app.push_screen(PruneScreen(PRUNE_TITLES[kind], preview, options), confirmed)

    def prune_all(self, on_done: Callable[[], None] | None = None) -> None:
        """``docker system prune`` with a preview of each kind."""
        from ..screens.dialogs.prune import PruneScreen

        if not self._allowed():
            return

        def preview(session, chosen: dict) -> tuple:
            return session.system_prune_preview(all=chosen.get("all", False), include_volumes=chosen.get("volumes", False))

        def confirmed(chosen: dict | None) -> None:
            if chosen is None:
                return
            flags = ["-f"] + (["-a"] if chosen.get("all") else []) + (["--volumes"] if chosen.get("volumes") else [])

            def after(results) -> None:
                self._app.notify(_summary(results), title="Pruned", markup=False)
                if on_done:
                    on_done()

            self._ops.run(
                docker_cli.line("system", "prune", *flags),
                lambda s: s.system_prune(all=chosen.get("all", False), include_volumes=chosen.get("volumes", False)),
                done=after,
            )

        options = {"all": "All unused images, not only dangling ones (-a)", "volumes": "Also unused volumes (--volumes; anonymous only from API 1.42)"}
        self._app.push_screen(PruneScreen("Remove everything unused?", preview, options), confirmed)
