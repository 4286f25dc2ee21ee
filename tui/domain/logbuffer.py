"""A bounded log buffer with search and filter-with-context. Pure: no IO, no Textual.

Lines are addressed by a sequence number that never changes (the first line ever
appended is 0), so a view can keep pointing at "line 1234" while older lines are
dropped from the front. ``plain`` text (sequences removed, controls made visible)
is computed once per line on demand, for search, filter and save.
"""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator

from . import ansi
from .loglines import LogLine

__all__ = ["ArrivalRate", "Entry", "LogBuffer", "LogBatch", "LogStatus", "LogHistoryDone", "GAP", "compile_query", "export", "merge_history", "ts_key"]

DEFAULT_MAX = 10_000
GAP = -1  # a row in a filtered view that stands for skipped lines


class ArrivalRate:
    """Lines per second over the last ``window`` seconds of batches (the log view's paint
    pacing and counter, the preview's choice between drawing at once and once a second)."""

    __slots__ = ("window", "_arrivals", "_first")

    def __init__(self, window: float) -> None:
        self.window = window
        self._arrivals: deque[tuple[float, int]] = deque()  # (time, lines) of recent batches
        self._first: float | None = None  # when the first batch came

    def add(self, count: int) -> None:
        now = time.monotonic()
        if self._first is None:
            self._first = now
        self._arrivals.append((now, count))

    def clear(self) -> None:
        self._arrivals.clear()
        self._first = None

    @property
    def settled(self) -> bool:
        """A whole window has passed since the first batch: the rate no longer counts what
        came at once when a log opened (its 1,000 lines of history read as "500 lines/s")."""
        return self._first is not None and time.monotonic() - self._first >= self.window

    @property
    def per_second(self) -> float:
        arrivals = self._arrivals
        now = time.monotonic()
        while arrivals and arrivals[0][0] < now - self.window:
            arrivals.popleft()
        return sum(n for _, n in arrivals) / self.window

    @property
    def arriving_per_second(self) -> float:
        """``per_second`` without the batches of the first window: the rate a user is told.
        A log's history can come in several batches (a loaded machine, a slow link: 276
        lines, then 530 a moment later), and a batch of it still inside the window once the
        rate had settled read as "266 lines/s" on a quiet log."""
        per_second = self.per_second  # (drops what left the window)
        if self._first is None:
            return 0.0
        history_until = self._first + self.window
        if not self._arrivals or self._arrivals[0][0] >= history_until:
            return per_second
        return sum(n for t, n in self._arrivals if t >= history_until) / self.window


@dataclass(frozen=True, slots=True)
class LogBatch:
    """Lines a log pump read since its last batch; ``dropped`` lines were lost on
    the way because the UI was behind."""

    source: int
    lines: tuple[LogLine, ...]
    dropped: int = 0


@dataclass(frozen=True, slots=True)
class LogStatus:
    """Where a log pump stands: following, stopped (waiting for a start), gone, error."""

    source: int
    state: str
    message: str = ""


@dataclass(frozen=True, slots=True)
class LogHistoryDone:
    """A pump asked to read history first has posted all of it; live lines follow."""

    source: int


def ts_key(ts: str | None) -> tuple[str, int]:
    """A sort key for Docker's RFC 3339 timestamps, which trim trailing zeros from the
    nanoseconds ("…:09.1Z" is before "…:09.12Z", though it sorts after it as text)."""
    if not ts:
        return ("", 0)
    head, _, rest = ts.partition(".")
    digits = "".join(ch for ch in rest if ch.isdigit()) if rest else ""
    return (head.rstrip("Z"), int((digits + "000000000")[:9]) if digits else 0)


def merge_history(per_source: dict[int, list[LogLine]]) -> list[tuple[int, list[LogLine]]]:
    """A k-way merge of each source's history by timestamp: runs of (source, lines) in time
    order (each source's own order kept; lines without a timestamp stay with their source's
    previous line)."""
    import heapq

    def keyed(source: int, lines: list[LogLine]):
        last = ("", 0)
        for i, line in enumerate(lines):
            if line.ts:
                last = ts_key(line.ts)
            yield (last, source, i, line)

    runs: list[tuple[int, list[LogLine]]] = []
    for _key, source, _i, line in heapq.merge(*(keyed(s, ls) for s, ls in sorted(per_source.items()))):
        if runs and runs[-1][0] == source:
            runs[-1][1].append(line)
        else:
            runs.append((source, [line]))
    return runs


class Entry:
    """One buffered line, where it came from (index into the buffer's sources) and
    its plain text (computed on first use and kept by the buffer)."""

    __slots__ = ("line", "source", "_buffer", "_index")

    def __init__(self, line: LogLine, source: int, buffer: "LogBuffer", index: int) -> None:
        self.line = line
        self.source = source
        self._buffer = buffer
        self._index = index  # position in the buffer's lists when this view was made

    @property
    def plain(self) -> str:
        return self._buffer._plain_at(self._index)


def compile_query(query: str) -> re.Pattern[str] | None:
    """Case-insensitive literal match; smart case: any capital makes it case-sensitive."""
    if not query:
        return None
    flags = 0 if any(ch.isupper() for ch in query) else re.IGNORECASE
    return re.compile(re.escape(query), flags)


class LogBuffer:
    """Keeps the newest ``maxlen`` lines and counts the ones it dropped."""

    def __init__(self, maxlen: int = DEFAULT_MAX) -> None:
        if maxlen <= 0:
            raise ValueError("maxlen must be positive")
        self.maxlen = maxlen
        # Parallel lists, extended at C speed: a flood appends thousands of lines
        # per batch and creates no object per line.
        self._lines: list[LogLine] = []
        self._sources: list[int] = []
        self._plains: list[str | None] = []
        self._head = 0  # index of the oldest kept line
        self.first_seq = 0  # sequence number of the oldest kept line
        self.dropped = 0

    def __len__(self) -> int:
        return len(self._lines) - self._head

    @property
    def end_seq(self) -> int:
        """Sequence number the next appended line will get."""
        return self.first_seq + len(self)

    def append(self, lines: Iterable[LogLine], source: int = 0) -> int:
        """Add lines; return how many old lines were dropped to make room."""
        before = len(self._lines)
        self._lines.extend(lines)
        added = len(self._lines) - before
        self._sources.extend([source] * added)
        self._plains.extend([None] * added)
        over = len(self._lines) - self._head - self.maxlen
        if over <= 0:
            return 0
        self._head += over
        self.first_seq += over
        self.dropped += over
        if self._head >= self.maxlen:  # compact now and then, not on every append
            for items in (self._lines, self._sources, self._plains):
                del items[: self._head]
            self._head = 0
        return over

    def clear(self) -> None:
        self.first_seq = self.end_seq
        for items in (self._lines, self._sources, self._plains):
            items.clear()
        self._head = 0

    def _plain_at(self, index: int) -> str:
        plain = self._plains[index]
        if plain is None:
            plain = self._plains[index] = ansi.plain(self._lines[index].text)
        return plain

    def get(self, seq: int) -> Entry | None:
        i = seq - self.first_seq
        if 0 <= i < len(self):
            i += self._head
            return Entry(self._lines[i], self._sources[i], self, i)
        return None

    def __iter__(self) -> Iterator[Entry]:
        lines, sources = self._lines, self._sources
        for i in range(self._head, len(lines)):
            yield Entry(lines[i], sources[i], self, i)

    def seqs(self) -> range:
        return range(self.first_seq, self.end_seq)

    def longest(self, start: int) -> int:
        """Length of the longest raw line from ``start`` on (cheap: no decoding)."""
        i = self._head + max(0, start - self.first_seq)
        return max((len(line.text) for line in self._lines[i:]), default=0)

    # Search

    def matches(self, pattern: re.Pattern[str] | None, start: int | None = None) -> list[int]:
        """Sequence numbers of lines whose plain text matches, oldest first."""
        if pattern is None:
            return []
        first = self.first_seq if start is None else max(start, self.first_seq)
        search, plain_at = pattern.search, self._plain_at
        base = self._head - self.first_seq
        return [seq for seq in range(first, self.end_seq) if search(plain_at(base + seq))]

    def next_match(self, pattern: re.Pattern[str] | None, seq: int, *, backwards: bool = False) -> int | None:
        """The first matching line after (or before) ``seq``, wrapping around."""
        hits = self.matches(pattern)
        if not hits:
            return None
        if backwards:
            before = [h for h in hits if h < seq]
            return before[-1] if before else hits[-1]
        after = [h for h in hits if h > seq]
        return after[0] if after else hits[0]

    def filtered(self, pattern: re.Pattern[str] | None, context: int = 0) -> list[int]:
        """Rows of a filtered view: matching lines with ``context`` lines around each,
        and ``GAP`` where lines were skipped between two groups."""
        if pattern is None:
            return list(self.seqs())
        hits = self.matches(pattern)
        return with_context(hits, context, self.first_seq, self.end_seq)


def export(buffer: LogBuffer, *, names: list[str] | None = None, timestamps: bool = True, secrets: Iterable[str] = ()) -> str:
    """The buffer as plain text for a file: no escape sequences, known secret values
    masked, one line per entry (with the stream and container name when merged)."""
    from .secrets import redact_text

    secrets = list(secrets)
    out = []
    if buffer.dropped:
        out.append(f"# {buffer.dropped} earlier lines were dropped from the buffer")
    for entry in buffer:
        line = entry.line
        parts = []
        if timestamps and line.ts:
            parts.append(line.ts)
        if names and len(names) > 1:
            parts.append(f"[{names[entry.source]}]")
        if line.stream == "stderr":
            parts.append("stderr:")
        parts.append(entry.plain)
        if line.truncated_bytes:
            parts.append(f"… {kib_more(line.truncated_bytes)} more")
        out.append(redact_text(" ".join(parts), secrets))
    return "\n".join(out) + ("\n" if out else "")


def kib_more(n: int) -> str:
    """'3 KiB' for the size of what was cut from a long line (at least 1 KiB shown)."""
    return f"{max(1, round(n / 1024)):,} KiB"


def with_context(hits: list[int], context: int, first: int, end: int) -> list[int]:
    """Expand sorted hit numbers by ``context`` on both sides, merging overlaps."""
    rows: list[int] = []
    last = None  # last sequence number emitted
    for hit in hits:
        lo = max(first, hit - context)
        hi = min(end - 1, hit + context)
        if last is not None and lo <= last:
            lo = last + 1
        elif last is not None and lo > last + 1:
            rows.append(GAP)
        elif last is None and lo > first:
            rows.append(GAP)
        rows.extend(range(lo, hi + 1))
        last = hi if last is None else max(last, hi)
    if rows and last is not None and last < end - 1:
        rows.append(GAP)
    return rows
