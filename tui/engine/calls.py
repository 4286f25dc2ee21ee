"""Every read and action the UI asks of one daemon, as methods of its Session.

The application layer (tui/control) calls these in its thread workers; no UI code holds
a docker client. Each method goes through ``Actions``: the read-only guard (mutating
calls raise before any request) and error translation (everything raises DockerError).
Blocking: call from worker threads only.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

from ..domain import transfer as tr
from ..domain.run_spec import RunSpec
from . import images, introspect, networks, system, volumes
from .actions import Actions, ReadOnlyError
from .endpoint import Endpoint


class SessionCalls:
    """Mixed into Session (needs ``actions``, ``endpoint`` and ``client``)."""

    actions: Actions
    endpoint: Endpoint

    @property
    def client(self):  # pragma: no cover - Session overrides
        raise NotImplementedError

    def _read(self, func: Callable[..., Any], *args, **kwargs):
        """``func(client, endpoint, ...)`` for the introspection reads, translated."""
        return self.actions.call(lambda client, *a, **kw: func(client, self.endpoint, *a, **kw), *args, mutating=False, **kwargs)

    # Container lifecycle and object removal (the dashboard's keys)

    def container_action(self, action: str, cid: str, **options) -> None:
        method = {
            "start": self.actions.start, "stop": self.actions.stop, "restart": self.actions.restart,
            "pause": self.actions.pause, "unpause": self.actions.unpause, "kill": self.actions.kill,
            "remove": self.actions.remove_container,
        }[action]
        method(cid, **options)

    def remove(self, kind: str, ident: str, **options) -> None:
        {
            "containers": self.actions.remove_container, "images": self.actions.remove_image,
            "networks": self.actions.remove_network, "volumes": self.actions.remove_volume,
        }[kind](ident, **options)

    def inspect(self, kind: str, ident: str) -> dict[str, Any]:
        return {
            "containers": self.actions.inspect_container, "images": self.actions.inspect_image,
            "networks": self.actions.inspect_network, "volumes": self.actions.inspect_volume,
        }[kind](ident)

    def top(self, cid: str) -> dict[str, Any]:
        return self.actions.top(cid)

    # Images

    def image_history(self, image_id: str) -> list[dict]:
        return images.history(self.actions, image_id)

    def tag_image(self, image_id: str, reference: str) -> None:
        images.tag(self.actions, image_id, reference)

    def run_image(self, spec: RunSpec) -> str:
        return images.run(self.actions, spec)

    def transfer(self, verb: str, reference: str) -> Iterator[tr.Fact]:
        """Pull or push ``reference``: progress facts, then TransferFinished."""
        return images.pull(self.actions, reference) if verb == "pull" else images.push(self.actions, reference)

    # Networks and volumes

    def create_network(self, **values) -> str:
        return networks.create(self.actions, **values)

    def connect(self, network_id: str, cid: str) -> None:
        networks.connect(self.actions, network_id, cid)

    def disconnect(self, network_id: str, cid: str) -> None:
        networks.disconnect(self.actions, network_id, cid)

    def create_volume(self, **values) -> str:
        return volumes.create(self.actions, **values)

    def disk_usage(self):
        return volumes.disk_usage(self.actions)

    # Prune

    def prune_preview(self, kind: str, *, all: bool = False, filters: dict | None = None):
        if kind == "containers":
            return system.containers_prune_preview(self.actions, filters)
        if kind == "images":
            return images.prune_preview(self.actions, all=all, filters=filters)
        if kind == "networks":
            return networks.prune_preview(self.actions, filters)
        return volumes.prune_preview(self.actions, filters=filters, all=all)

    def prune(self, kind: str, *, all: bool = False, filters: dict | None = None):
        if kind == "containers":
            return system.containers_prune(self.actions, filters)
        if kind == "images":
            return images.prune(self.actions, all=all, filters=filters)
        if kind == "networks":
            return networks.prune(self.actions, filters)
        return volumes.prune(self.actions, filters=filters, all=all)

    def system_prune_preview(self, *, all: bool = False, include_volumes: bool = False):
        return system.system_prune_preview(self.actions, all=all, include_volumes=include_volumes)

    def system_prune(self, *, all: bool = False, include_volumes: bool = False):
        return system.system_prune(self.actions, all=all, include_volumes=include_volumes)

    def cache_prune_preview(self, all: bool = False):
        return system.cache_prune_preview(self.actions, all=all)

    def cache_prune(self, all: bool = False):
        return system.cache_prune(self.actions, all=all)

    # Learning views: what the daemon and /proc say about live objects

    def image_stack(self, image_id: str):
        return self._read(introspect.image_stack, image_id)

    def writable_layer(self, cid: str):
        return self._read(introspect.writable_layer, cid)

    def isolation(self, cid: str):
        return self._read(introspect.isolation, cid)

    def container_details(self, ids: Iterable[str]):
        return self._read(introspect.container_details, list(ids))

    # Logs and interactive sessions

    def follow_logs(self, cid: str, emit: Callable[[object], None], **options):
        """A started LogPump for ``cid``; the caller closes it. ``emit`` is called from its threads."""
        from .logs import LogPump

        pump = LogPump(lambda: self.client, cid, emit, **options)
        pump.start()
        return pump

    def interactive(self, what: str, cid: str) -> None:
        """A shell (``exec``) or ``attach`` on the real terminal; blocks until it ends."""
        from . import exec_shell

        if self.actions.readonly:
            raise ReadOnlyError("shells and attach")
        client = self.actions._client()
        if what == "exec":
            exec_shell.run_exec(client, cid)
        else:
            exec_shell.run_attach(client, cid)

    # Compose projects

    def project_action(self, action: str, containers) -> list[tuple[str, str]]:
        """start/stop/restart every container of a project; (name, error) per failure."""
        from .compose import project_action

        return project_action(self.actions, action, containers)

    # Learning views (issue 18): the daemon's own answers about its architecture

    def architecture(self, cid: str = ""):
        """ArchFacts: live-restore, registries/mirrors/insecure ranges, drivers vs plugins, components,
        and (local daemon) the shim/conmon -> PID 1 chain of container ``cid``."""
        return self._read(introspect.architecture, cid)

    def lesson_do(self, ops, image: str) -> None:
        """The teacher key: one lesson step's operations (only lsn-* objects). Mutating: refused read-only."""
        from . import lessons

        self.actions.call(lambda client: lessons.do(client, ops, image))

    def lesson_cleanup(self) -> int:
        """Remove every lsn-* container, image, network and volume; nothing else."""
        from . import lessons

        return self.actions.call(lessons.cleanup)

    def image_chains(self):
        """Every local image's RootFS.Layers and name (the map's "Images built on it")."""
        return self._read(introspect.chains)

