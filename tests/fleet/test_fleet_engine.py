"""The engine's Fleet against real private dockerds of the bed (scripts/testbed up-hosts):
one Session per host keyed by name, changes tagged with their host, independent starts
under a cap, a frozen host reported while the others keep flowing, a host lost and back
resynced exactly, per-host read-only proven by a request-logging proxy, fast close."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from tests.fleet.conftest import pidfile, start_host, stop_host
from tests.support.daemon import wait_for
from tui.domain import changes as ch
from tui.domain.fleet_state import FleetState, add_host, apply_fleet, merged, row_key, split_key
from tui.engine.endpoint import resolve

pytestmark = pytest.mark.daemon


def endpoints(urls, names=None, **kw):
    from dataclasses import replace

    names = names or [f"host-{i + 1}" for i in range(len(urls))]
    return [(n, replace(resolve(host=u, env={}), name=n, **kw)) for n, u in zip(names, urls)]


def changed(name: str, state: str | None = None):
    return lambda c: isinstance(c, ch.ContainerChanged) and c.container.name == name and (state is None or c.container.state == state)


def test_four_hosts_list_and_follow_each_change_tagged_with_its_host(fleet_clients, start_fleet):
    hosts = endpoints([u for u, _, _ in fleet_clients])
    ids = {}
    for (key, _), (_, _, bed) in zip(hosts, fleet_clients):
        ids[key] = bed.run(f"before-{key}")
    fleet, rec = start_fleet(hosts, max_starting=2)
    for key, _ in hosts:
        snap = rec.host(key).wait_resynced(timeout=20).snapshot
        assert ids[key] in {c.id for c in snap.containers}
        # each host's listing holds only its own containers
        others = {v for k, v in ids.items() if k != key}
        assert not others & {c.id for c in snap.containers}
    assert fleet.most_starting <= 2 and sorted(fleet.keys()) == sorted(k for k, _ in hosts)
    # follow: one new container per host arrives by event, from that host only
    marks = {k: rec.host(k).mark() for k, _ in hosts}
    for (key, _), (_, _, bed) in zip(hosts, fleet_clients):
        bed.run(f"after-{key}")
    for (key, _), (_, _, bed) in zip(hosts, fleet_clients):
        rec.host(key).wait_for(changed(bed.name(f"after-{key}"), "running"), timeout=10, after=marks[key], what=f"the new container on {key}")
        for other, _ in hosts:
            if other != key:
                assert not any(changed(bed.name(f"after-{key}"))(c) for c in rec.host(other).since(marks[other]))


def test_the_same_container_id_on_two_hosts_is_two_rows(twin_hosts, start_fleet):
    urls, twin_id = twin_hosts
    hosts = endpoints(urls, names=["twin-a", "twin-b"])
    fleet, rec = start_fleet(hosts)
    fs = FleetState()
    for key, _ in hosts:
        fs = add_host(fs, key)
    for key, _ in hosts:
        snap = rec.host(key).wait_resynced(timeout=20).snapshot
        assert twin_id in {c.id for c in snap.containers}, "the bed's twins share the container id"
        fs = apply_fleet(fs, key, ch.Resynced(snap), time.time())
    both = merged(fs, ["twin-a", "twin-b"])
    keys = {row_key("twin-a", twin_id), row_key("twin-b", twin_id)}
    assert keys <= set(both.containers)
    assert {both.containers[k].host for k in keys} == {"twin-a", "twin-b"}
    assert split_key(row_key("twin-b", twin_id)) == ("twin-b", twin_id)
    # a change on one twin touches only its row
    fleet.session("twin-a").container_action("start", twin_id)
    change = rec.host("twin-a").wait_for(lambda c: isinstance(c, ch.ContainerChanged) and c.container.id == twin_id and c.container.state == "running", timeout=15)
    fs = apply_fleet(fs, "twin-a", change, time.time())
    both = merged(fs, ["twin-a", "twin-b"])
    assert both.containers[row_key("twin-a", twin_id)].state == "running"
    assert both.containers[row_key("twin-b", twin_id)].state != "running"
    fleet.session("twin-a").container_action("kill", twin_id)
    # one host in scope: exactly that host's state, keys unchanged
    assert merged(fs, ["twin-b"]) is fs.hosts["twin-b"] and twin_id in merged(fs, ["twin-b"]).containers


def test_a_frozen_host_is_not_responding_within_8s_while_the_others_update(fleet_clients, start_fleet):
    hosts = endpoints([u for u, _, _ in fleet_clients])
    fleet, rec = start_fleet(hosts)
    for key, _ in hosts:
        rec.host(key).wait_resynced(timeout=20)
    frozen_url = fleet_clients[1][0]
    frozen_key = hosts[1][0]
    pid = int(Path(pidfile(frozen_url)).read_text().strip())
    mark = {k: rec.host(k).mark() for k, _ in hosts}
    os.kill(pid, signal.SIGSTOP)
    try:
        rec.host(frozen_key).wait_for(lambda c: isinstance(c, ch.ConnectionChanged) and c.state == "not-responding", timeout=30, after=mark[frozen_key], what="not responding")
        # meanwhile the other hosts' rows still update
        for (key, _), (_, _, bed) in zip(hosts, fleet_clients):
            if key == frozen_key:
                continue
            bed.run(f"while-frozen-{key}")
            rec.host(key).wait_for(changed(bed.name(f"while-frozen-{key}"), "running"), timeout=10, after=mark[key])
        t1 = time.monotonic()
        fleet.close()  # instant even with a frozen host
        assert time.monotonic() - t1 < 1.0
    finally:
        os.kill(pid, signal.SIGCONT)


def test_a_host_lost_and_back_resyncs_exactly(fleet_clients, start_fleet):
    hosts = endpoints([u for u, _, _ in fleet_clients[:2]])
    fleet, rec = start_fleet(hosts)
    fs = FleetState()
    for key, _ in hosts:
        fs = add_host(fs, key)
        fs = apply_fleet(fs, key, rec.host(key).wait_resynced(timeout=20), time.time())
    url, client, bed = fleet_clients[2 - 1]
    key = hosts[1][0]
    keep = bed.run("keep")
    gone = bed.run("gone")
    rec.host(key).wait_for(changed(bed.name("gone"), "running"), timeout=10)
    mark = rec.host(key).mark()
    stop_host(url)
    try:
        lost = rec.host(key).wait_for(lambda c: isinstance(c, ch.ConnectionChanged) and c.state in ("reconnecting", "lost"), timeout=15, after=mark)
        for c in rec.host(key).since(0):
            fs = apply_fleet(fs, key, c, time.time())
        assert key in fs.stale_since and keep in fs.hosts[key].containers  # stale rows stay
        assert lost.state == "reconnecting"
    finally:
        start_host(url)
    # while it was away: one container removed, one made (on the restarted daemon)
    client.remove_container(gone, force=True)
    made = bed.run("made-after")
    resynced = rec.host(key).wait_resynced(timeout=30, after=mark)
    for c in rec.host(key).since(mark):
        fs = apply_fleet(fs, key, c, time.time())
    assert key not in fs.stale_since  # live again: no longer stale
    truth = {c["Id"] for c in client.containers(all=True)}
    wait_for(lambda: set(_replay(rec, key).containers) == truth, timeout=10, what="the host's rows equal the daemon's listing")
    mine = set(_replay(rec, key).containers)
    assert resynced is not None and keep in mine and gone not in mine and made in mine


def _replay(rec, key):
    from tui.domain.state import State, apply

    st = State()
    for c in rec.host(key).since(0):
        st = apply(st, c)
    return st


def test_per_host_readonly_holds_no_mutating_request_reaches_that_host(fleet_clients, start_fleet):
    from tests.support.daemon_proxy import DaemonProxy
    from tui.domain.errors import DockerError

    url_ro, client_ro, bed_ro = fleet_clients[0]
    url_rw, client_rw, bed_rw = fleet_clients[1]
    ro_target = bed_ro.run("ro-target")
    rw_target = bed_rw.run("rw-target")
    proxy = DaemonProxy(url_ro[len("unix://"):]).start()
    try:
        from dataclasses import replace

        hosts = [("ro", replace(resolve(host=proxy.url, env={}), name="ro", readonly=True)), ("rw", replace(resolve(host=url_rw, env={}), name="rw"))]
        fleet, rec = start_fleet(hosts)
        rec.host("ro").wait_resynced(timeout=20)
        rec.host("rw").wait_resynced(timeout=20)
        for action in ("stop", "kill", "restart", "pause"):
            with pytest.raises(DockerError):
                fleet.session("ro").container_action(action, ro_target)
        with pytest.raises(DockerError):
            fleet.session("ro").remove("containers", ro_target)
        fleet.session("rw").container_action("stop", rw_target)  # the other host still acts
        assert client_rw.inspect_container(rw_target)["State"]["Status"] == "exited"
        time.sleep(0.5)
        mutating = [(r.method, r.path) for r in proxy.requests if r.method in ("POST", "DELETE", "PUT")]
        assert mutating == [], mutating
        assert client_ro.inspect_container(ro_target)["State"]["Status"] == "running"
    finally:
        proxy.stop()


def test_hosts_added_and_removed_at_run_time_and_close_is_instant(fleet_clients, start_fleet):
    hosts = endpoints([u for u, _, _ in fleet_clients])
    fleet, rec = start_fleet(hosts[:2])
    rec.host(hosts[0][0]).wait_resynced(timeout=20)
    fleet.add(*hosts[2])
    rec.host(hosts[2][0]).wait_resynced(timeout=20)
    fleet.remove(hosts[0][0])
    assert hosts[0][0] not in fleet.keys()
    mark = rec.host(hosts[0][0]).mark()
    fleet_clients[0][2].run("after-removal")
    time.sleep(1.0)
    assert rec.host(hosts[0][0]).since(mark) == []  # a removed host says nothing more
    before = threading.active_count()
    t0 = time.monotonic()
    fleet.close()
    assert time.monotonic() - t0 < 0.5
    fleet.join(5)
    assert threading.active_count() < before


def test_a_fleet_of_four_kinds_unix_tls_ssh_and_podman(fleet_clients, start_fleet, docker_config, tls_certs, ssh_env):
    """Five daemons of four kinds in one fleet: two unix dockerds, the TLS dockerd through a
    context, the bed's dockerd over Dockyard's ssh tunnel, and the bed's Podman service."""
    from dataclasses import replace

    from tests.remote.conftest import bed_var, create_context

    create_context(docker_config, "dyt-tls", bed_var("DOCKYARD_TEST_TLS_HOST"), ca=tls_certs / "ca.pem", cert=tls_certs / "cert.pem", key=tls_certs / "key.pem")
    hosts = [
        ("unix-1", replace(resolve(host=fleet_clients[0][0], env={}), name="unix-1")),
        ("unix-2", replace(resolve(host=fleet_clients[1][0], env={}), name="unix-2")),
        ("tls", replace(resolve(context="dyt-tls", env={"DOCKER_CONFIG": str(docker_config)}), name="tls")),
        ("ssh", replace(resolve(host=bed_var("DOCKYARD_TEST_SSH_HOST"), env={}), name="ssh")),
        ("podman", replace(resolve(host=bed_var("DOCKYARD_TEST_PODMAN_HOST"), env={}), name="podman")),
    ]
    fleet, rec = start_fleet(hosts, max_starting=2)
    for key, _ in hosts:
        snap = rec.host(key).wait_resynced(timeout=30).snapshot
        assert snap.info.engine_version, key
    assert {fleet.session(k).transport.describe().split(" ")[0] for k, _ in hosts} >= {"unix", "tcp+tls", "ssh"}
    podman_info = rec.host("podman").wait_resynced().snapshot.info
    assert podman_info.product.lower().startswith("podman") or "podman" in (podman_info.name + podman_info.product).lower()


def test_one_shared_stats_pool_samples_every_host_and_a_frozen_host_holds_only_its_share(fleet_clients, start_fleet):
    """No sampler thread per host: one scheduler and a few shared workers sample all hosts,
    at most ``per_host`` requests of one host at once, so a frozen host (its stats requests
    hang) leaves the other hosts sampling."""
    from tui.engine.stats_pool import PER_HOST, WORKERS

    def pool_threads():
        return [t for t in threading.enumerate() if t.name == "dockyard-stats" or t.name.startswith("dockyard-stats-pool")]

    before = {t.ident for t in pool_threads()}
    hosts = endpoints([u for u, _, _ in fleet_clients])
    running = {}
    for (key, _), (_, _, bed) in zip(hosts, fleet_clients):
        running[key] = [bed.run(f"stats-{key}-{i}") for i in range(PER_HOST + 2)]
    from tui.engine.session import Session

    def through_the_api(endpoint, emit, stats_pool=None, **kw):
        """Sample as for a remote host (TLS, ssh): every sample is an API request."""
        session = Session(endpoint, emit, stats_pool=stats_pool, **kw)
        session.stats._local = False
        return session

    fleet, rec = start_fleet(hosts, session_factory=through_the_api)
    assert fleet.stats_pool is not None
    for key, _ in hosts:
        rec.host(key).wait_resynced(timeout=20)
    marks = {k: rec.host(k).mark() for k, _ in hosts}
    for key, _ in hosts:
        fleet.want_stats(key, running[key])

    def sampled(key, after):
        want = set(running[key])
        return rec.host(key).wait_for(lambda c: isinstance(c, ch.StatsBatch) and want <= {s.id for s in c.samples}, timeout=15, after=after, what=f"stats of {key}")

    for key, _ in hosts:
        batch = sampled(key, marks[key])
        assert {s.id for s in batch.samples} <= set(running[key])  # a host's batch holds its own containers only
    new = [t for t in pool_threads() if t.ident not in before]
    assert sum(t.name == "dockyard-stats" for t in new) == 1  # one scheduler for the fleet, not one per host
    assert len(new) <= 1 + WORKERS
    assert fleet.stats_pool.most_running <= WORKERS

    frozen_url, frozen_key = fleet_clients[1][0], hosts[1][0]
    pid = int(Path(pidfile(frozen_url)).read_text().strip())
    os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(1.5)  # its stats requests are now hanging in the pool
        marks = {k: rec.host(k).mark() for k, _ in hosts}
        for key, _ in hosts:
            if key != frozen_key:
                sampled(key, marks[key])  # the others keep sampling, sweep after sweep
                sampled(key, rec.host(key).mark())
        assert fleet.stats_pool.most_running <= WORKERS
    finally:
        os.kill(pid, signal.SIGCONT)
