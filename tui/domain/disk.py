"""Disk usage maths, computed as ``docker system df`` computes it.

The figures follow the docker CLI's formatter (cli/command/formatter/disk_usage.go):
images count as active when a container uses them and their reclaimable space is the
layers' total minus what used images hold uniquely; containers are active when
running, paused or restarting; volumes when referenced; build cache when in use.
Sizes are printed with go-units' HumanSize (decimal, four significant digits).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .sanitize import clean_name

_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
_ACTIVE_STATES = ("running", "paused", "restarting")


def human_size(size: float) -> str:
    """go-units HumanSize: ``1.984MB``, ``0B``, ``12.3kB``."""
    i = 0
    size = float(size)
    while size >= 1000.0 and i < len(_UNITS) - 1:
        size /= 1000.0
        i += 1
    return f"{size:.4g}{_UNITS[i]}"


@dataclass(frozen=True, slots=True)
class Category:
    """One line of ``docker system df``."""

    type: str  # Images, Containers, Local Volumes, Build Cache
    total: int
    active: int
    size: int
    reclaimable: int
    show_percent: bool = True  # the CLI prints no percentage for the build cache

    @property
    def percent(self) -> int | None:
        """Integer percentage, truncated like Go's integer division; None when size is 0."""
        if not self.show_percent or self.size <= 0:
            return None
        return (self.reclaimable * 100) // self.size

    def cli_row(self, size=None) -> dict[str, str]:
        """The fields of ``docker system df --format '{{json .}}'`` (``size``: another unit
        formatter; the disk view passes the dashboard's binary one)."""
        human_size_ = size or human_size
        reclaim = human_size_(self.reclaimable)
        if self.percent is not None:
            reclaim = f"{reclaim} ({self.percent}%)"
        return {
            "Type": self.type,
            "TotalCount": str(self.total),
            "Active": str(self.active),
            "Size": human_size_(self.size),
            "Reclaimable": reclaim,
        }


@dataclass(frozen=True, slots=True)
class ImageUsage:
    id: str
    tags: tuple[str, ...]
    size: int
    shared: int  # -1 when the daemon does not know
    containers: int
    created: float

    @property
    def unique(self) -> int:
        return self.size - self.shared if self.shared >= 0 else self.size


@dataclass(frozen=True, slots=True)
class ContainerUsage:
    id: str
    name: str
    image: str
    state: str
    size_rw: int
    size_root: int

    @property
    def active(self) -> bool:
        return any(s in self.state for s in _ACTIVE_STATES)


@dataclass(frozen=True, slots=True)
class VolumeUsage:
    name: str
    driver: str
    size: int  # -1 when unknown
    links: int  # -1 when unknown


@dataclass(frozen=True, slots=True)
class CacheUsage:
    id: str
    kind: str
    description: str
    size: int
    in_use: bool
    shared: bool


@dataclass(frozen=True, slots=True)
class DiskUsage:
    layers_size: int
    images: tuple[ImageUsage, ...] = ()
    containers: tuple[ContainerUsage, ...] = ()
    volumes: tuple[VolumeUsage, ...] = ()
    build_cache: tuple[CacheUsage, ...] = ()

    def summary(self) -> tuple[Category, ...]:
        return (self.images_category(), self.containers_category(), self.volumes_category(), self.cache_category())

    def images_category(self) -> Category:
        used = sum(i.size - i.shared for i in self.images if i.containers and i.size != -1 and i.shared != -1)
        return Category(
            "Images",
            len(self.images),
            sum(1 for i in self.images if i.containers > 0),
            self.layers_size,
            self.layers_size - used,
        )

    def containers_category(self) -> Category:
        return Category(
            "Containers",
            len(self.containers),
            sum(1 for c in self.containers if c.active),
            sum(c.size_rw for c in self.containers),
            sum(c.size_rw for c in self.containers if not c.active),
        )

    def volumes_category(self) -> Category:
        return Category(
            "Local Volumes",
            len(self.volumes),
            sum(1 for v in self.volumes if v.links > 0),
            sum(v.size for v in self.volumes if v.size != -1),
            sum(v.size for v in self.volumes if v.size != -1 and v.links == 0),
        )

    def cache_category(self) -> Category:
        size = sum(b.size for b in self.build_cache if not b.shared)
        in_use = sum(b.size for b in self.build_cache if b.in_use and not b.shared)
        return Category("Build Cache", len(self.build_cache), sum(1 for b in self.build_cache if b.in_use), size, size - in_use, show_percent=False)

    @property
    def reclaimable(self) -> int:
        return sum(c.reclaimable for c in self.summary())


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def usage_from_df(raw: Mapping[str, Any]) -> DiskUsage:
    """From GET /system/df (docker-py ``client.df()``), sanitising every string."""
    images = tuple(
        ImageUsage(
            id=clean_name(i.get("Id") or ""),
            tags=tuple(clean_name(t) for t in i.get("RepoTags") or () if t and t != "<none>:<none>"),
            size=_int(i.get("Size"), -1),
            shared=_int(i.get("SharedSize"), -1),
            containers=_int(i.get("Containers")),
            created=float(_int(i.get("Created"))),
        )
        for i in raw.get("Images") or ()
    )
    containers = tuple(
        ContainerUsage(
            id=clean_name(c.get("Id") or ""),
            name=clean_name(((c.get("Names") or ["/"])[0]).lstrip("/")),
            image=clean_name(c.get("Image") or ""),
            state=clean_name(c.get("State") or ""),
            size_rw=_int(c.get("SizeRw")),
            size_root=_int(c.get("SizeRootFs")),
        )
        for c in raw.get("Containers") or ()
    )
    volumes = tuple(
        VolumeUsage(
            name=clean_name(v.get("Name") or ""),
            driver=clean_name(v.get("Driver") or ""),
            size=_int((v.get("UsageData") or {}).get("Size"), -1),
            links=_int((v.get("UsageData") or {}).get("RefCount"), -1),
        )
        for v in raw.get("Volumes") or ()
    )
    cache = tuple(
        CacheUsage(
            id=clean_name(b.get("ID") or ""),
            kind=clean_name(b.get("Type") or ""),
            description=clean_name(b.get("Description") or ""),
            size=_int(b.get("Size")),
            in_use=bool(b.get("InUse")),
            shared=bool(b.get("Shared")),
        )
        for b in raw.get("BuildCache") or ()
    )
    return DiskUsage(layers_size=_int(raw.get("LayersSize")), images=images, containers=containers, volumes=volumes, build_cache=cache)
