"""``docker service logs -f`` through a Swarm manager (engine/swarm.py has the rest of Swarm).

Apart from swarm.py because a log pump brings docker-py with it: the Swarm watch starts on
a daemon's first listing, on the UI thread, and must not load docker-py there (issue 20).
"""

from __future__ import annotations

from typing import Callable

from ..domain.logbuffer import ts_key
from ..domain.loglines import LogLine
from .errors import translate
from .logs import LogPump


class ServiceLogPump(LogPump):
    """``docker service logs -f``: every task's lines (the manager collects them from every
    node), history interleaved by timestamp, then followed; each batch sorted by time.
    ``label(task_id, node_id)`` names the task in front of its lines (web.2@node2)."""

    def __init__(self, get_client, service_id: str, emit, *, label: Callable[[str, str], str] = lambda t, n: t[:12], tail: int = 200, **kw) -> None:
        super().__init__(get_client, service_id, emit, tail=tail, **kw)
        self._label = label
        self._collect: list[LogLine] | None = None

    def _read_loop(self) -> None:
        client = self._get_client()
        if client is None:
            self._status("error", "not connected")
            return
        try:
            self._collect = []
            self._read_once(client, False, False, True)
            history, self._collect = sorted(self._collect, key=lambda ln: ts_key(ln.ts)), None
            self._queue(history)
            self._history_done()
            if self.stop.is_set() or not self._follow:
                return
            self._status("following")
            self._read_once(client, False, True, False)
            if not self.stop.is_set():
                self._status("gone", "the service's log stream ended")
        except Exception as exc:
            if not self.stop.is_set():
                self._status("error", translate(exc).message)

    def _read_once(self, client, tty: bool, follow: bool, first: bool) -> None:
        params: dict[str, object] = {"stdout": 1, "stderr": 1, "timestamps": 1, "details": 1, "follow": int(follow)}
        if self._last_ts is not None:
            from .logs import since_param

            params["since"] = since_param(self._last_ts)
            params["tail"] = "all"
        else:
            params["tail"] = str(self._tail) if first else "0"
        res = client._get(client._url("/services/{0}/logs", self.cid), params=params, stream=True)
        self._response = res
        try:
            client._raise_for_status(res)
            try:
                client._disable_socket_timeout(client._get_raw_response_socket(res))
            except Exception:
                pass
            if not self.stop.is_set():
                self._pump(res, tty)
        finally:
            self._response = None
            try:
                res.close()
            except Exception:
                pass

    def _labelled(self, ln: LogLine) -> LogLine:
        """``com.docker.swarm.node.id=N,…,com.docker.swarm.task.id=T text`` -> ``web.2@node2 | text``."""
        head, sep, rest = ln.text.partition(" ")
        if not sep or "com.docker.swarm" not in head:
            return ln
        fields = dict(kv.split("=", 1) for kv in head.split(",") if "=" in kv)
        name = self._label(fields.get("com.docker.swarm.task.id", ""), fields.get("com.docker.swarm.node.id", ""))
        return LogLine(f"{name} | {rest}", ln.stream, ln.ts, ln.truncated_bytes)

    def _queue(self, lines: list[LogLine]) -> None:
        lines = [self._labelled(ln) for ln in lines]
        if self._collect is not None:
            self._collect.extend(lines)
            return
        for ln in lines:  # lines of two nodes interleave: keep the newest time for since=
            if ln.ts and (self._last_ts is None or ts_key(ln.ts) > ts_key(self._last_ts)):
                self._last_ts = ln.ts
        self._enqueue(lines)

    def _flush(self, quiet_only: bool = False) -> int:
        with self._lock:  # what arrived in one interval, in time order across nodes
            self._pending.sort(key=lambda ln: ts_key(ln.ts))
        return super()._flush(quiet_only)
