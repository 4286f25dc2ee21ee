"""HTTP/1.1 chunked transfer decoding over whatever the socket returns.

The daemon sends a followed log one message per HTTP chunk: under a flood that is
~25,000 chunks a second, and urllib3's ``read_chunked`` spends ~9 µs of Python on
each. Reading the socket in large blocks and cutting the chunks out here costs a
fraction of that, and frees the GIL for the UI thread.
"""

from __future__ import annotations

from typing import Callable, Iterator

MAX_HEADER = 1024  # a chunk-size line longer than this is not HTTP


class Dechunker:
    """Feed raw body bytes cut anywhere; get back the payload bytes, in order."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._left = 0  # payload bytes still to come in the current chunk
        self._crlf = False  # the CRLF closing a chunk's payload is due
        self.done = False  # the last (zero-size) chunk was seen

    def feed(self, data: bytes | bytearray) -> bytes:
        buf = self._buf
        buf += data
        out: list[bytes | bytearray] = []
        pos, n = 0, len(buf)
        while pos < n and not self.done:
            if self._left:
                take = min(self._left, n - pos)
                out.append(buf[pos : pos + take])
                pos += take
                self._left -= take
                self._crlf = not self._left
                continue
            if self._crlf:
                if n - pos < 2:
                    break
                if buf[pos : pos + 2] != b"\r\n":
                    raise ValueError("chunked body: payload not followed by CRLF")
                pos += 2
                self._crlf = False
                continue
            end = buf.find(b"\r\n", pos)
            if end < 0:
                if n - pos > MAX_HEADER:
                    raise ValueError("chunked body: chunk-size line too long")
                break
            size = int(bytes(buf[pos:end]).split(b";", 1)[0].strip(), 16)  # ValueError on junk
            pos = end + 2
            if size == 0:
                self.done = True  # trailers, if any, are not needed
            self._left = size
        del buf[:pos]
        return b"".join(out)

    @property
    def rest(self) -> bytes:
        """What was fed and not yet taken: after the last chunk, the line that ends the body
        (and any trailers)."""
        return bytes(self._buf)


def dechunked(read1: Callable[[int], bytes], block: int = 65536) -> Iterator[bytes]:
    """Yield payload bytes as they arrive, ``read1`` returning what one socket read gives."""
    decoder = Dechunker()
    while not decoder.done:
        data = read1(block)
        if not data:
            return
        payload = decoder.feed(data)
        if payload:
            yield payload
