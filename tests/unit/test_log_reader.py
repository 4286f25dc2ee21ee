"""The child log reader (tui/engine/log_reader.py) on synthetic bodies: the same lines as
the in-thread splitter, the newest ``keep`` lines kept and the rest counted, nothing sent
without an ack, the end of a chunked body noticed, and a broken body never hangs it."""

from __future__ import annotations

import threading
import time

from tui.engine.chunked import Dechunker
from tui.engine.log_reader import ChildReader, StreamLines


def _frame(stream: int, payload: bytes) -> bytes:
    return bytes([stream, 0, 0, 0]) + len(payload).to_bytes(4, "big") + payload


def _chunked(messages: list[bytes]) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(m), m) for m in messages) + b"0\r\n\r\n"


def _body(n: int) -> list[bytes]:
    out = []
    for i in range(n):
        ts = b"2026-12-01T03:00:00.%09dZ " % i
        out.append(_frame(2 if i % 7 == 0 else 1, ts + b"line %d \x1b]0;t\x07\n" % i))
    return out


class Sink:
    def __init__(self) -> None:
        self.batches: list[tuple[list, int]] = []
        self.lock = threading.Lock()
        self.reader: ChildReader | None = None
        self.auto_ack = True

    def __call__(self, lines, dropped) -> None:
        with self.lock:
            self.batches.append((lines, dropped))
        if self.auto_ack and self.reader is not None:
            self.reader.credit()

    @property
    def lines(self):
        with self.lock:
            return [ln for lines, _ in self.batches for ln in lines]

    @property
    def dropped(self) -> int:
        with self.lock:
            return sum(d for _, d in self.batches)


def _wait(pred, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


def _run(body: bytes, *, keep: int = 10_000, chunked: bool = True, tty: bool = False, block: int = 777, sink: Sink | None = None):
    sink = sink or Sink()
    reader = ChildReader(tty=tty, chunked=chunked, max_line=16384, keep=keep, last_ts=None, interval=0.01, on_batch=sink)
    sink.reader = reader
    reader.start()
    reader.credit()
    stop = threading.Event()
    blocks = [body[i : i + block] for i in range(0, len(body), block)]
    reader.forward(iter(blocks), stop)
    reader.wait(stop)
    reader.close()
    return reader, sink


def test_same_lines_as_the_in_thread_splitter():
    messages = _body(300)
    reader, sink = _run(_chunked(messages))
    expected = StreamLines(False, 16384)
    want = []
    decoder = Dechunker()
    want += expected.feed(decoder.feed(_chunked(messages)))
    want += expected.flush()
    assert [(ln.text, ln.stream, ln.ts) for ln in sink.lines] == [(ln.text, ln.stream, ln.ts) for ln in want]
    assert len(sink.lines) == 300 and sink.dropped == 0
    assert reader.ended.is_set()  # the zero-size chunk was seen and reported


def test_keeps_the_newest_lines_and_counts_the_rest_while_unacked():
    sink = Sink()
    sink.auto_ack = False  # the UI is busy: only the first batch is granted
    messages = _body(5000)
    reader = ChildReader(tty=False, chunked=True, max_line=16384, keep=100, last_ts=None, interval=0.01, on_batch=sink)
    sink.reader = reader
    reader.start()
    reader.credit()
    stop = threading.Event()
    reader.forward(iter([_chunked(messages)]), stop)
    _wait(lambda: len(sink.batches) >= 1)
    time.sleep(0.5)
    assert len(sink.batches) == 1  # nothing more without an ack
    sink.auto_ack = True
    reader.credit()
    _wait(lambda: sum(len(b[0]) for b in sink.batches) + sink.dropped == 5000)
    reader.wait(stop)
    reader.close()
    assert all(len(lines) <= 100 for lines, _ in sink.batches)
    assert sink.lines[-1].text.startswith("line 4999")


def test_tty_stream_and_plain_body():
    body = b"".join(b"2026-12-01T03:00:00.%09dZ tty %d\r\n" % (i, i) for i in range(50))
    _reader, sink = _run(body, chunked=False, tty=True, block=5)
    assert [ln.text for ln in sink.lines] == [f"tty {i}" for i in range(50)]


def test_a_broken_body_ends_the_child_without_hanging():
    body = b"zz-not-hex\r\n" + b"x" * 5000
    started = time.monotonic()
    reader, sink = _run(body)
    assert time.monotonic() - started < 20
    assert reader.ended.is_set()
