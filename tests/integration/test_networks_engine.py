"""Networks on the real daemon: create, connect/disconnect, prune preview vs prune."""

from __future__ import annotations

from tests.integration.subnets import ipam, random_subnet
from tui.engine import networks


def test_create_with_subnet_and_internal(actions, bed, daemon_client):
    subnet, gateway = random_subnet()
    nid = networks.create(actions, bed.name("lan"), subnet=subnet, gateway=gateway, internal=True, labels={"dyt": "1"})
    doc = daemon_client.inspect_network(nid)
    assert doc["Internal"] is True
    assert doc["IPAM"]["Config"][0]["Subnet"] == subnet
    assert doc["Labels"] == {"dyt": "1"}


def test_connect_and_disconnect_a_container(actions, bed, daemon_client):
    home = bed.network("home", ipam=ipam())
    other = bed.network("other", ipam=ipam())
    cid = bed.run("c", network_mode=bed.name("home"))
    networks.connect(actions, other, cid, aliases=["svc-alias"])
    nets = daemon_client.inspect_container(cid)["NetworkSettings"]["Networks"]
    assert set(nets) == {bed.name("home"), bed.name("other")}
    assert "svc-alias" in (nets[bed.name("other")]["Aliases"] or [])
    assert cid in daemon_client.inspect_network(other)["Containers"]
    networks.disconnect(actions, other, cid)
    assert set(daemon_client.inspect_container(cid)["NetworkSettings"]["Networks"]) == {bed.name("home")}
    assert home


def test_prune_preview_equals_what_is_removed(actions, bed, daemon_client):
    label = bed.prefix.rstrip("-")
    unused = {networks.create(actions, bed.name(f"idle{n}"), subnet=random_subnet()[0], labels={label: "1"}) for n in range(2)}
    used = networks.create(actions, bed.name("busy"), subnet=random_subnet()[0], labels={label: "1"})
    bed.run("user", network_mode=bed.name("busy"))
    preview = networks.prune_preview(actions, filters={"label": label})
    assert {i.id for i in preview.items} == unused
    result = networks.prune(actions, filters={"label": label})
    assert set(result.removed) == {bed.name("idle0"), bed.name("idle1")}
    assert daemon_client.inspect_network(used)["Id"] == used
