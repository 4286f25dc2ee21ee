"""Each kind is listed with ONE request, counted at the socket by a proxy."""

from __future__ import annotations

from collections import Counter

from tests.support import proxy as proxies
from tui.domain.models import Snapshot
from tui.engine import listing
from tui.engine.connection import open_client
from tui.engine.endpoint import resolve


def test_list_all_makes_one_request_per_kind(bed, daemon_client):
    ids = [bed.run(f"c{i}", start=i == 0) for i in range(4)]  # N+1 listing would show N
    bed.network("net")
    bed.volume("vol")
    daemon_client.tag(bed.image, f"{bed.prefix}img", "v1")

    with proxies.start(proxies.daemon_socket()) as proxy:
        client = open_client(resolve(host=proxy.url, env={}))
        try:
            proxy.clear()  # the version negotiation is not part of the listing
            snap = listing.list_all(client)
        finally:
            client.close()
        counts = Counter(proxy.paths())

    assert isinstance(snap, Snapshot)
    assert counts == Counter({
        "GET /containers/json": 1,
        "GET /images/json": 1,
        "GET /networks": 1,
        "GET /volumes": 1,
        "GET /info": 1,
        "GET /version": 1,
    }), counts
    names = {c.name for c in snap.containers}
    assert {bed.name(f"c{i}") for i in range(4)} <= names
    assert {c.id for c in snap.containers} >= set(ids)
    assert bed.name("net") in {n.name for n in snap.networks}
    assert bed.name("vol") in {v.name for v in snap.volumes}
    assert any(f"{bed.prefix}img:v1" in i.tags for i in snap.images)
    assert snap.info.engine_version and snap.info.api_version


def test_rereading_one_object_is_one_request(bed):
    cid = bed.run("one")
    nid = bed.network("net")
    vname = bed.volume("vol")
    with proxies.start(proxies.daemon_socket()) as proxy:
        client = open_client(resolve(host=proxy.url, env={}))
        try:
            for read, ident, path in (
                (listing.read_container, cid, "GET /containers/json"),
                (listing.read_network, nid, f"GET /networks/{nid}"),
                (listing.read_volume, vname, f"GET /volumes/{vname}"),
                (lambda c, _: listing.read_images(c), "", "GET /images/json"),
            ):
                proxy.clear()
                obj = read(client, ident)
                assert obj, path
                assert proxy.paths() == [path]
            proxy.clear()
            assert listing.read_container(client, "0" * 64) is None
            assert listing.read_network(client, "dyt-no-such-network") is None
            assert listing.read_volume(client, "dyt-no-such-volume") is None
            assert len(proxy.paths()) == 3
        finally:
            client.close()


def test_read_container_matches_exact_id_not_prefix_sibling(bed):
    """The id filter matches prefixes; the re-read must return the container asked for."""
    a = bed.run("a", start=False)
    with proxies.start(proxies.daemon_socket()) as proxy:
        client = open_client(resolve(host=proxy.url, env={}))
        try:
            got = listing.read_container(client, a)
        finally:
            client.close()
    assert got is not None and got.id == a and got.name == bed.name("a")


def test_rereading_several_containers_is_one_request_by_exact_id(bed):
    """A burst's containers in one filtered listing: each id gets its own container (not a
    prefix sibling), a removed one is absent."""
    ids = [bed.run("m1"), bed.run("m2", start=False), bed.run("m3")]
    with proxies.start(proxies.daemon_socket()) as proxy:
        client = open_client(resolve(host=proxy.url, env={}))
        try:
            proxy.clear()
            got = listing.read_containers(client, [*ids, "0" * 64])
            assert proxy.paths() == ["GET /containers/json"]
        finally:
            client.close()
    assert set(got) == set(ids)
    assert all(got[i].id == i for i in ids)
    assert got[ids[1]].state == "created" and got[ids[0]].state == "running"
