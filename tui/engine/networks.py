"""Network actions: create, connect, disconnect, prune (with a preview)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.sanitize import clean_name
from ._ops import label_filters, mutating, reading

if TYPE_CHECKING:  # loaded on first use, not on the start-up path (issue 20)
    from ..domain.prune import PrunePreview, PruneResult

BUILTIN = ("bridge", "host", "none")


@mutating
def create(
    client,
    name: str,
    driver: str = "bridge",
    subnet: str = "",
    gateway: str = "",
    internal: bool = False,
    attachable: bool = False,
    labels: dict | None = None,
) -> str:
    ipam = None
    if subnet:
        from docker.types import IPAMConfig, IPAMPool

        ipam = IPAMConfig(pool_configs=[IPAMPool(subnet=subnet, gateway=gateway or None)])
    created = client.create_network(
        name, driver=driver or None, ipam=ipam, internal=internal, attachable=attachable or None, labels=labels or None, check_duplicate=True
    )
    return created["Id"]


@mutating
def connect(client, network: str, container: str, aliases: list[str] | None = None, ipv4: str = "") -> None:
    client.connect_container_to_network(container, network, aliases=aliases or None, ipv4_address=ipv4 or None)


@mutating
def disconnect(client, network: str, container: str, force: bool = False) -> None:
    client.disconnect_container_from_network(container, network, force=force)


@reading
def prune_preview(client, filters: dict | None = None) -> PrunePreview:
    """Networks ``docker network prune`` would remove: user-defined, no container attached."""
    from ..domain.prune import PruneItem, PrunePreview
    wanted = label_filters(filters)
    items = []
    for raw in client.networks(filters=wanted or None):
        if raw.get("Name") in BUILTIN:
            continue
        # The list endpoint omits attached containers: inspect each candidate.
        full = client.inspect_network(raw["Id"])
        if full.get("Containers"):
            continue
        items.append(PruneItem("networks", raw["Id"], clean_name(raw.get("Name") or raw["Id"][:12])))
    return PrunePreview("networks", tuple(sorted(items, key=lambda i: i.name)), filters=tuple((k, v) for k, vs in wanted.items() for v in vs))


@mutating
def prune(client, filters: dict | None = None) -> PruneResult:
    from ..domain.prune import PruneResult
    result = client.prune_networks(filters=label_filters(filters) or None) or {}
    return PruneResult("networks", tuple(result.get("NetworksDeleted") or ()), 0)
