"""The one table of which action applies in which state (tui/domain/capabilities.py) and the
pending labels (tui/domain/pending.py)."""

from __future__ import annotations

import pytest

from tui.domain import capabilities as cap
from tui.domain.pending import Pending, label, settles

TABLE = [
    # state, start, stop, restart, pause, unpause, kill, exec
    ("created", 1, 0, 1, 0, 0, 0, 0),
    ("running", 0, 1, 1, 1, 0, 1, 1),
    ("paused", 0, 1, 1, 0, 1, 1, 0),
    ("restarting", 0, 1, 1, 0, 0, 1, 0),
    ("exited", 1, 0, 1, 0, 0, 0, 0),
    ("dead", 1, 0, 0, 0, 0, 0, 0),
]


@pytest.mark.parametrize("row", TABLE, ids=[r[0] for r in TABLE])
def test_container_actions_by_state(row):
    state, *expected = row
    actions = ("start", "stop", "restart", "pause", "unpause", "kill", "exec")
    assert {a: cap.applies("containers", a, state) for a in actions} == dict(zip(actions, map(bool, expected)))


def test_active_is_spelled_once():
    assert cap.APPLIES["containers"]["stop"] == cap.ACTIVE == cap.APPLIES["containers"]["kill"]


def test_pause_toggles():
    assert cap.pause_action(["paused", "paused"]) == "unpause"
    assert cap.pause_action(["paused", "running"]) == "pause"
    assert cap.pause_action([]) == "pause"


def test_bulk_skips_what_does_not_apply():
    class C:
        def __init__(self, state):
            self.state = state

    targets = [C("running"), C("exited"), C("paused")]
    assert [t.state for t in cap.applicable("containers", "stop", targets)] == ["running", "paused"]
    assert [t.state for t in cap.applicable("containers", "start", targets)] == ["exited"]


def test_every_dashboard_and_object_key_that_changes_the_daemon_is_marked_mutating():
    for action in ("start", "stop", "restart", "pause", "unpause", "kill", "remove", "exec", "attach", "pull", "push", "tag", "run_image", "create", "connect", "disconnect", "prune"):
        assert cap.is_mutating(action), action
    for action in ("logs", "inspect", "open", "copy", "mark"):
        assert not cap.is_mutating(action), action


def test_other_kinds_do_not_depend_on_state():
    assert cap.applies("images", "remove") and cap.applies("networks", "connect")
    assert not cap.applies("volumes", "connect")


@pytest.mark.parametrize(
    "action,events,settled",
    [
        ("stop", ["kill", "die"], True),
        ("stop", ["kill"], False),
        ("start", ["start"], True),
        ("restart", ["restart"], True),
        ("pause", ["unpause"], False),
        ("remove", ["destroy"], True),
        ("kill", ["die"], True),
    ],
)
def test_pending_labels_settle_on_their_events(action, events, settled):
    pending = Pending()
    pending.set("c1", action)
    assert pending.labels == {"c1": label(action)}
    for e in events:
        pending.confirm("container", "c1", e)
    assert pending.settle("c1") is settled
    assert ("c1" in pending.labels) is not settled


def test_a_removal_always_settles_and_other_types_never_confirm():
    pending = Pending()
    pending.set("c1", "stop")
    pending.confirm("network", "c1", "die")
    assert not pending.settle("c1")
    assert pending.settle("c1", removed=True) and pending.labels == {}
    assert not settles("stopping…", "image", "die")
