"""Turn Docker log chunks into log lines.

A chunk is not a line. A TTY container's stream comes from docker-py one byte
at a time; a line may end in ``\\r\\n``; a UTF-8 character may be split across
chunks; and with ``timestamps=True`` the json-file and local drivers hand back
a long line as 16 KiB fragments, each carrying its own timestamp::

    2026-11-28T10:00:00.000000001Z <16 KiB>2026-11-28T10:00:00.000000002Z <rest>\\n

``LineAssembler`` rebuilds logical lines (one timestamp each) with bounded
memory; ``FrameSplitter`` parses the multiplexed stdout/stderr stream of a
non-TTY container. Text is decoded but *not* sanitised: callers pass it
through ``tui.domain.sanitize`` or ``tui.domain.ansi``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LogLine", "LineAssembler", "FrameSplitter"]

# Docker writes RFC3339NanoFixed (9 fraction digits) plus one space; accept any
# RFC 3339 form so other engines (podman) work too.
_TS = re.compile(
    rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) "
)
_TS_MAX = len(b"2026-11-28T10:00:00.123456789+00:00 ")
_TS_HEAD = b"0000-00-00T00:00:00"  # '0' = any digit
_TS_TAIL = re.compile(rb"[0-9.Z+:-]*")


def _could_be_timestamp(buf: bytes | bytearray) -> bool:
    """True while ``buf`` may still grow into a timestamp and its space."""
    if len(buf) >= _TS_MAX:
        return False
    for have, want in zip(buf, _TS_HEAD):
        if want == 0x30:
            if not 0x30 <= have <= 0x39:
                return False
        elif have != want:
            return False
    if len(buf) <= len(_TS_HEAD):
        return True
    return _TS_TAIL.fullmatch(buf, len(_TS_HEAD)) is not None


@dataclass(frozen=True, slots=True)
class LogLine:
    """One logical log line, decoded, not sanitised."""

    text: str
    stream: str  # "stdout" | "stderr"
    ts: str | None
    truncated_bytes: int = 0  # bytes dropped past max_line


class LineAssembler:
    """Split a byte stream into ``LogLine`` objects.

    Works at byte level and decodes each line once when it is complete, so a
    character split across chunks (or across a Docker fragment, whose
    timestamp lands between its bytes) decodes intact; invalid UTF-8 becomes
    U+FFFD.

    ``timestamps``: each line's leading timestamp goes to ``LogLine.ts``.
    Docker repeats a timestamp at every 16 KiB fragment of a long line; those
    are stripped so a logical line keeps one. Where fragments are found:

    * ``framed=True`` (default; FrameSplitter payloads, docker-py demuxed
      frames): every chunk is one daemon message, so a chunk that starts
      mid-line with a timestamp is a continuation fragment.
    * ``framed=False`` (raw TTY streams): chunk boundaries mean nothing (they
      can be single bytes, and stripping at each would eat timestamps printed
      by the application), so a fragment timestamp is looked for only after
      every ``fragment_size`` content bytes, where the daemon's log copier
      splits.

    Lines longer than ``max_line`` bytes keep their first ``max_line`` bytes
    (cut on a character boundary) and count the rest in ``truncated_bytes``;
    the rest is counted, never stored.
    """

    def __init__(
        self,
        *,
        stream: str = "stdout",
        timestamps: bool = False,
        max_line: int = 16 * 1024,
        framed: bool = True,
        fragment_size: int = 16 * 1024,
    ) -> None:
        if max_line < 0 or fragment_size <= 0:
            raise ValueError("max_line must be >= 0 and fragment_size > 0")
        self.stream = stream
        self._timestamps = timestamps
        self._max = max_line
        self._framed = framed
        self._fragment = fragment_size
        self._line = bytearray()  # kept bytes of the current line
        self._probe: bytearray | None = None  # bytes that may be a timestamp
        self._probe_fragment = False  # probe is a fragment's (drop) not a line's (keep)
        self._reset_line()

    def _reset_line(self) -> None:
        self._line.clear()
        self._dropped = 0
        self._full = False
        self._cr = False  # last content byte was \r
        self._ts: str | None = None
        self._started = False  # a timestamp or content was seen on this line
        self._since_ts = 0  # content bytes since the last timestamp

    @property
    def pending_bytes(self) -> int:
        """Bytes held for the incomplete line (bounded by max_line + ~40)."""
        return len(self._line) + (len(self._probe) if self._probe is not None else 0)

    def feed(self, chunk: bytes | bytearray | memoryview) -> list[LogLine]:
        """Consume ``chunk``; return the lines it completed."""
        if isinstance(chunk, memoryview):
            chunk = chunk.tobytes()
        n = len(chunk)
        if self._framed and self._timestamps and not self._started and self._probe is None:
            quick = self._whole_line(chunk, n)
            if quick is not None:
                return [quick]
        view = memoryview(chunk)  # slices without copying a huge chunk
        out: list[LogLine] = []
        if (
            n
            and self._timestamps
            and self._framed
            and self._ts is not None
            and self._probe is None
        ):
            self._start_probe(fragment=True)
        i = 0
        while i < n:
            if self._probe is not None:
                i = self._resolve_probe(view, i)
                continue
            if self._timestamps and not self._started:
                self._start_probe(fragment=False)
                continue
            limit = n
            if self._timestamps and not self._framed and self._ts is not None:
                room = self._fragment - self._since_ts
                if room <= 0:  # a full fragment: its successor's timestamp may follow
                    self._start_probe(fragment=True)
                    continue
                limit = min(n, i + room)
            j = chunk.find(b"\n", i, limit)
            if j == i:
                out.append(self._finish(newline=True))
                i += 1
                continue
            end = j if j >= 0 else limit
            self._content(view[i:end])
            i = end
        return out

    def _whole_line(self, chunk: bytes | bytearray, n: int) -> LogLine | None:
        """The daemon's usual message, ``<timestamp> <text>\\n`` with nothing pending:
        the same line the byte-wise path makes, at a fraction of the cost (a flood
        brings ~25,000 of them a second). None when the chunk needs the full path."""
        if not n or n > self._max or chunk[-1] != 0x0A or chunk.find(b"\n") != n - 1:
            return None
        match = _TS.match(chunk)
        if match is None:
            return None
        start, end = match.end(), n - 1
        if end > start and chunk[end - 1] == 0x0D:  # \r\n ends the line; a lone \r stays
            end -= 1
        return LogLine(chunk[start:end].decode("utf-8", errors="replace"), self.stream, chunk[: start - 1].decode("ascii"), 0)

    def flush(self) -> list[LogLine]:
        """Return the pending partial line, if any (call at stream end)."""
        if self._probe is not None:
            self._release_probe()
        if self._started:
            return [self._finish(newline=False)]
        return []

    # -- internals --------------------------------------------------------

    def _start_probe(self, *, fragment: bool) -> None:
        self._probe = bytearray()
        self._probe_fragment = fragment
        self._since_ts = 0

    def _resolve_probe(self, view: memoryview, i: int) -> int:
        probe = self._probe
        assert probe is not None
        held = len(probe)
        probe += view[i : i + _TS_MAX - held]
        match = _TS.match(probe)
        if match:
            if not self._probe_fragment:
                self._ts = probe[: match.end() - 1].decode("ascii")
            self._started = True
            self._probe = None
            return i + match.end() - held
        if _could_be_timestamp(probe):
            return len(view)  # the chunk ended inside a possible timestamp
        del probe[held:]  # not a timestamp: re-read this chunk as content
        self._release_probe()
        return i

    def _release_probe(self) -> None:
        held = bytes(self._probe or b"")
        self._probe = None
        self._started = True
        if held:
            self._content(memoryview(held))

    def _content(self, seg: memoryview) -> None:
        if not seg:
            return
        self._started = True
        self._since_ts += len(seg)
        self._cr = seg[-1] == 0x0D
        if self._full:
            self._dropped += len(seg)
            return
        line = self._line
        room = self._max - len(line)
        if len(seg) <= room:
            line += seg
            return
        # Over the cap: keep one more byte to see whether the cut would split a
        # character, back up to its first byte, and only count from then on.
        line += seg[: room + 1]
        cut = self._max
        while cut > max(0, self._max - 3) and line[cut] & 0xC0 == 0x80:
            cut -= 1
        self._dropped += len(line) - cut + len(seg) - (room + 1)
        del line[cut:]
        self._full = True

    def _finish(self, *, newline: bool) -> LogLine:
        if newline and self._cr:  # \r\n ends the line; a lone \r stays
            if self._full:
                self._dropped -= 1
            else:
                del self._line[-1]
        result = LogLine(
            self._line.decode("utf-8", errors="replace"),
            self.stream,
            self._ts,
            self._dropped,
        )
        self._reset_line()
        return result


_STREAMS = {0: "stdout", 1: "stdout", 2: "stderr", 3: "system"}


class FrameSplitter:
    """Parse Docker's multiplexed stream from arbitrarily cut chunks.

    Each frame is an 8-byte header (stream type: 0 stdin-as-stdout, 1 stdout,
    2 stderr, 3 daemon "system" error; three zero bytes; big-endian uint32
    length) and its payload. ``feed`` returns ``(stream, payload)`` for each
    complete frame, so payloads keep the daemon's message boundaries (which
    ``LineAssembler(framed=True)`` relies on). A frame longer than
    ``max_frame`` is passed on in pieces as it arrives, so memory stays
    bounded. A header that is not a valid frame header raises ``ValueError``:
    the stream is not multiplexed (a TTY container) or is corrupt.
    """

    def __init__(self, *, max_frame: int = 1024 * 1024) -> None:
        self._buf = bytearray()
        self._max = max_frame
        self._stream: str | None = None  # set while inside a frame
        self._remaining = 0

    def feed(self, data: bytes | bytearray | memoryview) -> list[tuple[str, bytes]]:
        buf = self._buf
        buf += data
        out: list[tuple[str, bytes]] = []
        pos = 0
        while True:
            if self._stream is None:
                if len(buf) - pos < 8:
                    break
                kind = buf[pos]
                if kind not in _STREAMS or buf[pos + 1 : pos + 4] != b"\0\0\0":
                    del buf[:pos]
                    raise ValueError(
                        f"not a multiplexed stream: bad frame header {bytes(buf[:8])!r}"
                    )
                self._stream = _STREAMS[kind]
                self._remaining = int.from_bytes(buf[pos + 4 : pos + 8], "big")
                pos += 8
            avail = len(buf) - pos
            if avail >= self._remaining:
                end = pos + self._remaining
                if self._remaining:
                    out.append((self._stream, bytes(buf[pos:end])))
                pos = end
                self._stream = None
            elif self._remaining > self._max and avail:
                out.append((self._stream, bytes(buf[pos:])))
                self._remaining -= avail
                pos = len(buf)
                break
            else:
                break
        del buf[:pos]
        return out

    @property
    def pending_bytes(self) -> int:
        """Bytes held for an incomplete header or frame."""
        return len(self._buf)
