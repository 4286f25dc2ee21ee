"""Listing and re-reading daemon objects, one API request per kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain import parse
from ..domain.models import Container, DaemonInfo, Image, Network, Snapshot, Volume
from .errors import is_not_found

if TYPE_CHECKING:
    import docker


def list_all(client: docker.APIClient, version: dict | None = None) -> Snapshot:
    """Everything, in five requests (+ /version, unless its answer is given): containers,
    images, networks, volumes, info."""
    containers = client.containers(all=True)
    images = client.images()
    networks = client.networks()
    volumes = (client.volumes() or {}).get("Volumes") or []
    return parse.snapshot(containers, images, networks, volumes, read_info(client, version))


def read_info(client: docker.APIClient, version: dict | None = None) -> DaemonInfo:
    return parse.info_from_api(client.info(), version or client.version())


def read_container(client: docker.APIClient, cid: str) -> Container | None:
    """The list-format entry of one container (one request), or None when it is gone."""
    found = client.containers(all=True, filters={"id": cid})
    for raw in found:
        if raw.get("Id") == cid or raw.get("Id", "").startswith(cid):
            return parse.container_from_list(raw)
    return None


def read_containers(client: docker.APIClient, ids: list[str]) -> dict[str, Container]:
    """The list-format entries of several containers in one request, by the id asked for
    (an id missing from the answer is gone)."""
    if len(ids) == 1:
        c = read_container(client, ids[0])
        return {ids[0]: c} if c is not None else {}
    found = client.containers(all=True, filters={"id": list(ids)})
    by_id = {raw.get("Id", ""): raw for raw in found}
    out: dict[str, Container] = {}
    for cid in ids:
        raw = by_id.get(cid) or next((r for i, r in by_id.items() if i.startswith(cid)), None)
        if raw is not None:
            out[cid] = parse.container_from_list(raw)
    return out


def read_images(client: docker.APIClient) -> tuple[Image, ...]:
    return tuple(parse.image_from_list(i) for i in client.images())


def read_network(client: docker.APIClient, nid: str) -> Network | None:
    try:
        return parse.network_from_api(client.inspect_network(nid))
    except Exception as exc:
        if is_not_found(exc):
            return None
        raise


def read_volumes(client: docker.APIClient) -> tuple[Volume, ...]:
    return tuple(parse.volume_from_api(v) for v in (client.volumes() or {}).get("Volumes") or [])


def read_volume(client: docker.APIClient, name: str) -> Volume | None:
    try:
        return parse.volume_from_api(client.inspect_volume(name))
    except Exception as exc:
        if is_not_found(exc):
            return None
        raise
