"""A followed log read in a separate process, so a flood never holds the UI's GIL.

Splitting a flood into lines is Python work for every daemon message (~100,000 a second
from ``yes``): HTTP chunks, stdout/stderr frames, timestamps, UTF-8. Done on a thread of
the UI's process it holds the GIL whenever the UI wants it, and on a busy machine the
reader is often preempted while holding it, so a key press waits for the reader to be
scheduled again. Here the pump's thread only moves bytes: it reads the socket in large
blocks (the GIL is released while it waits) and writes them to a child process, which
splits, keeps only the newest ``keep`` lines (counting the others as dropped) and hands
back one finished batch each time the UI has applied the previous one.

The child runs this module (``python -P -m tui.engine.log_reader``); it imports the
standard library and ``tui.domain.loglines`` only: no docker, no Textual.

Wire format: the child reads one JSON line (its settings), then the response body raw
(chunked as the daemon sent it, or already de-chunked) until end of file. It writes
batches to stdout: a 4-byte big-endian length and a pickle of
``(dropped, [(text, stream, ts, truncated_bytes), ...])``; an empty batch with
``dropped == -1`` says the daemon ended the response. The parent grants each batch by
writing one byte to the ``credit`` pipe (the UI's ack).
"""

from __future__ import annotations

import json
import os
import pickle
import struct
import subprocess
import sys
import threading
import time
from dataclasses import replace
from typing import Callable, Iterable

from ..domain.loglines import FrameSplitter, LineAssembler, LogLine

HEADER = struct.Struct(">I")
END = -1  # ``dropped`` of the batch that says the response ended
NICE = 5  # the reader yields the CPU to the UI on a busy machine
FLOOD_LINES = 500
FLOOD_INTERVAL = 0.33  # the view paints at most ~3 times a second under a flood (log_view.FLOOD_DELAY)


class StreamLines:
    """A log response body (multiplexed frames, or a TTY's bare stream) in, lines out."""

    def __init__(self, tty: bool, max_line: int) -> None:
        self._max = max_line
        self._tty = tty
        self._assembler = LineAssembler(timestamps=True, framed=False, max_line=max_line) if tty else None
        self._assemblers = {
            name: LineAssembler(stream=name, timestamps=True, max_line=max_line) for name in ("stdout", "stderr", "system")
        }
        self._splitter = None if tty else FrameSplitter()

    def feed(self, chunk: bytes) -> list[LogLine]:
        splitter = self._splitter
        if splitter is not None:
            try:
                frames = splitter.feed(chunk)
            except ValueError:  # not multiplexed after all: treat as a TTY stream
                self._splitter = None
                self._assembler = LineAssembler(timestamps=True, framed=False, max_line=self._max)
                return tty_lines(self._assembler.feed(chunk))
            out: list[LogLine] = []
            assemblers = self._assemblers
            for stream, payload in frames:
                out.extend(assemblers[stream].feed(payload))
            return out
        return tty_lines(self._assembler.feed(chunk))

    def flush(self) -> list[LogLine]:
        if self._splitter is None:
            return tty_lines(self._assembler.flush())
        tail: list[LogLine] = []
        for a in self._assemblers.values():
            tail.extend(a.flush())
        return tail


def tty_lines(lines: list[LogLine]) -> list[LogLine]:
    """A TTY turns every newline into CRLF (onlcr), and programs print CRLF on top:
    trailing carriage returns carry nothing worth showing."""
    if not lines:
        return lines
    return [replace(ln, text=ln.text.rstrip("\r")) if ln.text.endswith("\r") else ln for ln in lines]


def after(lines: list[LogLine], last_ts: str | None) -> list[LogLine]:
    """After a resume, the lines not shown yet."""
    if last_ts is None:
        return lines
    return [ln for ln in lines if ln.ts is None or ln.ts > last_ts]


# The parent side (the pump's thread)


def enabled() -> bool:
    """``DOCKYARD_LOG_READER=thread`` keeps reading on a thread of this process."""
    return os.environ.get("DOCKYARD_LOG_READER", "process") != "thread"


class ChildReader:
    """One followed response read by a child process; ``run`` blocks until it ends."""

    def __init__(self, *, tty: bool, chunked: bool, max_line: int, keep: int, last_ts: str | None,
                 interval: float, on_batch: Callable[[list[LogLine], int], None]) -> None:
        self._settings = {"tty": tty, "chunked": chunked, "max_line": max_line, "keep": keep,
                          "last_ts": last_ts, "interval": interval}
        self._on_batch = on_batch
        self._proc: subprocess.Popen | None = None
        self._credit_w: int | None = None
        self._lock = threading.Lock()
        self.ended = threading.Event()  # the child saw the end of the response
        self._receiver: threading.Thread | None = None

    def start(self) -> None:
        """Start the child (raises OSError if it cannot be started)."""
        credit_r, credit_w = os.pipe()
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-P", "-m", "tui.engine.log_reader", str(credit_r)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                pass_fds=(credit_r,), close_fds=True, start_new_session=True, bufsize=0,
            )
        except BaseException:
            os.close(credit_w)
            raise
        finally:
            os.close(credit_r)
        self._credit_w = credit_w
        self._proc.stdin.write(json.dumps(self._settings).encode() + b"\n")
        self._receiver = threading.Thread(target=self._receive, name="dockyard-logs-recv", daemon=True)
        self._receiver.start()

    def credit(self) -> None:
        """The UI applied a batch: the child may send the next one."""
        with self._lock:
            fd = self._credit_w
            if fd is None:
                return
            try:
                os.write(fd, b".")
            except OSError:
                pass

    def forward(self, blocks: Iterable[bytes], stop: threading.Event) -> None:
        """Write the response body to the child until it ends, the child ends it, or ``stop``."""
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        try:
            for data in blocks:
                if stop.is_set() or self.ended.is_set():
                    break
                proc.stdin.write(data)
        except (BrokenPipeError, OSError, ValueError):
            pass
        finally:
            try:
                proc.stdin.close()  # end of file: the child flushes its last lines and exits
            except OSError:
                pass

    def wait(self, stop: threading.Event) -> None:
        """Until the child has handed over its last batch (or ``stop``)."""
        receiver = self._receiver
        while receiver is not None and receiver.is_alive() and not stop.is_set():
            receiver.join(0.2)

    def close(self) -> None:
        with self._lock:
            fd, self._credit_w = self._credit_w, None
        if fd is not None:
            os.close(fd)
        proc = self._proc
        if proc is not None and proc.poll() is None:
            try:
                proc.kill()
            except OSError:
                pass
        if proc is not None:
            threading.Thread(target=proc.wait, daemon=True).start()  # reap without blocking a quit

    def _receive(self) -> None:
        out = self._proc.stdout
        try:
            while True:
                head = _read_exact(out, HEADER.size)
                if head is None:
                    return
                body = _read_exact(out, HEADER.unpack(head)[0])
                if body is None:
                    return
                dropped, rows = pickle.loads(body)
                if dropped == END:
                    self.ended.set()  # the forwarder may be blocked in a read: the pump shuts the socket
                    continue
                self._on_batch([LogLine(*row) for row in rows], dropped)
        except Exception:
            return
        finally:
            try:
                out.close()
            except OSError:
                pass


def _read_exact(f, n: int) -> bytes | None:
    parts = []
    while n:
        data = f.read(n)
        if not data:
            return None
        parts.append(data)
        n -= len(data)
    return b"".join(parts)


# The child


class _Child:
    def __init__(self, settings: dict, credit_fd: int) -> None:
        self.lines = StreamLines(bool(settings["tty"]), int(settings["max_line"]))
        self.keep = max(1, int(settings["keep"]))
        self.last_ts: str | None = settings.get("last_ts")
        self.interval = float(settings.get("interval") or 0.075)
        self.chunked = bool(settings.get("chunked"))
        self.credit_fd = credit_fd
        self.lock = threading.Lock()
        self.pending: list[LogLine] = []
        self.dropped = 0
        self.arrived = threading.Event()
        self.done = False
        self.ended = False  # the daemon's zero-size chunk was seen

    def queue(self, lines: list[LogLine]) -> None:
        lines = after(lines, self.last_ts)
        if not lines:
            return
        with self.lock:
            self.pending.extend(lines)
            over = len(self.pending) - self.keep
            if over > 0:
                del self.pending[:over]
                self.dropped += over
        self.arrived.set()

    def read(self, stdin) -> None:
        from .chunked import Dechunker

        dechunker = Dechunker() if self.chunked else None
        try:
            while True:
                data = stdin.read1(65536)
                if not data:
                    break
                if dechunker is not None:
                    data = dechunker.feed(data)
                    if dechunker.done:
                        self.ended = True
                if data:
                    self.queue(self.lines.feed(data))
                if self.ended:
                    break
            self.queue(self.lines.flush())
        except Exception:  # a body that is not what it should be: hand over what was read and stop
            self.ended = True  # the parent stops forwarding; the pump reads again from the last line
        finally:
            with self.lock:
                self.done = True
            self.arrived.set()

    def send(self, out, dropped: int, rows: list) -> bool:
        body = pickle.dumps((dropped, rows), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            out.write(HEADER.pack(len(body)) + body)
            out.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def tick(self, out) -> None:
        wait = self.interval
        last = 0.0
        announced = False
        while True:
            self.arrived.wait()
            if self.ended and not announced:  # let the parent stop reading the socket now
                announced = True
                if not self.send(out, END, []):
                    return
            pause = last + wait - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            with self.lock:
                self.arrived.clear()
                lines, self.pending = self.pending, []
                dropped, self.dropped = self.dropped, 0
                done = self.done
            if lines or dropped:
                if not os.read(self.credit_fd, 1):  # the UI's ack; end of file: the parent is gone
                    return
                rows = [(ln.text, ln.stream, ln.ts, ln.truncated_bytes) for ln in lines]
                if not self.send(out, dropped, rows):
                    return
                last = time.monotonic()
                wait = max(self.interval, FLOOD_INTERVAL) if len(lines) >= FLOOD_LINES else self.interval
            if done:
                with self.lock:
                    if not self.pending and not self.dropped:
                        return


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        os.nice(NICE)
    except OSError:
        pass
    stdin = sys.stdin.buffer
    settings = json.loads(stdin.readline() or b"{}")
    child = _Child(settings, int(argv[0]))
    threading.Thread(target=child.read, args=(stdin,), daemon=True).start()
    child.tick(sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
