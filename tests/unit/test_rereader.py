"""The re-reader's ordering rule: an answer that may predate a newer event is not shown."""

from __future__ import annotations

import threading

from tui.domain import changes as ch
from tui.domain.models import Container
from tui.engine import rereader as rr

KEY = ("container", "c1")


class Pump:
    def __init__(self) -> None:
        self.stop = threading.Event()
        self.client = object()
        self.answered_at = 0.0
        self.emitted: list[object] = []

    def emit(self, change: object) -> None:
        self.emitted.append(change)

    def log(self, text: str) -> None:
        pass


def answer(state: str) -> ch.ContainerChanged:
    return ch.ContainerChanged(Container(id="c1", name="web", image="busybox", state=state))


def test_an_answer_read_before_a_newer_event_is_dropped_and_read_again():
    pump = Pump()
    r = rr.Rereader(pump)
    r.push([KEY])  # "create"
    fresh, due = r._take()
    r.push([KEY])  # "start" arrives while the read of "create" is on its way
    r._done(KEY, answer("created"), None, 0)
    assert pump.emitted == []  # it would flip the row back from running to created
    fresh, due = r._take()
    assert KEY in fresh  # the newer event's read is queued
    r._done(KEY, answer("running"), None, 0)
    assert pump.emitted == [answer("running")]


def test_a_container_with_a_steady_stream_of_events_still_gets_its_row():
    pump = Pump()
    r = rr.Rereader(pump)
    for i in range(rr.MAX_SKIPS + 1):
        r._take() if r._pending else None
        r.push([KEY])  # yet another event while each read is on its way
        r._done(KEY, answer("running"), None, 0)
    assert pump.emitted == [answer("running")]  # after MAX_SKIPS drops, one answer goes out
    r._take()
    r._done(KEY, answer("running"), None, 0)
    assert len(pump.emitted) == 2  # the counter starts again after an answer went out
