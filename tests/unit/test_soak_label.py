"""bench/soak_pty.py names the code it measured: the tree when the tools started, not when the
hour-long run writes its table (a session commits meanwhile)."""

from __future__ import annotations

import argparse

from bench import soak_pty


def test_the_table_names_the_tree_the_run_started_with(monkeypatch):
    monkeypatch.setattr(soak_pty, "head", lambda: "later")
    args = argparse.Namespace(label="", tree="abc1234")
    result = {"tool": "dockyard", "minutes": 60, "cycles": 96, "start_mb": 43.0, "peak_mb": 61.4, "end_mb": 60.9,
              "load_start": "0.5", "load_end": "7.6"}
    rows = soak_pty.table(args, [result])
    assert any("dockyard (this tree at the start, abc1234)" in row for row in rows), rows
    assert not any("later" in row for row in rows)
