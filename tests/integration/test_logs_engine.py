"""LogPump against the real daemon: reassembly, TTY streams, caps, resume, close."""

from __future__ import annotations

import threading
import time

import pytest

from tests.support.daemon import docker_host, wait_for
from tui.domain.logbuffer import LogBatch, LogStatus
from tui.engine.logs import LogPump, since_param


@pytest.fixture(params=["docker-py", "lite"])
def daemon_client(request, daemon_client):
    """Each test on both clients: docker-py's, and the LiteClient the dashboard reads with
    over a unix socket (its log response comes from http.client, not urllib3)."""
    if request.param == "docker-py":
        yield daemon_client
        return
    from tui.engine.connection import open_lite
    from tui.engine.endpoint import resolve

    endpoint = resolve(env={"DOCKER_HOST": docker_host()})
    client = open_lite(endpoint, endpoint.host[len("unix://"):])
    yield client
    client.close()


class Collector:
    def __init__(self) -> None:
        self.lines = []
        self.statuses = []
        self.batches = 0
        self.sizes: list[int] = []
        self.dropped = 0
        self.lock = threading.Lock()
        self.pump: LogPump | None = None

    def __call__(self, change) -> None:
        with self.lock:
            if isinstance(change, LogBatch):
                self.lines.extend(change.lines)
                self.batches += 1
                self.sizes.append(len(change.lines))
                self.dropped += change.dropped
                if self.pump is not None:
                    self.pump.ack()
            elif isinstance(change, LogStatus):
                self.statuses.append(change.state)

    def texts(self):
        with self.lock:
            return [ln.text for ln in self.lines]


def start(client, cid, **kw) -> tuple[LogPump, Collector]:
    out = Collector()
    pump = LogPump(lambda: client, cid, out, **kw)
    out.pump = pump
    pump.start()
    return pump, out


def test_a_3_mb_line_is_one_capped_line_with_one_timestamp(bed, daemon_client):
    cid = bed.run("big", "head -c 3000000 /dev/zero | tr '\\0' y; echo; echo after; sleep 100000")
    pump, out = start(daemon_client, cid)
    try:
        wait_for(lambda: "after" in out.texts(), timeout=20, what="line after the big one")
        big = [ln for ln in out.lines if ln.text.startswith("y")]
        assert len(big) == 1, [len(ln.text) for ln in out.lines]
        line = big[0]
        assert len(line.text) == 16 * 1024 and set(line.text) == {"y"}
        assert len(line.text) + line.truncated_bytes == 3_000_000
        assert line.ts and line.ts.endswith("Z")
        assert "Z y" not in line.text  # no fragment timestamp leaked into the text
    finally:
        pump.close()


def test_tty_container_lines_are_reassembled_without_carriage_returns(bed, daemon_client):
    script = "printf 'one\\r\\n'; printf 'tw'; sleep 0.3; printf 'o\\n'; printf '\\033[31mred\\033[0m\\n'; sleep 100000"
    cid = bed.run("tty", script, tty=True)
    pump, out = start(daemon_client, cid)
    try:
        wait_for(lambda: len(out.texts()) >= 3, timeout=10, what="three lines")
        assert out.texts()[:3] == ["one", "two", "\x1b[31mred\x1b[0m"]
        assert all(ln.stream == "stdout" and ln.ts for ln in out.lines)
    finally:
        pump.close()


def test_stdout_and_stderr_are_told_apart(bed, daemon_client):
    cid = bed.run("streams", "echo to-out; echo to-err >&2; sleep 100000")
    pump, out = start(daemon_client, cid)
    try:
        wait_for(lambda: len(out.texts()) >= 2, what="both lines")
        streams = {ln.text: ln.stream for ln in out.lines}
        assert streams == {"to-out": "stdout", "to-err": "stderr"}
    finally:
        pump.close()


def test_tail_limits_the_history(bed, daemon_client):
    cid = bed.run("tail", "seq 1 50; sleep 100000")
    wait_for(lambda: b"50" in daemon_client.logs(cid), what="all lines written")
    pump, out = start(daemon_client, cid, tail=5)
    try:
        wait_for(lambda: len(out.texts()) >= 5, what="tail")
        time.sleep(0.3)
        assert out.texts() == ["46", "47", "48", "49", "50"]
    finally:
        pump.close()


def test_close_stops_a_quiet_follow_at_once(bed, daemon_client):
    cid = bed.run("quiet", "echo hello; sleep 100000")
    pump, out = start(daemon_client, cid)
    wait_for(lambda: "hello" in out.texts(), what="first line")
    started = time.monotonic()
    pump.close()
    pump.join(2.0)
    assert not pump.alive
    assert time.monotonic() - started < 5.0  # the close wakes the reader (generous: busy CI machines)


def test_backpressure_bounds_the_queue_while_the_ui_is_busy(bed, daemon_client):
    cid = bed.run("flood", "yes flood")
    out = Collector()  # never acks: the UI is "busy"
    pump = LogPump(lambda: daemon_client, cid, out, max_pending=1000, use_child=False)
    pump.start()
    try:
        wait_for(lambda: out.batches == 1, what="first batch")
        wait_for(lambda: pump.pending_count() == 1000, timeout=10, what="queue full")
        time.sleep(0.3)
        assert out.batches == 1 and pump.pending_count() == 1000
        pump.ack()
        wait_for(lambda: out.batches == 2, what="next batch after ack")
        assert out.lines[-1].text == "flood"
    finally:
        pump.close()


def test_a_flood_is_handed_to_the_child_reader_which_keeps_the_newest_lines(bed, daemon_client):
    """A followed stream that floods is handed to a child process (log_reader): the thread's
    lines are posted first, then the child follows from the last one; it keeps only the newest
    ``max_pending`` lines and sends nothing until the UI acks."""
    cid = bed.run("flood", "yes flood")
    out = Collector()  # acks only where the test says
    pump = LogPump(lambda: daemon_client, cid, out, max_pending=1000)
    pump.start()
    try:
        wait_for(lambda: out.batches == 1, what="first batch")

        def handed_over() -> bool:
            pump.ack()  # the thread posts what it queued (a batch per ack), then hands over
            return pump._child is not None

        wait_for(handed_over, timeout=20, what="the child reader")
        time.sleep(1.0)
        held = out.batches
        time.sleep(1.0)
        assert out.batches == held  # nothing more without an ack
        pump.ack()
        wait_for(lambda: out.batches > held, what="next batch after ack")
        assert all(0 < n <= 1000 for n in out.sizes)
        assert out.dropped > 0  # a second of `yes` is far more than 1,000 lines
        assert out.lines[-1].text == "flood"
    finally:
        pump.close()
    pump.join(2.0)
    assert not pump.alive


def test_a_quiet_log_costs_no_process(bed, daemon_client):
    cid = bed.run("quiet", "while true; do echo tick; sleep 0.2; done")
    pump, out = start(daemon_client, cid)
    try:
        wait_for(lambda: "tick" in out.texts(), what="a line")
        time.sleep(1.5)
        assert pump._child is None
    finally:
        pump.close()


def test_since_param_keeps_nanoseconds():
    assert since_param("2026-11-28T10:00:00.000000001Z") == "1795860000.000000001"
    assert since_param("2026-11-28T10:00:00Z") == "1795860000.000000000"
