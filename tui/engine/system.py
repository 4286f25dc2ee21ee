"""System-wide pruning (``docker system prune``): stopped containers, unused networks,
dangling (or unused) images, build cache and optionally volumes, each with a preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.sanitize import clean_name
from . import images, networks, volumes
from ._ops import label_filters, mutating, reading
from .actions import Actions

if TYPE_CHECKING:  # loaded on first use, not on the start-up path (issue 20)
    from ..domain.prune import PrunePreview, PruneResult

_STOPPED = ("exited", "created", "dead")


@reading
def containers_prune_preview(client, filters: dict | None = None) -> PrunePreview:
    from ..domain.prune import PruneItem, PrunePreview
    wanted = label_filters(filters)
    sizes = {c.get("Id"): int(c.get("SizeRw") or 0) for c in client.df().get("Containers") or ()}
    items = []
    for raw in client.containers(all=True, filters={**wanted, "status": list(_STOPPED)}):
        name = ((raw.get("Names") or ["/"])[0]).lstrip("/") or raw["Id"][:12]
        items.append(PruneItem("containers", raw["Id"], clean_name(name), sizes.get(raw["Id"], 0)))
    return PrunePreview("containers", tuple(sorted(items, key=lambda i: i.name)), filters=tuple((k, v) for k, vs in wanted.items() for v in vs))


@mutating
def containers_prune(client, filters: dict | None = None) -> PruneResult:
    from ..domain.prune import PruneResult
    result = client.prune_containers(filters=label_filters(filters) or None) or {}
    return PruneResult("containers", tuple(result.get("ContainersDeleted") or ()), int(result.get("SpaceReclaimed") or 0))


@reading
def cache_prune_preview(client, all: bool = False) -> PrunePreview:
    from ..domain.prune import PruneItem, PrunePreview
    items = tuple(
        PruneItem("build cache", clean_name(b.get("ID") or ""), clean_name(f"{b.get('Type', '')} {b.get('Description', '')}".strip() or b.get("ID", "")), int(b.get("Size") or 0))
        for b in client.df().get("BuildCache") or ()
        if not b.get("InUse") and (all or not b.get("Shared"))
    )
    return PrunePreview("build cache", items, options=(("all", all),))


@mutating
def cache_prune(client, all: bool = False) -> PruneResult:
    from ..domain.prune import PruneResult
    result = client.prune_builds(all=all or None) or {}
    return PruneResult("build cache", tuple(result.get("CachesDeleted") or ()), int(result.get("SpaceReclaimed") or 0))


def system_prune_preview(actions: Actions, *, all: bool = False, include_volumes: bool = False, filters: dict | None = None) -> tuple[PrunePreview, ...]:
    previews = [
        containers_prune_preview(actions, filters),
        networks.prune_preview(actions, filters),
        images.prune_preview(actions, all=all, filters=filters),
    ]
    if include_volumes:
        previews.append(volumes.prune_preview(actions, filters=filters, all=False))
    if not filters:
        previews.append(cache_prune_preview(actions, all=all))
    return tuple(previews)


def system_prune(actions: Actions, *, all: bool = False, include_volumes: bool = False, filters: dict | None = None) -> tuple[PruneResult, ...]:
    """In the CLI's order: containers first frees what images and networks they held."""
    results = [containers_prune(actions, filters), networks.prune(actions, filters)]
    if include_volumes:
        results.append(volumes.prune(actions, filters=filters, all=False))
    results.append(images.prune(actions, all=all, filters=filters))
    if not filters:
        results.append(cache_prune(actions, all=all))
    return tuple(results)
