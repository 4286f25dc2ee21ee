"""The Swarm service log pump's batching, without a daemon: lines queued after a quiet spell
are posted by the reader at once (through the subclass's time-ordering flush), and the
ones that follow within the interval wait for the ticker."""

from tui.domain.logbuffer import LogBatch
from tui.domain.loglines import LogLine
from tui.engine.swarm_logs import ServiceLogPump


def _line(task: str, node: str, ts: str, text: str) -> LogLine:
    head = f"com.docker.swarm.node.id={node},com.docker.swarm.service.id=s,com.docker.swarm.task.id={task}"
    return LogLine(f"{head} {text}", "stdout", ts)


def test_a_line_after_a_quiet_spell_is_posted_at_once_labelled_and_in_time_order():
    posted: list = []
    pump = ServiceLogPump(lambda: None, "svc", posted.append, label=lambda t, n: f"{t}@{n}", interval=0.1)
    pump._queue([_line("t2", "n2", "2026-12-04T01:00:00.200000000Z", "later"),
                 _line("t1", "n1", "2026-12-04T01:00:00.100000000Z", "earlier")])
    assert len(posted) == 1 and isinstance(posted[0], LogBatch)
    assert [ln.text for ln in posted[0].lines] == ["t1@n1 | earlier", "t2@n2 | later"]
    # not acked yet: the next line waits for the ticker instead of a second batch
    pump._queue([_line("t1", "n1", "2026-12-04T01:00:00.300000000Z", "next")])
    assert len(posted) == 1 and pump.pending_count() == 1 and pump._arrived.is_set()
