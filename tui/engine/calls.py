"""Every read and action the UI asks of one daemon, as methods of its Session.

The application layer (tui/control) calls these in its thread workers; no UI code holds
a docker client. Each method goes through ``Actions``: the read-only guard (mutating
calls raise before any request) and error translation (everything raises DockerError).
Blocking: call from worker threads only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..domain import uptime
from ..domain.errors import DockerError
from . import images, networks, system, volumes
from .actions import Actions, ReadOnlyError
from .endpoint import Endpoint

if TYPE_CHECKING:
    from ..domain import transfer as tr
    from ..domain.run_spec import RunSpec


def _introspect():
    """The introspection reads (and the learning views' domain models they build), loaded on
    first use: none of it is on the first screen, and the session is imported at startup."""
    from . import introspect

    return introspect


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

    def container_times(self, ids: Iterable[str]) -> dict[str, uptime.ContainerTimes]:
        """State.StartedAt / FinishedAt / ExitCode and RestartCount of each container (one
        inspect each): uptime exact to the second. Containers gone meanwhile are left out."""
        out = {}
        for cid in ids:
            try:
                out[cid] = uptime.times_from_inspect(self.actions.inspect_container(cid))
            except DockerError:
                continue
        return out

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
        return self._read(_introspect().image_stack, image_id)

    def writable_layer(self, cid: str):
        return self._read(_introspect().writable_layer, cid)

    def union_fs(self, kind: str, ident: str):
        from . import unionfs

        return self._read(unionfs.union_fs, kind, ident)

    def port_paths(self, cid: str):
        from . import netpath

        return self._read(netpath.port_paths, cid)

    def mount_facts(self, cid: str):
        from . import netpath

        return self._read(netpath.mount_facts, cid)

    def isolation(self, cid: str):
        return self._read(_introspect().isolation, cid)

    def healthchecks(self, ids: Iterable[str]):
        return self._read(_introspect().healthchecks, list(ids))

    def container_details(self, ids: Iterable[str]):
        return self._read(_introspect().container_details, list(ids))

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
        # Through call(): a connection lost on the way (the daemon gone, an ssh link dropped)
        # is a DockerError like any other, not an exception the UI thread would die of.
        if what == "exec":
            self.actions.call(lambda client: exec_shell.run_exec(client, cid))
        else:
            self.actions.call(lambda client: exec_shell.run_attach(client, cid))

    def exec_once(self, cid: str, spec):
        """Run ``spec`` (an ExecSpec) without a TTY; its exit code and output (raw bytes)."""
        from .exec_once import run_once

        return self.actions.call(lambda client: run_once(client, cid, spec), mutating=True)

    def exec_interactive(self, cid: str, spec) -> int | None:
        """Run ``spec`` on the real terminal (TTY); blocks until it ends; its exit code."""
        from . import exec_shell

        if self.actions.readonly:
            raise ReadOnlyError("exec")
        return self.actions.call(
            lambda client: exec_shell.run_exec(client, cid, command=list(spec.command), env=list(spec.env), user=spec.user, workdir=spec.workdir or None)
        )

    # A container's files (engine/files.py)

    def list_dir(self, cid: str, path: str):
        from . import files

        return self.actions.call(lambda client: files.list_dir(client, cid, path), mutating=False)

    def read_file(self, cid: str, path: str):
        from . import files

        return self.actions.call(lambda client: files.read_file(client, cid, path), mutating=False)

    def copy_out(self, cid: str, path: str, dest: str):
        """Progress, then CopyDone; a read for the daemon, a write on the local disk."""
        from . import files

        return _local_errors(files.copy_out(self.actions._client(), cid, path, dest))

    def copy_in(self, cid: str, local: str, dest_dir: str):
        from . import files

        if self.actions.readonly:
            raise ReadOnlyError("copy into a container")
        return _local_errors(files.copy_in(self.actions._client(), cid, local, dest_dir))

    # The user's own commands ([[commands]] in config.toml)

    def run_local(self, line: str, *, terminal: bool = False):
        """(exit code, output) in the background; the exit code on the terminal."""
        from . import local_cmd

        return local_cmd.run_terminal(self.endpoint, line) if terminal else local_cmd.run_background(self.endpoint, line)

    # Compose projects

    def compose_command(self, target, action: str, *, volumes: bool = False) -> list[str]:
        from . import compose_cli

        return compose_cli.command(target, action, volumes=volumes)

    def compose_run(self, target, args: list[str], *, mutating: bool = True):
        """The compose CLI's output lines, cleaned; DockerError when it fails."""
        from . import compose_cli

        if mutating and self.actions.readonly:
            raise ReadOnlyError("compose")
        return compose_cli.run(self.endpoint, target, args)

    def project_action(self, action: str, containers) -> list[tuple[str, str]]:
        """start/stop/restart every container of a project; (name, error) per failure."""
        from .compose import project_action

        return project_action(self.actions, action, containers)

    # Learning views (issue 18): the daemon's own answers about its architecture

    def architecture(self, cid: str = ""):
        """ArchFacts: live-restore, registries/mirrors/insecure ranges, drivers vs plugins, components,
        and (local daemon) the shim/conmon -> PID 1 chain of container ``cid``."""
        return self._read(_introspect().architecture, cid)

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
        return self._read(_introspect().chains)

    # Docker Swarm through a manager (engine/swarm.py)

    def swarm_watch(self, host: str = ""):
        """A started SwarmWatch on this daemon: its role, and for a manager a snapshot per
        poke (events) plus follow-ups while in flux; emits SwarmChanged through the session."""
        from .swarm import SwarmWatch

        return SwarmWatch(lambda: self.client, self._relay, self.stop, host=host, log=lambda s: self._log(s)).start()

    def swarm_role(self):
        from . import swarm

        return swarm.role(self.actions)

    def swarm_snapshot(self, host: str = ""):
        from . import swarm

        return swarm.snapshot(self.actions, host)

    def swarm_inspect(self, kind: str, ident: str) -> dict[str, Any]:
        from . import swarm

        return {"services": swarm.inspect_service, "tasks": swarm.inspect_task, "nodes": swarm.inspect_node}[kind](self.actions, ident)

    def scale_service(self, ident: str, replicas: int) -> None:
        from . import swarm

        swarm.scale(self.actions, ident, replicas)

    def restart_service(self, ident: str) -> None:
        """A forced rolling update (ForceUpdate + 1): every task replaced."""
        from . import swarm

        swarm.force_update(self.actions, ident)

    def rollback_service(self, ident: str) -> None:
        from . import swarm

        swarm.rollback(self.actions, ident)

    def remove_service(self, ident: str) -> None:
        from . import swarm

        swarm.remove_service(self.actions, ident)

    def node_availability(self, node_id: str, availability: str) -> None:
        from . import swarm

        swarm.set_availability(self.actions, node_id, availability)

    def stack_parts(self, stack: str):
        from . import swarm

        return swarm.stack_parts(self.actions, stack)

    def remove_stack(self, stack: str):
        from . import swarm

        return swarm.remove_stack(self.actions, stack, self.stop)

    def follow_service_logs(self, service_id: str, emit: Callable[[object], None], label=None, **options):
        """A started ServiceLogPump (every task on every node, through the manager); the caller closes it."""
        from .swarm_logs import ServiceLogPump

        pump = ServiceLogPump(lambda: self.client, service_id, emit, label=label or (lambda t, n: t[:12]), **options)
        pump.start()
        return pump


def _local_errors(items: Iterator):
    """Local disk errors (no space, permission) as DockerError, like the daemon's."""
    from ..domain.errors import DockerError, ErrorKind

    try:
        yield from items
    except DockerError:
        raise
    except OSError as exc:
        raise DockerError(ErrorKind.PERMISSION if isinstance(exc, PermissionError) else ErrorKind.CONFIG, f"{exc.filename or ''}: {exc.strerror or exc}") from None
    except Exception as exc:
        from .errors import translate

        raise translate(exc) from None
