"""HTTP chunked decoding over arbitrary socket reads."""

from __future__ import annotations

import random

import pytest

from tui.engine.chunked import Dechunker, dechunked


def _encode(parts: list[bytes], ext: bool = False) -> bytes:
    out = b""
    for p in parts:
        out += f"{len(p):x}".encode() + (b";name=v" if ext else b"") + b"\r\n" + p + b"\r\n"
    return out + b"0\r\n\r\n"


def test_whole_body_in_one_read():
    parts = [b"hello ", b"", b"world"][::2] + [b"\x01\x00\x00\x00" * 100]
    d = Dechunker()
    assert d.feed(_encode(parts)) == b"".join(parts) and d.done


@pytest.mark.parametrize("seed", range(20))
def test_any_cut_gives_the_same_bytes(seed):
    rng = random.Random(seed)
    parts = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))) for _ in range(rng.randrange(1, 30))]
    body = _encode(parts, ext=seed % 2 == 1)
    d, got, i = Dechunker(), b"", 0
    while i < len(body):
        step = rng.choice([1, 2, 3, 7, 64, 1000])
        got += d.feed(body[i : i + step])
        i += step
    assert got == b"".join(parts) and d.done


def test_stops_at_the_last_chunk_and_reads_no_further():
    reads = [_encode([b"abc", b"def"]), b"NEVER READ"]
    got = list(dechunked(lambda n: reads.pop(0)))
    assert b"".join(got) == b"abcdef" and reads == [b"NEVER READ"]


def test_end_of_stream_without_last_chunk_just_ends():
    reads = [b"3\r\nabc\r\n", b""]
    assert b"".join(dechunked(lambda n: reads.pop(0))) == b"abc"


@pytest.mark.parametrize("body", [b"zz\r\nabc\r\n", b"3\r\nabcXY", b"x" * 2000])
def test_junk_is_an_error_not_a_hang(body):
    with pytest.raises(ValueError):
        Dechunker().feed(body)
