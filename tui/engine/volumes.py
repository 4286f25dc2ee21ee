"""Volume actions: create, prune with a preview, and the daemon's disk usage (system df)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.sanitize import clean_name
from ..domain import api_features
from ._ops import label_filters, mutating, reading

if TYPE_CHECKING:  # loaded on first use, not on the start-up path (issue 20)
    from ..domain.disk import DiskUsage
    from ..domain.prune import PrunePreview, PruneResult

ANONYMOUS_LABEL = "com.docker.volume.anonymous"


@mutating
def create(client, name: str = "", driver: str = "local", labels: dict | None = None, driver_opts: dict | None = None) -> str:
    created = client.create_volume(name or None, driver=driver or "local", driver_opts=driver_opts or None, labels=labels or None)
    return created["Name"]


def _prune_filters(client, filters: dict | None, all: bool) -> dict:
    wanted = label_filters(filters)
    if all and api_features.available(client.api_version, "volume_prune_all"):
        # From API 1.42 prune only takes anonymous volumes unless asked for all.
        wanted["all"] = ["true"]
    return wanted


@reading
def prune_preview(client, filters: dict | None = None, all: bool = True) -> PrunePreview:
    """Volumes ``docker volume prune`` would remove: those no container references
    (and from API 1.42, without ``all``, only anonymous ones), sized from system df."""
    from ..domain.prune import PruneItem, PrunePreview
    wanted = label_filters(filters)
    listed = (client.volumes(filters={**wanted, "dangling": ["true"]}) or {}).get("Volumes") or []
    if not all and api_features.available(client.api_version, "volume_prune_all"):
        listed = [v for v in listed if ANONYMOUS_LABEL in (v.get("Labels") or {})]
    sizes = {v.get("Name"): int((v.get("UsageData") or {}).get("Size", -1)) for v in client.df().get("Volumes") or ()}
    items = tuple(sorted((PruneItem("volumes", v["Name"], clean_name(v["Name"]), sizes.get(v["Name"], -1)) for v in listed), key=lambda i: i.name))
    return PrunePreview("volumes", items, filters=tuple((k, v) for k, vs in wanted.items() for v in vs), options=(("all", all),))


@mutating
def prune(client, filters: dict | None = None, all: bool = True) -> PruneResult:
    from ..domain.prune import PruneResult
    result = client.prune_volumes(filters=_prune_filters(client, filters, all) or None) or {}
    return PruneResult("volumes", tuple(result.get("VolumesDeleted") or ()), int(result.get("SpaceReclaimed") or 0))


@reading
def disk_usage(client) -> DiskUsage:
    """``docker system df -v``: one request, sizes computed by the daemon (can take a while)."""
    from ..domain.disk import usage_from_df
    return usage_from_df(client.df())
