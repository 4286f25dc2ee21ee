"""What a fleet asks of each daemon, seen by a request-logging proxy in front of real bed
dockerds: an idle host costs one event stream and at most one GET /_ping per
PING_INTERVAL (issue 13: <= 0.3 requests/s per host); a host that answers re-reads is
not pinged besides; a burst of starts on several hosts is re-read with one filtered
listing per host, not one request per event."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from tui.domain import changes as ch
from tui.engine import listing
from tui.engine.endpoint import resolve
from tui.engine.session import PING_INTERVAL, PING_TIMEOUT

pytestmark = pytest.mark.daemon

IDLE_WINDOW = 30.0  # generous: a loaded machine only pings later, never more often


def proxied(fleet_clients, n):
    from tests.support.daemon_proxy import DaemonProxy

    proxies = [DaemonProxy(url[len("unix://"):]).start() for url, _, _ in fleet_clients[:n]]
    hosts = [(f"p{k + 1}", replace(resolve(host=p.url, env={}), name=f"p{k + 1}")) for k, p in enumerate(proxies)]
    return proxies, hosts


def pings(proxy, since: float) -> list[float]:
    return [r.at for r in proxy.requests if r.at >= since and r.path.split("?")[0].endswith("/_ping")]


def test_the_watchdog_still_meets_its_promise():
    """A frozen daemon is reported within 8 s (tests/remote/test_watchdog.py freezes one on
    every transport): one interval plus one timeout fits in it, with room for a busy machine."""
    assert PING_INTERVAL + PING_TIMEOUT <= 7.0
    assert 1 / PING_INTERVAL <= 0.2


def test_an_idle_host_costs_one_stream_and_a_ping_per_interval(fleet_clients, start_fleet):
    proxies, hosts = proxied(fleet_clients, 2)
    try:
        fleet, rec = start_fleet(hosts)
        for key, _ in hosts:
            rec.host(key).wait_resynced(timeout=20)
        time.sleep(1.0)
        t0 = time.monotonic()
        time.sleep(IDLE_WINDOW)
        for proxy in proxies:
            window = [r for r in proxy.requests if r.at >= t0]
            assert {r.path.split("?")[0].rsplit("/", 1)[-1] for r in window} <= {"_ping"}, [(r.method, r.path) for r in window]
            # one per PING_INTERVAL (+1 for where the window starts): <= 0.23/s over 30 s
            assert 1 <= len(window) <= IDLE_WINDOW / PING_INTERVAL + 1, len(window)
            assert len(window) / IDLE_WINDOW <= 0.3
            assert sum(1 for r in proxy.requests if "/events" in r.path) == 1  # one stream, never reopened
    finally:
        for proxy in proxies:
            proxy.stop()


def test_a_host_that_answers_re_reads_is_not_pinged_besides(fleet_clients, start_fleet):
    proxies, hosts = proxied(fleet_clients, 1)
    bed = fleet_clients[0][2]
    try:
        fleet, rec = start_fleet(hosts)
        rec.host("p1").wait_resynced(timeout=20)
        cid = bed.run("busy", start=False)
        # a change every second for 3 intervals: each event's re-read is an answer
        t0 = time.monotonic()
        n = 0
        while time.monotonic() - t0 < 3 * PING_INTERVAL:
            fleet_clients[0][1].rename(cid, bed.name(f"busy-{n}"))
            n += 1
            time.sleep(1.0)
        reads = [r for r in proxies[0].requests if r.at >= t0 and r.path.split("?")[0].endswith("/containers/json")]
        assert len(reads) >= n // 2, "the renames were re-read"
        # at most the ping that was already due when the activity began
        assert len(pings(proxies[0], t0)) <= 1, pings(proxies[0], t0)
    finally:
        proxies[0].stop()


def test_a_burst_on_several_hosts_is_one_re_read_per_host(fleet_clients, start_fleet, monkeypatch):
    """Five starts on each of three hosts at once. The first re-read of each host is held
    until all its events have arrived: whatever it holds, every key that came meanwhile
    is read in ONE more filtered listing (the old re-reader made one request per key)."""
    proxies, hosts = proxied(fleet_clients, 3)
    gate = threading.Event()
    calls: dict[int, list[list[str]]] = {}
    real = listing.read_containers

    def held(client, ids):
        calls.setdefault(id(client), []).append(list(ids))
        gate.wait(30)
        return real(client, ids)

    try:
        ids = {key: [bed.run(f"burst-{i}", start=False) for i in range(5)] for (key, _), (_, _, bed) in zip(hosts, fleet_clients)}
        fleet, rec = start_fleet(hosts)
        for key, _ in hosts:
            rec.host(key).wait_resynced(timeout=20)
        monkeypatch.setattr(listing, "read_containers", held)
        marks = {key: rec.host(key).mark() for key, _ in hosts}
        t0 = time.monotonic()
        starters = [threading.Thread(target=fleet_clients[k][1].start, args=(cid,)) for k, (key, _) in enumerate(hosts) for cid in ids[key]]
        for t in starters:
            t.start()
        for t in starters:
            t.join(30)
        for key, _ in hosts:  # every start event is in before the held re-reads go on
            for cid in ids[key]:
                rec.host(key).wait_for(lambda c, cid=cid: isinstance(c, ch.DaemonEvent) and c.action == "start" and c.actor_id == cid, timeout=20, after=marks[key], what="its start event")
        gate.set()
        for key, _ in hosts:
            for cid in ids[key]:
                rec.host(key).wait_for(lambda c, cid=cid: isinstance(c, ch.ContainerChanged) and c.container.id == cid and c.container.state == "running", timeout=20, after=marks[key], what="the row running")
        assert len(calls) == 3  # each host's re-reader
        for batches in calls.values():
            assert len(batches) <= 2, batches  # the held one, then all the rest at once
            assert sum(len(b) for b in batches) >= 5
        for proxy in proxies:
            reads = [r for r in proxy.requests if r.at >= t0 and r.path.split("?")[0].endswith("/containers/json")]
            assert len(reads) <= 2, [r.path for r in reads]
    finally:
        gate.set()
        for proxy in proxies:
            proxy.stop()
