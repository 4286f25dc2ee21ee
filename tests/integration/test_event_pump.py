"""Every change made on the daemon arrives through the event pump as the matching fact."""

from __future__ import annotations

from tui.domain import changes as ch


def _container(cid: str, state: str | None = None):
    def match(c) -> bool:
        return isinstance(c, ch.ContainerChanged) and c.container.id == cid and (state is None or c.container.state == state)

    return match


def test_first_resync_lists_what_exists(bed, pump):
    _, rec = pump
    cid = bed.run("early")  # created after the first listing: must arrive by event
    first = rec.wait_resynced()
    assert first.snapshot.info.api_version
    got = rec.wait_for(_container(cid, "running"), what="the running container")
    assert got.container.name == bed.name("early")
    assert got.container.image == bed.image


def test_container_lifecycle(bed, pump, daemon_client):
    _, rec = pump
    mark = rec.mark()
    cid = bed.run("life", start=False)
    c = rec.wait_for(_container(cid, "created"), after=mark, what="created").container
    assert c.name == bed.name("life") and c.status.lower().startswith("created")

    daemon_client.start(cid)
    rec.wait_for(_container(cid, "running"), after=mark, what="running")

    daemon_client.pause(cid)
    rec.wait_for(_container(cid, "paused"), after=mark, what="paused")
    mark2 = rec.mark()  # before unpause: its change can arrive before the call returns
    daemon_client.unpause(cid)
    rec.wait_for(_container(cid, "running"), after=mark2, what="running again")

    daemon_client.rename(cid, bed.name("renamed"))
    rec.wait_for(lambda x: _container(cid)(x) and x.container.name == bed.name("renamed"), after=mark, what="renamed")

    daemon_client.stop(cid, timeout=5)
    stopped = rec.wait_for(_container(cid, "exited"), after=mark, what="exited").container
    assert stopped.status.startswith("Exited (0)")

    daemon_client.remove_container(cid)
    rec.wait_for(lambda x: isinstance(x, ch.ContainerRemoved) and x.id == cid, after=mark, what="removed")


def test_raw_events_are_emitted_too(bed, pump):
    _, rec = pump
    mark = rec.mark()
    cid = bed.run("ev", start=False)
    ev = rec.wait_for(
        lambda x: isinstance(x, ch.DaemonEvent) and x.actor_id == cid and x.action == "create", after=mark, what="create event"
    )
    assert ev.type == "container" and ev.attr("name") == bed.name("ev") and ev.time > 0


def test_networks_created_connected_and_removed(bed, pump, daemon_client):
    _, rec = pump
    mark = rec.mark()
    nid = bed.network("net", labels={"dockyard.test": "yes"})
    net = rec.wait_for(lambda x: isinstance(x, ch.NetworkChanged) and x.network.id == nid, after=mark, what="network").network
    assert net.name == bed.name("net") and net.driver == "bridge" and ("dockyard.test", "yes") in net.labels

    cid = bed.run("member")
    daemon_client.connect_container_to_network(cid, nid)
    attached = rec.wait_for(
        lambda x: _container(cid)(x) and nid in {a.network_id for a in x.container.networks}, after=mark, what="attached"
    )
    assert bed.name("net") in {a.network for a in attached.container.networks}
    mark2 = rec.mark()  # before the call: its change can arrive before the call returns
    daemon_client.disconnect_container_from_network(cid, nid)
    rec.wait_for(lambda x: _container(cid)(x) and nid not in {a.network_id for a in x.container.networks}, after=mark2, what="detached")

    daemon_client.remove_network(nid)
    rec.wait_for(lambda x: isinstance(x, ch.NetworkRemoved) and x.id == nid, after=mark, what="network removed")


def test_volumes_created_and_removed(bed, pump, daemon_client):
    _, rec = pump
    mark = rec.mark()
    name = bed.volume("vol", labels={"dockyard.test": "yes"})
    vol = rec.wait_for(lambda x: isinstance(x, ch.VolumeChanged) and x.volume.name == name, after=mark, what="volume").volume
    assert vol.driver == "local" and ("dockyard.test", "yes") in vol.labels
    daemon_client.remove_volume(name)
    rec.wait_for(lambda x: isinstance(x, ch.VolumeRemoved) and x.name == name, after=mark, what="volume removed")


def test_images_tagged_and_untagged(bed, pump, daemon_client):
    _, rec = pump
    mark = rec.mark()
    repo = f"{bed.prefix}img"
    daemon_client.tag(bed.image, repo, "t1")
    tagged = f"{repo}:t1"

    def has_tag(x) -> bool:
        return isinstance(x, ch.ImagesRelisted) and any(tagged in i.tags for i in x.images)

    relisted = rec.wait_for(has_tag, after=mark, what="tag")
    img = next(i for i in relisted.images if tagged in i.tags)
    assert bed.image in img.tags  # the same image, now with two names

    mark2 = rec.mark()
    daemon_client.remove_image(tagged)
    rec.wait_for(
        lambda x: isinstance(x, ch.ImagesRelisted) and not any(tagged in i.tags for i in x.images)
        and any(bed.image in i.tags for i in x.images),
        after=mark2,
        what="untag",
    )


def test_pump_state_follows_daemon_exactly(bed, pump, daemon_client):
    """Applying every emitted change gives the same state as a fresh listing."""
    from tui.domain.state import State, apply
    from tui.engine import listing
    from tests.support.daemon import wait_for

    _, rec = pump
    a = bed.run("a")
    b = bed.run("b", start=False)
    nid = bed.network("n")
    vname = bed.volume("v")
    daemon_client.stop(a, timeout=5)
    daemon_client.remove_container(b)
    rec.wait_for(lambda x: isinstance(x, ch.ContainerRemoved) and x.id == b, what="b removed")
    rec.wait_for(_container(a, "exited"), what="a exited")

    def folded() -> State:
        state = State()
        for change in rec.since(0):
            state = apply(state, change)
        return state

    def same():
        state, snap = folded(), listing.list_all(daemon_client)
        return (
            {c.id: c for c in snap.containers} == dict(state.containers)
            and {n.id: n for n in snap.networks} == dict(state.networks)
            and {v.name: v for v in snap.volumes} == dict(state.volumes)
            and {i.id: i for i in snap.images} == dict(state.images)
        )

    wait_for(same, timeout=10, what="state folded from the pump == a fresh listing")
    state = folded()
    assert nid in state.networks and vname in state.volumes and b not in state.containers
    assert state.containers[a].state == "exited"


def test_since_is_the_exact_last_event_time(bed, pump):
    """Reconnecting resumes from the last event's own nanosecond timestamp."""
    p, rec = pump
    cid = bed.run("since", start=False)
    ev = rec.wait_for(lambda x: isinstance(x, ch.DaemonEvent) and x.actor_id == cid, what="an event")
    since = p._since()
    seconds, _, nanos = since.partition(".")
    assert len(nanos) == 9 and abs(int(seconds) - ev.time) < 2
    # the daemon accepts it and replays from there, that very event included
    events = p.client.events(decode=True, since=since, until=f"{int(seconds) + 2}")
    try:
        replayed = [(e.get("Actor", {}).get("ID"), e.get("Action")) for e in events]
    finally:
        events.close()
    assert replayed and (cid, ev.action) in replayed, replayed


def test_close_stops_at_once_even_mid_stream(endpoint):
    import time

    from tests.support.pump import running_pump

    with running_pump(endpoint) as (p, rec):
        rec.wait_resynced()
        started = time.monotonic()
    assert time.monotonic() - started < 10  # running_pump asserts the threads ended (bound generous for busy machines)


def test_frozen_daemon_does_not_hold_close(daemon_client):
    """close() returns at once even when the daemon stops answering mid-listing."""
    import time

    from tests.support import proxy as proxies
    from tests.support.pump import running_pump
    from tui.engine.endpoint import resolve

    with proxies.start(proxies.daemon_socket()) as proxy:
        with running_pump(resolve(host=proxy.url, env={})) as (p, rec):
            rec.wait_resynced()
            proxy.pause()
            started = time.monotonic()
        assert time.monotonic() - started < 6
        proxy.resume()


import pytest  # noqa: E402


@pytest.mark.parametrize("road", ["quick first listing", "docker-py only"])
def test_an_event_between_the_streams_head_and_its_subscription_is_not_missed(bed, daemon_client, road):
    """dockerd sends the head of GET /events before it subscribes, and the pump lists as soon
    as the head comes: a container that died in between was listed running and its die was
    never seen (a CI flake under load). The stream opens ``since`` a moment of the daemon's
    clock, so the daemon replays what it published in the gap. EventsGap widens the gap."""
    import time

    from tests.support import proxy as proxies
    from tests.support.daemon import wait_for
    from tests.support.pump import running_pump
    from tui.engine import listing
    from tui.engine.connection import open_client
    from tui.engine.endpoint import resolve

    cid = bed.run("gap")
    with proxies.EventsGap(proxies.daemon_socket()) as gap:
        endpoint = resolve(host=gap.url, env={})

        def first():
            client = open_client(endpoint)
            try:
                return listing.list_all(client)
            finally:
                client.close()

        with running_pump(endpoint, first=first if road == "quick first listing" else None) as (_, rec):
            wait_for(gap.held.is_set, timeout=30, what="the events request held in the gap")
            mark = rec.mark()
            resynced = rec.wait_for(lambda c: isinstance(c, ch.Resynced) and c.snapshot.containers, timeout=30, what="the listing made in the gap")
            assert any(c.id == cid and c.state == "running" for c in resynced.snapshot.containers)
            daemon_client.kill(cid)
            wait_for(lambda: daemon_client.inspect_container(cid)["State"]["Status"] == "exited", timeout=30, what="the container exited")
            time.sleep(0.2)  # well after its die was published, before the daemon subscribes
            gap.gate.set()
            rec.wait_for(_container(cid, "exited"), after=mark, timeout=30, what="the die replayed after the gap")
        events = [p for p in gap.paths() if p.endswith("/events")]
        assert len(events) == 1, gap.paths()
        before = gap.paths()[: gap.paths().index("GET /events")]
        if road == "docker-py only":  # its clock asked once, right before the stream
            assert before[-1] == "GET /info", before
        else:  # known from the first listing's /info: no request more
            assert before.count("GET /info") == 1, before
