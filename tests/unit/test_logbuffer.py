from tui.domain.logbuffer import GAP, LogBuffer, compile_query, export, with_context
from tui.domain.loglines import LogLine


def lines(*texts, stream="stdout"):
    return [LogLine(t, stream, None) for t in texts]


def test_bounded_with_dropped_count_and_stable_sequence_numbers():
    buf = LogBuffer(maxlen=3)
    assert buf.append(lines("a", "b")) == 0
    assert buf.append(lines("c", "d", "e")) == 2
    assert len(buf) == 3 and buf.dropped == 2
    assert buf.first_seq == 2 and buf.end_seq == 5
    assert [e.line.text for e in buf] == ["c", "d", "e"]
    assert buf.get(1) is None and buf.get(4).line.text == "e"
    for i in range(100):  # compaction keeps addressing right
        buf.append(lines(str(i)))
    assert [e.line.text for e in buf] == ["97", "98", "99"]
    assert buf.get(buf.end_seq - 1).line.text == "99"
    assert buf.dropped == 102


def test_search_is_on_plain_text_smart_case_and_wraps():
    buf = LogBuffer()
    buf.append(lines("Error one", "\x1b[31merr\x1b[0mor two", "fine", "ERROR three"))
    pat = compile_query("error")
    assert buf.matches(pat) == [0, 1, 3]  # colour codes do not hide a match
    assert buf.matches(compile_query("ERROR")) == [3]
    assert buf.next_match(pat, 1) == 3
    assert buf.next_match(pat, 3) == 0  # wraps
    assert buf.next_match(pat, 0, backwards=True) == 3
    assert buf.matches(compile_query("a.b")) == []  # literal, not a regex
    assert compile_query("") is None


def test_filter_with_context_merges_groups_and_marks_gaps():
    buf = LogBuffer()
    buf.append(lines(*[f"line {i}" for i in range(20)]))
    buf.append(lines("needle A"))  # 20
    buf.append(lines(*[f"line {i}" for i in range(21, 30)]))
    buf.get(5).line  # noqa: B018
    rows = buf.filtered(compile_query("needle"), context=2)
    assert rows == [GAP, 18, 19, 20, 21, 22, GAP]
    assert with_context([3, 5], 1, 0, 10) == [GAP, 2, 3, 4, 5, 6, GAP]
    assert with_context([0, 9], 0, 0, 10) == [0, GAP, 9]
    assert with_context([0, 1], 3, 0, 10) == [0, 1, 2, 3, 4, GAP]
    assert buf.filtered(None) == list(range(30))


def test_export_masks_secrets_and_strips_sequences():
    buf = LogBuffer()
    buf.append([LogLine("password is hunter2-xyz \x1b]52;c;ZXZpbA==\x07ok", "stderr", "2026-01-01T00:00:00Z")])
    buf.append([LogLine("x" * 10, "stdout", None, truncated_bytes=5000)], source=1)
    text = export(buf, names=["web", "db"], secrets=["hunter2-xyz"])
    assert "hunter2" not in text
    assert "\x1b" not in text and "\u241b]52;" in text  # shown, as on screen, never emitted
    assert "[web] stderr:" in text and "2026-01-01T00:00:00Z" in text
    assert "[db]" in text and "… 5 KiB more" in text


def test_arrival_rate_counts_the_window_only(monkeypatch):
    from tui.domain import logbuffer

    now = [100.0]
    monkeypatch.setattr(logbuffer.time, "monotonic", lambda: now[0])
    rate = logbuffer.ArrivalRate(2.0)
    assert rate.per_second == 0
    rate.add(10)
    now[0] += 1.0
    rate.add(30)
    assert rate.per_second == 20.0  # 40 lines over the 2 s window
    now[0] += 1.5
    assert rate.per_second == 15.0  # the first batch left the window
    rate.clear()
    assert rate.per_second == 0


def test_arrival_rate_is_settled_a_window_after_the_first_batch(monkeypatch):
    """A log opens with its history at once: 1,000 lines in the first batch are not a rate."""
    from tui.domain import logbuffer

    now = [100.0]
    monkeypatch.setattr(logbuffer.time, "monotonic", lambda: now[0])
    rate = logbuffer.ArrivalRate(2.0)
    assert not rate.settled
    rate.add(1000)
    now[0] += 1.9
    assert not rate.settled and rate.per_second == 500.0
    now[0] += 0.2
    assert rate.settled and rate.per_second == 0
    rate.clear()
    assert not rate.settled


def test_history_in_several_batches_is_not_a_rate_once_settled(monkeypatch):
    """A loaded machine or a slow link hands a log's history over in pieces (CI: 276 lines,
    then ~530 a moment later): once the rate had settled, the later piece still inside the
    window read as "266 lines/s" on a quiet log. The rate a user is told leaves out every
    batch of the first window; the pacing rate (per_second) still counts them."""
    from tui.domain import logbuffer

    now = [100.0]
    monkeypatch.setattr(logbuffer.time, "monotonic", lambda: now[0])
    rate = logbuffer.ArrivalRate(2.0)
    assert rate.arriving_per_second == 0
    rate.add(276)
    now[0] += 0.8
    rate.add(530)  # the rest of the history
    now[0] += 1.3  # settled (2.1 s after the first batch); the second piece is in the window
    assert rate.settled and rate.per_second == 265.0
    assert rate.arriving_per_second == 0
    rate.add(1)  # a live line
    now[0] += 0.5
    rate.add(1)
    assert rate.arriving_per_second == 1.0  # 2 lines over the 2 s window
    now[0] += 2.0
    for _ in range(10):  # a flood once the history is out of the window: both rates agree
        rate.add(100)
        now[0] += 0.1
    assert rate.arriving_per_second == rate.per_second == 500.0
