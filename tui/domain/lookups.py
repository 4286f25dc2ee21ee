"""Which containers use an image, a network or a volume: read from State alone.

Its own small module: the dashboard's preview asks these on the first screen, and the
relationship map (relations.py, with its nodes and inspect details) loads only when a
learning view opens (issue 20: memory).
"""

from __future__ import annotations

from .models import Container
from .state import State


def network_id_of(state: State, attachment) -> str:
    if attachment.network_id and attachment.network_id in state.networks:
        return attachment.network_id
    for n in state.networks.values():
        if n.name == attachment.network:
            return n.id
    return attachment.network_id


def containers_of_image(state: State, image_id: str) -> list[Container]:
    return sorted((c for c in state.containers.values() if c.image_id == image_id), key=lambda c: c.name)


def containers_on_network(state: State, network_id: str) -> list[Container]:
    out = [c for c in state.containers.values() if any(network_id_of(state, a) == network_id for a in c.networks)]
    return sorted(out, key=lambda c: c.name)


def containers_with_volume(state: State, volume: str) -> list[Container]:
    out = [c for c in state.containers.values() if any(m.type == "volume" and m.name == volume for m in c.mounts)]
    return sorted(out, key=lambda c: c.name)
