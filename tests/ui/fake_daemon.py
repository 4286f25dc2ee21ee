"""A recorded daemon for deterministic snapshots (STYLE rule 9).

``record(client)`` saves what the real daemon answers to the five listing requests;
``FakeSession`` replays it into the app as the real Session would (ConnectionChanged,
Resynced, one StatsBatch) and never opens a connection. The contract test in
test_dashboard_snapshots.py checks the recording still has the fields the live daemon sends.
"""

from __future__ import annotations

import json
from pathlib import Path

from tui.domain import changes as ch
from tui.domain import parse
from tui.domain.models import StatsSample
from tui.engine.actions import Actions

FIXTURE = Path(__file__).parent / "fixtures" / "daemon.json"
# The moment the recording is replayed at: statuses and ages are rendered against it.
FROZEN_NOW = 1_795_909_500.0


def record(client) -> dict:
    return {
        "recorded_at": FROZEN_NOW,
        "containers": client.containers(all=True),
        "images": client.images(),
        "networks": client.networks(),
        "volumes": (client.volumes() or {}).get("Volumes") or [],
        "info": client.info(),
        "version": client.version(),
    }


def load() -> dict:
    return json.loads(FIXTURE.read_text())


def snapshot_from(data: dict):
    info = parse.info_from_api(data["info"], data["version"])
    return parse.snapshot(data["containers"], data["images"], data["networks"], data["volumes"], info)


def fixed_stats(snap) -> ch.StatsBatch:
    samples = []
    for n, c in enumerate(sorted((c for c in snap.containers if c.state == "running"), key=lambda c: c.name)):
        samples.append(StatsSample(c.id, cpu_percent=[0.4, 12.5, 0.0, 101.3, 3.2][n % 5], mem_usage=(n + 1) * 3_400_000, mem_limit=8 * 2**30, at=FROZEN_NOW))
    return ch.StatsBatch(tuple(samples))


class FakeSession:
    """Stands in for tui.engine.session.Session: same constructor, same surface."""

    def __init__(self, endpoint, emit, *, readonly=False, stats_interval=2.0, log=None) -> None:
        self.endpoint = endpoint
        self.emit = emit
        self.actions = Actions(lambda: None, endpoint.host, readonly=readonly)
        self.wanted: frozenset[str] = frozenset()

    @property
    def api_version(self) -> str:
        return "1.41"

    def start(self) -> None:
        snap = snapshot_from(load())
        self.emit(ch.ConnectionChanged("live", self.endpoint.host))
        self.emit(ch.Resynced(snap))
        self.emit(fixed_stats(snap))

    def close(self) -> None:
        pass

    def join(self, timeout: float = 2.0) -> None:
        pass

    def want_stats(self, ids) -> None:
        self.wanted = frozenset(ids)
