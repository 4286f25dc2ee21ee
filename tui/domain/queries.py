"""Questions asked of the state by more than one screen or flow."""

from __future__ import annotations

from .models import Container, Network
from .state import State


def attached_to(state: State, network: Network) -> list[Container]:
    """Containers attached to ``network``."""
    return [c for c in state.containers.values() if any(a.network == network.name or a.network_id == network.id for a in c.networks)]


def connect_candidates(state: State, network: Network) -> list[Container]:
    """Containers that could join ``network`` (not on it, not on host or none)."""
    attached = {c.id for c in attached_to(state, network)}
    return [c for c in state.containers.values() if c.id not in attached and not any(a.network in ("host", "none") for a in c.networks)]
