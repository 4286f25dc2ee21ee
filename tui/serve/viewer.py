"""One browser viewer: a child ``dockyard --readonly`` under Textual's web driver.

The web driver's protocol (textual/drivers/web_driver.py): the child prints
``__GANGLION__`` once, then writes packets ``type (1 byte) + length (4 bytes, big
endian) + payload``: ``D`` terminal output, ``M`` JSON meta (``exit``, ``open_url``,
``deliver_file_start``), ``P`` packed binary (file download chunks). It reads the same
framing on stdin: ``D`` keys and mouse as terminal input, ``M`` resize, focus, blur, quit.

Only terminal output and ``exit`` reach the browser. File delivery and open_url are
dropped: a served Dockyard hands no file and no link to a viewer. The browser's own
input always goes in a ``D`` packet, so a viewer cannot forge a meta packet.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
from typing import Awaitable, Callable, Sequence

from ..domain.sanitize import clean

log = logging.getLogger("dockyard.serve")

PRELUDE = b"__GANGLION__\n"
QUIT_GRACE = 5.0  # seconds a child has to quit on its own before SIGTERM, then SIGKILL
MAX_PACKET = 16 * 1024 * 1024


def packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A browser-sent size, bounded: a hostile viewer must not make its child draw 10^6 cells."""

    def bound(value: object, low: int, high: int, default: int) -> int:
        try:
            number = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default
        return max(low, min(high, number))

    return bound(width, 20, 400, 80), bound(height, 6, 200, 24)


class Viewer:
    """Start with ``start()``, feed it with ``keys``/``resize``/``focus``, end with ``stop()``."""

    def __init__(
        self,
        argv: Sequence[str],
        env: dict[str, str],
        *,
        send: Callable[[bytes], Awaitable[None]],
        ended: Callable[[], Awaitable[None]],
    ) -> None:
        self.argv = list(argv)
        self.env = env
        self._send = send
        self._ended = ended
        self.process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._stderr_task: asyncio.Task[None] | None = None
        self._stderr = bytearray()
        self.bytes_out = 0
        self.started = False  # the child printed its prelude: it is a running Textual app

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self.env,
            start_new_session=True,  # Ctrl+C in the server's terminal is the server's to handle
        )
        self._stderr_task = asyncio.create_task(self._read_stderr())
        self._reader = asyncio.create_task(self._read_stdout())

    # Browser -> child

    async def _write(self, data: bytes) -> None:
        process = self.process
        if process is None or process.stdin is None or process.stdin.is_closing():
            return
        try:
            process.stdin.write(data)
            await process.stdin.drain()
        except (ConnectionError, RuntimeError):
            pass

    async def keys(self, text: str) -> None:
        await self._write(packet(b"D", text.encode("utf-8", "replace")))

    async def meta(self, **data: object) -> None:
        await self._write(packet(b"M", json.dumps(data).encode()))

    async def resize(self, width: object, height: object) -> None:
        w, h = clamp_size(width, height)
        await self.meta(type="resize", width=w, height=h)

    # Child -> browser

    async def _read_stderr(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        while chunk := await self.process.stderr.read(4096):
            self._stderr += chunk
            del self._stderr[:-8192]  # keep the tail, for the log when a child fails

    async def _read_stdout(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        stdout = self.process.stdout
        try:
            for _ in range(20):  # the prelude comes first; anything before it is not ours
                line = await stdout.readline()
                if not line or line == PRELUDE:
                    break
            else:
                line = b""
            if line != PRELUDE:
                await self._wait_exit()
                log.error("a viewer's Dockyard did not start: %s", self.stderr_tail() or "no output")
                return
            self.started = True
            while True:
                head = await stdout.readexactly(5)
                kind, size = head[:1], int.from_bytes(head[1:], "big")
                if size > MAX_PACKET:
                    log.error("a viewer's Dockyard sent a %d-byte packet; ending it", size)
                    return
                payload = await stdout.readexactly(size)
                if kind == b"D":
                    self.bytes_out += len(payload)
                    await self._send(payload)
                elif kind == b"M":
                    if _meta_type(payload) == "exit":
                        return
                # b"P" (file chunks) and other meta: dropped, see the module docstring
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        except asyncio.CancelledError:
            raise
        except Exception:  # a closed websocket mid-send: the viewer left
            log.debug("viewer output ended", exc_info=True)
        finally:
            await self._ended()

    def stderr_tail(self) -> str:
        return clean(bytes(self._stderr).decode("utf-8", "replace")).strip()[-2000:]  # it reaches the server's terminal

    # Ending

    async def _wait_exit(self, timeout: float | None = None) -> bool:
        assert self.process is not None
        try:
            await asyncio.wait_for(self.process.wait(), timeout)
            return True
        except asyncio.TimeoutError:
            return False

    async def stop(self) -> None:
        """Ask the child to quit; SIGTERM, then SIGKILL its process group if it does not."""
        process = self.process
        if process is None:
            return
        if process.returncode is None:
            await self.meta(type="quit")
            if process.stdin is not None:
                process.stdin.close()
            if not await self._wait_exit(QUIT_GRACE):
                self._signal(signal.SIGTERM)
                if not await self._wait_exit(QUIT_GRACE):
                    self._signal(signal.SIGKILL)
                    await self._wait_exit(QUIT_GRACE)
        for task in (self._reader, self._stderr_task):
            if task is not None and not task.done():
                task.cancel()
                try:
                    await task
                except (asyncio.CancelledError, Exception):
                    pass

    def _signal(self, sig: int) -> None:
        assert self.process is not None
        try:
            os.killpg(self.process.pid, sig)  # its own session: the group is the child and its helpers
        except ProcessLookupError:
            pass


def _meta_type(payload: bytes) -> str:
    try:
        data = json.loads(payload)
    except ValueError:
        return ""
    return data.get("type", "") if isinstance(data, dict) else ""
