"""The union filesystem behind an image or a container, as overlay2 stores it.

Pure: built from `GraphDriver.Data` (LowerDir, UpperDir, MergedDir, WorkDir), the container's
Mounts, and, when the daemon runs on this machine, what tui/engine/unionfs.py read from the
layer directories themselves (whiteouts, file sizes per layer, the daemon's own record of each
layer's compressed digest).

- Lower dirs are read-only: the image's layers, plus the container's `-init` layer (the files
  Docker writes for every container: /etc/hosts, /etc/resolv.conf, /etc/hostname mount points).
- The upper dir is the container's writable layer; `merged` is the single tree its process sees.
- Deleting a file that lives in a lower layer cannot change that layer: overlayfs writes a
  *whiteout* (a character device 0/0 with the file's name) in the upper dir that hides it.
- So bytes added in one layer and deleted (or replaced) in a later one are still stored in the
  earlier layer and still pulled: "deleted but stored".
- Volume, bind and tmpfs mount points are mounted over the merged tree: their files are not in
  any layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from .sanitize import clean, clean_name


@dataclass(frozen=True, slots=True)
class OverlayDirs:
    driver: str
    lower: tuple[str, ...] = ()  # as the daemon lists them: the topmost lower layer first
    upper: str = ""
    merged: str = ""
    work: str = ""

    @property
    def init_layer(self) -> str:
        """The container's `-init` layer among the lower dirs ("" for an image)."""
        return next((d for d in self.lower if d.rstrip("/").endswith("-init/diff")), "")

    @property
    def image_lower(self) -> tuple[str, ...]:
        return tuple(d for d in self.lower if d != self.init_layer)


def overlay_dirs(graph_driver: Mapping[str, Any] | None) -> OverlayDirs | None:
    """None when the driver keeps no such directories (vfs, btrfs, a snapshotter's store)."""
    graph_driver = graph_driver or {}
    data = graph_driver.get("Data") or {}
    name = clean_name(str(graph_driver.get("Name") or ""))
    if not data.get("UpperDir") and not data.get("LowerDir"):
        return None
    lower = tuple(clean(d) for d in str(data.get("LowerDir") or "").split(":") if d)
    return OverlayDirs(name, lower, clean(str(data.get("UpperDir") or "")), clean(str(data.get("MergedDir") or "")),
                       clean(str(data.get("WorkDir") or "")))


def image_layer_dirs(dirs: OverlayDirs, n_layers: int) -> tuple[str, ...]:
    """An image's layer directories bottom (base) first, in RootFS.Layers order; () when they do not line up.

    For an image, UpperDir is its top layer and LowerDir the ones below (topmost first).
    """
    chain = tuple(reversed(dirs.image_lower)) + ((dirs.upper,) if dirs.upper else ())
    return chain if len(chain) == n_layers else ()


@dataclass(frozen=True, slots=True)
class MountPoint:
    kind: str  # volume, bind, tmpfs
    destination: str
    name: str = ""  # the volume's name
    source: str = ""  # host path (bind, volume's _data); "" for tmpfs
    rw: bool = True
    options: str = ""  # tmpfs options ("size=64m") or the mount's mode

    def covers(self, path: str) -> bool:
        dest = self.destination.rstrip("/") or "/"
        return path == dest or path.startswith(dest + "/")


def mounts_from_inspect(raw: Mapping[str, Any]) -> tuple[MountPoint, ...]:
    """Mounts (volumes, binds, tmpfs given with --mount) and HostConfig.Tmpfs (--tmpfs)."""
    out: list[MountPoint] = []
    for m in raw.get("Mounts") or ():
        kind = str(m.get("Type") or "")
        if kind not in ("volume", "bind", "tmpfs"):
            continue
        out.append(MountPoint(kind, clean(str(m.get("Destination") or "")), clean_name(str(m.get("Name") or "")),
                              clean(str(m.get("Source") or "")), bool(m.get("RW", True)), clean(str(m.get("Mode") or ""))))
    seen = {m.destination for m in out}
    for dest, options in ((raw.get("HostConfig") or {}).get("Tmpfs") or {}).items():
        if dest not in seen:
            out.append(MountPoint("tmpfs", clean(str(dest)), options=clean(str(options or ""))))
    return tuple(sorted(out, key=lambda m: m.destination))


def mount_for(path: str, mounts: Sequence[MountPoint]) -> MountPoint | None:
    best = None
    for m in mounts:
        if m.covers(path) and (best is None or len(m.destination) > len(best.destination)):
            best = m
    return best


@dataclass(frozen=True, slots=True)
class Whiteout:
    path: str  # the path inside the container that the whiteout hides
    opaque: bool = False  # an opaque directory: everything below it in lower layers is hidden


@dataclass(frozen=True, slots=True)
class StoredWaste:
    """Bytes a layer still stores for a file that a later layer deleted or replaced."""

    path: str
    size: int
    added_in: int  # layer index (0 = base)
    removed_in: int
    how: str  # "deleted" or "replaced"


@dataclass(frozen=True, slots=True)
class LayerFiles:
    """One layer directory's regular files (path -> size) and its whiteouts."""

    files: Mapping[str, int] = field(default_factory=dict)
    whiteouts: tuple[Whiteout, ...] = ()
    truncated: bool = False  # stopped walking (too many entries)


def stored_waste(layers: Sequence[LayerFiles]) -> tuple[StoredWaste, ...]:
    """Files added in one layer and deleted or replaced in a later one (bottom first), largest first."""
    live: dict[str, tuple[int, int]] = {}  # path -> (layer index, size) of the copy the merged tree shows
    out: list[StoredWaste] = []
    for index, layer in enumerate(layers):
        for w in layer.whiteouts:
            hidden = [p for p in live if p == w.path or p.startswith(w.path.rstrip("/") + "/")]
            for p in hidden:
                added, size = live.pop(p)
                if w.opaque and p == w.path:
                    continue
                out.append(StoredWaste(p, size, added, index, "deleted"))
        for path, size in layer.files.items():
            if path in live:
                added, old = live[path]
                out.append(StoredWaste(path, old, added, index, "replaced"))
            live[path] = (index, size)
    return tuple(sorted((w for w in out if w.size > 0), key=lambda w: (-w.size, w.path)))


@dataclass(frozen=True, slots=True)
class CompressedDigest:
    digest: str  # sha256:… of the gzip'd layer as a registry stores it
    repository: str  # where the daemon pulled it from or pushed it to


@dataclass(frozen=True, slots=True)
class UnionFs:
    dirs: OverlayDirs | None = None
    mounts: tuple[MountPoint, ...] = ()
    whiteouts: tuple[Whiteout, ...] = ()  # in the container's upper dir
    waste: tuple[StoredWaste, ...] = ()  # in the image's layers
    compressed: Mapping[str, tuple[CompressedDigest, ...]] = field(default_factory=dict)  # diff id -> digests
    read_local: bool = False  # the layer directories were read on this machine
    why_not: str = ""  # translation key: why the directories were not read
    truncated: bool = False

    @property
    def wasted_bytes(self) -> int:
        return sum(w.size for w in self.waste)


def v2metadata(raw: Any) -> tuple[CompressedDigest, ...]:
    """The daemon's own file image/<driver>/distribution/v2metadata-by-diffid/sha256/<diff id>."""
    out = []
    for entry in raw if isinstance(raw, list) else ():
        if isinstance(entry, Mapping) and entry.get("Digest"):
            out.append(CompressedDigest(clean_name(str(entry["Digest"])), clean_name(str(entry.get("SourceRepository") or ""))))
    return tuple(out)
