"""LineAssembler and FrameSplitter: chunks are not lines."""

from __future__ import annotations

import struct

import pytest

from tui.domain.loglines import FrameSplitter, LineAssembler, LogLine

TS1 = "2026-11-28T10:00:00.123456789Z"
TS2 = "2026-11-28T10:00:00.123456790Z"
TS3 = "2026-11-28T10:00:00.123456791Z"
FRAG = 16 * 1024


def feed_all(asm: LineAssembler, chunks) -> list[LogLine]:
    out: list[LogLine] = []
    for chunk in chunks:
        out.extend(asm.feed(chunk))
    out.extend(asm.flush())
    return out


def bytewise(data: bytes):
    return (data[i : i + 1] for i in range(len(data)))


def texts(lines: list[LogLine]) -> list[str]:
    return [line.text for line in lines]


def test_whole_lines_in_one_chunk() -> None:
    asm = LineAssembler(stream="stderr")
    lines = asm.feed(b"one\ntwo\nthree")
    assert lines == [LogLine("one", "stderr", None), LogLine("two", "stderr", None)]
    assert asm.flush() == [LogLine("three", "stderr", None)]
    assert asm.flush() == []


def test_byte_at_a_time_tty_reproduces_lines() -> None:
    data = "hello\r\nwörld ✓\r\n\r\nprogress 10%\rprogress 100%\r\nlast".encode()
    lines = feed_all(LineAssembler(), bytewise(data))
    assert texts(lines) == [
        "hello",
        "wörld ✓",
        "",
        "progress 10%\rprogress 100%",  # lone \r kept for the sanitiser to show
        "last",
    ]


def test_crlf_split_across_chunks() -> None:
    asm = LineAssembler()
    assert asm.feed(b"abc\r") == []
    assert texts(asm.feed(b"\ndef\r\n")) == ["abc", "def"]


def test_trailing_lone_cr_at_stream_end_kept() -> None:
    assert texts(feed_all(LineAssembler(), [b"abc\r"])) == ["abc\r"]


def test_utf8_char_split_across_chunks() -> None:
    data = "€ and 😀\n".encode()
    for cut in range(1, len(data)):
        lines = feed_all(LineAssembler(), [data[:cut], data[cut:]])
        assert texts(lines) == ["€ and 😀"], cut


def test_invalid_utf8_replaced() -> None:
    assert texts(feed_all(LineAssembler(), [b"a\xffb\n\xe2\x82\n"])) == ["a\ufffdb", "\ufffd"]


def test_timestamps_one_per_line() -> None:
    data = f"{TS1} first line\n{TS2} second\n".encode()
    for chunks in ([data], list(bytewise(data))):
        lines = feed_all(LineAssembler(timestamps=True), chunks)
        assert [(line.ts, line.text) for line in lines] == [
            (TS1, "first line"),
            (TS2, "second"),
        ]


def test_timestamp_split_across_chunks() -> None:
    asm = LineAssembler(timestamps=True)
    assert asm.feed(TS1[:7].encode()) == []
    assert asm.feed(TS1[7:].encode()) == []
    assert asm.feed(b" msg\n") == [LogLine("msg", "stdout", TS1)]


def test_line_without_timestamp_in_timestamp_mode() -> None:
    lines = feed_all(LineAssembler(timestamps=True), [b"2026-11 not a ts\nplain\n"])
    assert [(line.ts, line.text) for line in lines] == [
        (None, "2026-11 not a ts"),
        (None, "plain"),
    ]


def test_timestamp_with_offset_and_empty_line() -> None:
    ts = "2026-11-28T11:00:00+01:00"
    lines = feed_all(LineAssembler(timestamps=True), [f"{ts} \n".encode()])
    assert lines == [LogLine("", "stdout", ts)]


def json_file_fragments(content: bytes) -> list[bytes]:
    """What `docker logs -t` sends for one long line: one message per 16 KiB."""
    parts = [content[i : i + FRAG] for i in range(0, len(content), FRAG)]
    stamps = [f"2026-11-28T10:00:00.{n:09d}Z ".encode() for n in range(len(parts))]
    parts[-1] += b"\n"
    return [ts + part for ts, part in zip(stamps, parts)]


def test_json_file_fragments_framed_give_one_line_one_timestamp() -> None:
    content = b"".join(bytes([65 + i % 26]) for i in range(40_000))
    lines = feed_all(
        LineAssembler(timestamps=True, max_line=1 << 20), json_file_fragments(content)
    )
    assert len(lines) == 1
    assert lines[0].ts == "2026-11-28T10:00:00.000000000Z"
    assert lines[0].text == content.decode()
    assert "2026-11-28T" not in lines[0].text


def test_json_file_fragments_in_a_raw_tty_stream() -> None:
    # Unframed: chunk boundaries are arbitrary, fragments are found by size.
    content = ("x" + "é" * 20_000).encode()  # fragments cut mid-character
    stream = b"".join(json_file_fragments(content)) + f"{TS3} next\n".encode()
    for size in (1, 7, 4096, len(stream)):
        chunks = [stream[i : i + size] for i in range(0, len(stream), size)]
        asm = LineAssembler(timestamps=True, framed=False, max_line=1 << 20)
        lines = feed_all(asm, chunks)
        assert [line.ts for line in lines] == ["2026-11-28T10:00:00.000000000Z", TS3]
        assert lines[0].text == "x" + "é" * 20_000, size
        assert lines[1].text == "next"


def test_framed_fragment_cut_mid_character() -> None:
    content = ("x" + "€" * 10_000).encode()
    lines = feed_all(LineAssembler(timestamps=True, max_line=1 << 20), json_file_fragments(content))
    assert [line.text for line in lines] == ["x" + "€" * 10_000]


def test_framed_fragments_of_any_size() -> None:
    chunks = [f"{TS1} aaa".encode(), f"{TS2} bbb".encode(), f"{TS3} ccc\n".encode()]
    lines = feed_all(LineAssembler(timestamps=True), chunks)
    assert lines == [LogLine("aaabbbccc", "stdout", TS1)]


def test_raw_tty_keeps_application_timestamps_mid_line() -> None:
    # Byte-at-a-time chunks must not make every in-text timestamp look like a fragment.
    data = f"{TS1} started at {TS2} ok\r\n".encode()
    lines = feed_all(LineAssembler(timestamps=True, framed=False), bytewise(data))
    assert [(line.ts, line.text) for line in lines] == [(TS1, f"started at {TS2} ok")]


def test_framed_mid_line_chunk_without_timestamp_is_content() -> None:
    lines = feed_all(LineAssembler(timestamps=True), [f"{TS1} abc".encode(), b"def\n"])
    assert [(line.ts, line.text) for line in lines] == [(TS1, "abcdef")]


def test_huge_line_capped_with_bounded_memory() -> None:
    max_line = 16 * 1024
    total = 3 * 1024 * 1024
    asm = LineAssembler(max_line=max_line)
    chunk = b"x" * 65536
    peak = 0
    for _ in range(total // len(chunk)):
        assert asm.feed(chunk) == []
        peak = max(peak, asm.pending_bytes)
    lines = asm.feed(b"\r\nnext\n")
    assert peak <= max_line + 4
    assert len(lines) == 2
    assert len(lines[0].text) == max_line
    assert lines[0].truncated_bytes == total - max_line  # the \r of \r\n is not counted
    assert lines[1] == LogLine("next", "stdout", None)


def test_huge_line_byte_at_a_time_and_in_one_chunk() -> None:
    data = b"y" * 50_000 + b"\n"
    one = LineAssembler(max_line=1000).feed(data)
    assert one == [LogLine("y" * 1000, "stdout", None, 49_000)]
    asm = LineAssembler(max_line=1000)
    many = []
    for chunk in bytewise(data):
        many.extend(asm.feed(chunk))
        assert asm.pending_bytes <= 1001
    assert many == one


@pytest.mark.parametrize("char", ["é", "€", "😀"])
def test_cap_cuts_on_a_character_boundary(char: str) -> None:
    encoded = char.encode()
    data = b"a" + encoded * 100 + b"\n"
    for max_line in range(1, 12):
        for chunks in ([data], list(bytewise(data))):
            (line,) = feed_all(LineAssembler(max_line=max_line), chunks)
            kept = line.text.encode()
            assert len(kept) <= max_line
            assert "\ufffd" not in line.text
            assert len(kept) + line.truncated_bytes == len(data) - 1
            assert max_line - len(kept) < len(encoded)


def test_timestamped_huge_line_keeps_one_timestamp_and_counts() -> None:
    content = b"z" * 100_000
    lines = feed_all(LineAssembler(timestamps=True), json_file_fragments(content))
    assert len(lines) == 1
    assert lines[0].ts == "2026-11-28T10:00:00.000000000Z"
    assert lines[0].text == "z" * FRAG
    assert lines[0].truncated_bytes == 100_000 - FRAG


def test_flush_returns_partial_and_resets() -> None:
    asm = LineAssembler(timestamps=True)
    assert asm.feed(f"{TS1} partial".encode()) == []
    assert asm.flush() == [LogLine("partial", "stdout", TS1)]
    assert asm.feed(f"{TS2} again\n".encode()) == [LogLine("again", "stdout", TS2)]


def test_flush_releases_pending_timestamp_lookalike() -> None:
    asm = LineAssembler(timestamps=True)
    assert asm.feed(b"2026-11") == []
    assert asm.flush() == [LogLine("2026-11", "stdout", None)]


# -- FrameSplitter -----------------------------------------------------------


def frame(kind: int, payload: bytes) -> bytes:
    return struct.pack(">BxxxL", kind, len(payload)) + payload


def test_frames_interleaved_and_split_anywhere() -> None:
    frames = [
        (1, b"out one\n"),
        (2, b"err one\n"),
        (1, b""),
        (1, b"x" * 70_000),
        (2, "ünïcode\n".encode()),
    ]
    stream = b"".join(frame(k, p) for k, p in frames)
    expected = [("stdout" if k == 1 else "stderr", p) for k, p in frames if p]
    for size in (1, 3, 8, 9, 1000, len(stream)):
        splitter = FrameSplitter()
        got = []
        for i in range(0, len(stream), size):
            got.extend(splitter.feed(stream[i : i + size]))
        assert got == expected, size
        assert splitter.pending_bytes == 0


def test_header_split_across_chunks() -> None:
    splitter = FrameSplitter()
    data = frame(2, b"hello")
    assert splitter.feed(data[:3]) == []
    assert splitter.feed(data[3:7]) == []
    assert splitter.feed(data[7:9]) == []
    assert splitter.feed(data[9:]) == [("stderr", b"hello")]


def test_oversized_frame_streams_in_pieces_with_bounded_memory() -> None:
    splitter = FrameSplitter(max_frame=1000)
    data = frame(1, b"a" * 10_000) + frame(2, b"tail")
    got = []
    for i in range(0, len(data), 512):
        got.extend(splitter.feed(data[i : i + 512]))
        assert splitter.pending_bytes <= 1000 + 512
    assert b"".join(p for s, p in got if s == "stdout") == b"a" * 10_000
    assert got[-1] == ("stderr", b"tail")


def test_frame_types_stdin_and_system() -> None:
    splitter = FrameSplitter()
    assert splitter.feed(frame(0, b"in") + frame(3, b"daemon error")) == [
        ("stdout", b"in"),
        ("system", b"daemon error"),
    ]


def test_not_multiplexed_raises() -> None:
    with pytest.raises(ValueError):
        FrameSplitter().feed(b"plain tty output\n")


def test_frames_into_assembler_per_stream() -> None:
    stream = frame(1, f"{TS1} out\n".encode()) + frame(2, f"{TS2} err\n".encode())
    asms = {
        name: LineAssembler(stream=name, timestamps=True) for name in ("stdout", "stderr")
    }
    lines = []
    for name, payload in FrameSplitter().feed(stream):
        lines.extend(asms[name].feed(payload))
    assert lines == [LogLine("out", "stdout", TS1), LogLine("err", "stderr", TS2)]


def _slow(assembler: LineAssembler) -> LineAssembler:
    assembler._whole_line = lambda chunk, n: None  # force the byte-wise path
    return assembler


@pytest.mark.parametrize("seed", range(30))
def test_whole_line_shortcut_makes_the_same_lines_as_the_bytewise_path(seed) -> None:
    """Daemon messages of every shape (whole lines, CRLF, lone CR, empty, invalid UTF-8,
    fragments, lines over the cap, no timestamp) through both paths of one assembler."""
    import random

    rng = random.Random(seed)
    ts = b"2026-11-28T10:00:00.%09dZ "
    shapes = [b"plain text", b"with crlf\r", b"lone \r cr", b"", b"\xff\xfe bad utf8 \xc3", "한국어 줄".encode(), b"x" * 300]
    messages = []
    for i in range(rng.randrange(5, 40)):
        body = rng.choice(shapes)
        kind = rng.random()
        if kind < 0.7:
            messages.append(ts % i + body + b"\n")
        elif kind < 0.8:
            messages.append(ts % i + body)  # a fragment: the line continues in the next message
        elif kind < 0.9:
            messages.append(body + b"\n")  # no timestamp
        else:
            messages.append(ts % i + body + b"\nsecond " + body + b"\n")
    fast = LineAssembler(stream="stdout", timestamps=True, max_line=200)
    slow = _slow(LineAssembler(stream="stdout", timestamps=True, max_line=200))
    got_fast = [ln for m in messages for ln in fast.feed(m)] + fast.flush()
    got_slow = [ln for m in messages for ln in slow.feed(m)] + slow.flush()
    assert got_fast == got_slow
