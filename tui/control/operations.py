"""The one road from the UI to the daemon.

Every mutation and every one-off read a screen wants goes through ``Operations``: it runs
the call in a thread worker, refuses mutations in read-only mode before any thread starts
(the engine refuses them again), shows "… / ✓ / ✕" in the status line, records the docker
CLI equivalent in the action log, sets and clears pending labels, and turns failures into
one notification (``markup=False``: daemon text is never parsed as markup).

Calls are ``call(session)``: the caller names a Session method and never holds a client.
Results come back on the UI thread, and only while the screen that asked is still there.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Callable, Iterable, TypeVar

from rich.text import Text
from textual.dom import DOMNode

from ..domain import capabilities, docker_cli
from ..domain.errors import DockerError
from ..screens.mounted import gone
from ..from_thread import call_from_thread

if TYPE_CHECKING:
    from ..engine.session import Session
    from .store import Store

T = TypeVar("T")
BULK_WORKERS = 4
PENDING_GRACE = 1.5  # a label the daemon did not confirm by event is cleared after this
READ_ONLY = "Read-only mode: actions that change the daemon are disabled"


def _alive(owner: DOMNode | None) -> bool:
    if owner is None:
        return True
    return not gone(owner)


class Operations:
    def __init__(self, app, store: "Store", session: Callable[[], "Session"]) -> None:
        self._app = app
        self._store = store
        self._session = session
        self.started = 0  # calls started through here (tests count roads to the daemon)

    @property
    def readonly(self) -> bool:
        return bool(self._app.control.readonly)

    # Mutations

    def run(
        self,
        command: str,
        call: Callable[["Session"], T],
        *,
        done: Callable[[T], None] | None = None,
        owner: DOMNode | None = None,
        mutating: bool = True,
    ) -> bool:
        """Run one daemon action; ``command`` is its docker CLI equivalent. False if refused."""
        if mutating and self.refuse():
            return False
        command = self.named(command)
        self._status(Text(f"… {command}", style="italic"))

        def work() -> None:
            try:
                result = call(self._session())
            except DockerError as exc:
                self._from_thread(self._finished, command, None, exc.message, done, owner)
                return
            self._from_thread(self._finished, command, result, "", done, owner)

        self._start(work, "actions")
        return True

    def objects(
        self,
        kind: str,
        action: str,
        targets: list[Any],
        *,
        command: str | None = None,
        options: dict | None = None,
        call: Callable[["Session", str], None] | None = None,
    ) -> bool:
        """One action on several objects, side by side as the docker CLI does (ten slow
        stops take one timeout); containers show a pending label until the event comes."""
        options = dict(options or {})
        if not targets or self.refuse():
            return False
        names = [getattr(t, "name", "") or t.id for t in targets]
        ids = [t.id for t in targets]
        control = self._app.control
        sessions = [control.session_for(t) for t in targets]  # each object's own host
        command = self.named(command) if command else self._per_host(kind, action, targets, options)
        if call is None:
            if kind == "containers" and action != "remove":
                call = lambda s, ident: s.container_action(action, ident, **options)  # noqa: E731
            else:
                call = lambda s, ident: s.remove(kind, ident, **options)  # noqa: E731
        keys = [control.pending_key(t) for t in targets]  # (host, id) in a fleet: twins apart
        self._store.set_pending(kind, action, keys)
        self._status(Text(f"… {command}", style="italic"))

        def work() -> None:
            def one(session, ident: str, name: str, key: str) -> tuple[str, str, str] | None:
                try:
                    call(session, ident)
                except DockerError as exc:
                    return (key, name, exc.message)
                return None

            with ThreadPoolExecutor(max_workers=min(BULK_WORKERS, len(ids)) or 1) as pool:
                failures = [f for f in pool.map(one, sessions, ids, names, keys) if f]
            self._from_thread(self._objects_done, command, keys, failures)

        self._start(work, "actions")
        return True

    def _per_host(self, kind: str, action: str, targets: list[Any], options: dict) -> str:
        """The docker CLI line(s): one per host, each naming its daemon (``; `` between)."""
        control = self._app.control
        groups: dict[tuple[str, ...], list[str]] = {}
        for t in targets:
            groups.setdefault(control.daemon_args_for(t), []).append(getattr(t, "name", "") or t.id)
        return " ; ".join(docker_cli.on_daemon(docker_cli.command(kind[:-1], action, names, **options), args) for args, names in groups.items())

    def named(self, command: str) -> str:
        """``docker stop web`` -> ``docker --context prod stop web``: the log names the daemon."""
        args = self._app.control.daemon_args()
        return docker_cli.on_daemon(command, args)

    def refuse(self) -> bool:
        """Read-only: say so and refuse (the engine would refuse too)."""
        if self.readonly:
            self._app.notify(READ_ONLY, severity="warning", markup=False)
            return True
        return False

    @staticmethod
    def allowed(action: str, readonly: bool) -> bool:
        return not (readonly and capabilities.is_mutating(action))

    # Reads

    def read(
        self,
        call: Callable[["Session"], T],
        *,
        done: Callable[[T], None],
        owner: DOMNode,
        failed: Callable[[str], None] | None = None,
        title: str = "",
        group: str = "read",
    ) -> None:
        """A one-off read in a thread worker of ``owner``: ``done(result)`` on the UI thread,
        or ``failed(message)`` (default: a warning notification titled ``title``)."""

        def work() -> None:
            try:
                result = call(self._session())
            except DockerError as exc:
                self._from_thread(self._read_failed, exc.message, failed, title, owner)
                return
            self._from_thread(self._deliver, done, result, owner)

        self._start(work, group, owner=owner, exclusive=True)

    def stream(
        self,
        command: str,
        call: Callable[["Session"], Iterable[T]],
        *,
        each: Callable[[T], None],
        done: Callable[[str], None],
        owner: DOMNode,
        mutating: bool = True,
    ) -> bool:
        """Long work that reports progress (pull, push): ``each(item)`` per item, then
        ``done(error)`` ("" on success); recorded in the action log as ``command``."""
        if mutating and self.refuse():
            return False
        command = self.named(command)

        def work() -> None:
            error = ""
            try:
                for item in call(self._session()):
                    self._from_thread(self._deliver, each, item, owner)
            except DockerError as exc:
                error = exc.message
            self._from_thread(self._streamed, command, error, done, owner)

        self._start(work, "transfer", owner=owner)
        return True

    def follow_logs(self, cid: str, emit: Callable[[object], None], *, host: str = "", **options):
        """A started log pump for ``cid`` (its own threads post to ``emit``); close it when done.
        ``host``: the fleet host the container lives on ("" with one host)."""
        self.started += 1
        fleet = self._app.control.fleet
        session = fleet.session_for(host) if fleet is not None and host else self._session()
        return session.follow_logs(cid, emit, **options)

    def interactive(self, what: str, container: Any, label: str) -> None:
        """A shell or attach on the real terminal while the UI is suspended (UI thread)."""
        import os

        from textual.app import SuspendNotSupported

        from ..domain.sanitize import clean_name

        if self.readonly:
            self._app.notify("Read-only mode: shells and attach are disabled", severity="warning", markup=False)
            return
        if not getattr(container, "is_running", False):
            self._app.notify("The container is not running", severity="warning", markup=False)
            return
        error = ""
        try:
            with self._app.suspend():
                os.write(1, b"\x1b[H\x1b[2J\x1b[3J")  # a clean screen, not the dashboard's last frame
                os.write(1, f"[dockyard] {label} in {clean_name(container.name)} — exit to return\r\n".encode())
                try:
                    self._session().interactive(what, container.id)
                except DockerError as exc:
                    error = exc.message
        except SuspendNotSupported:
            error = "this terminal cannot be handed over (no suspend support)"
        self._app.refresh(layout=True)
        command = docker_cli.line("exec" if what == "exec" else "attach", *(["-it"] if what == "exec" else []), clean_name(container.name))
        self._store.record(self.named(command), f"failed: {error}" if error else "ok")
        if error:
            self._app.notify(error, title=label.split(" ")[0].title(), severity="error", markup=False)

    # Plumbing

    def _start(self, work: Callable[[], None], group: str, *, owner: DOMNode | None = None, exclusive: bool = False) -> None:
        self.started += 1
        node = owner if owner is not None else self._app
        node.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def _from_thread(self, callback: Callable[..., None], *args) -> None:
        call_from_thread(self._app, callback, *args)  # does nothing once the app has gone

    def _deliver(self, callback: Callable[[Any], None], value: Any, owner: DOMNode | None) -> None:
        if _alive(owner):
            callback(value)

    def _read_failed(self, message: str, failed: Callable[[str], None] | None, title: str, owner: DOMNode | None) -> None:
        if not _alive(owner):
            return
        if failed is not None:
            failed(message)
        else:
            self._app.notify(message, title=title or "Read failed", severity="warning", markup=False)

    def _finished(self, command: str, result: Any, error: str, done: Callable | None, owner: DOMNode | None) -> None:
        self._store.record(command, f"failed: {error}" if error else "ok")
        if error:
            self._app.notify(error, title="Action failed", severity="error", markup=False, timeout=8)
            self._status(Text(f"✕ {command} — {error}", style="red"))
            return
        self._status(Text(f"✓ {command}"))
        if done is not None and _alive(owner):
            done(result)

    def _streamed(self, command: str, error: str, done: Callable[[str], None], owner: DOMNode | None) -> None:
        self._store.record(command, f"failed: {error}" if error else "ok")
        self._status(Text(f"✕ {command} — {error}", style="red") if error else Text(f"✓ {command}"))
        if _alive(owner):
            done(error)

    def _objects_done(self, command: str, ids: list[str], failures: list[tuple[str, str, str]]) -> None:
        self._store.drop_pending({f[0] for f in failures})
        if failures:
            reason = "; ".join(f"{name}: {msg}" for _, name, msg in failures)
            self._store.record(command, f"failed: {reason}")
            self._app.notify(reason, title="Action failed", severity="error", markup=False, timeout=8)
            self._status(Text(f"✕ {command} — {reason}", style="red"))
        else:
            self._store.record(command, "ok")
            self._status(Text(f"✓ {command}"))
        # Anything the daemon did not confirm through an event by then is cleared.
        self._app.set_timer(PENDING_GRACE, lambda: self._store.drop_pending(ids))

    def _status(self, text: Text) -> None:
        self._store.status(text)
