"""Session's Relay: changes found before the UI is ready are delivered first, in order."""

from __future__ import annotations

import threading

from tui.engine.session import Relay


def test_held_changes_are_delivered_in_order_on_connect():
    relay = Relay()
    relay("a")
    relay("b")
    got: list[object] = []
    relay.connect(got.append)
    relay("c")
    assert got == ["a", "b", "c"]


def test_concurrent_emits_never_overtake_the_backlog():
    relay = Relay()
    for i in range(1000):
        relay(i)
    got: list[int] = []
    t = threading.Thread(target=lambda: [relay(i) for i in range(1000, 2000)])
    t.start()
    relay.connect(got.append)
    t.join()
    assert got == list(range(2000))
