"""Image layer stacks from `image inspect` (RootFS.Layers) and `image history`, which layers
each local image shares with the others, and a container's writable layer (`docker diff`).

Pure. A layer is shared only when the whole chain below it is the same (that is how the
storage driver stores it: by chain id), so equal diff ids at different depths are not shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .sanitize import clean, clean_name

# History entries that only change the image config and add no layer.
_METADATA = ("ENV", "CMD", "LABEL", "EXPOSE", "ENTRYPOINT", "WORKDIR", "USER", "ARG", "ONBUILD",
             "STOPSIGNAL", "HEALTHCHECK", "SHELL", "VOLUME", "MAINTAINER")


@dataclass(frozen=True, slots=True)
class Layer:
    diff_id: str
    size: int = -1  # -1: not known (history and layers could not be matched)
    created_by: str = ""
    shared_with: tuple[str, ...] = ()  # names of other local images with the same chain up to here

    @property
    def short(self) -> str:
        return self.diff_id.split(":", 1)[-1][:12]


@dataclass(frozen=True, slots=True)
class LayerStack:
    image_id: str
    name: str
    layers: tuple[Layer, ...]  # bottom (base) first
    metadata: tuple[str, ...] = ()  # config-only history steps (CMD, ENV, …), oldest first

    @property
    def shared_count(self) -> int:
        return sum(1 for layer in self.layers if layer.shared_with)

    @property
    def total_size(self) -> int:
        return sum(max(0, layer.size) for layer in self.layers)


def rootfs_layers(inspect: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(clean_name(d) for d in ((inspect.get("RootFS") or {}).get("Layers") or ()))


def _is_metadata(created_by: str, size: int) -> bool:
    if size > 0:
        return False
    text = created_by.strip()
    if "#(nop)" in text:
        return True
    word = text.split(" ", 1)[0].upper()
    return word in _METADATA


def _tidy(created_by: str) -> str:
    text = clean(created_by).replace("\n", " ").replace("\t", " ").strip()
    for prefix in ("/bin/sh -c #(nop) ", "|1 /bin/sh -c ", "/bin/sh -c "):
        if text.startswith(prefix):
            rest = text[len(prefix):].strip()
            return rest if "#(nop)" in prefix else "RUN " + rest
    return text


def stack(image_id: str, name: str, inspect: Mapping[str, Any], history: Sequence[Mapping[str, Any]]) -> LayerStack:
    """Match history (newest first, as the API sends it) to RootFS.Layers (oldest first)."""
    diff_ids = rootfs_layers(inspect)
    # An imported base has no CreatedBy, only a Comment ("Imported from -").
    steps = [(_tidy(str(h.get("CreatedBy") or h.get("Comment") or "")), int(h.get("Size") or 0)) for h in reversed(list(history))]
    layer_steps = [s for s in steps if not _is_metadata(*s)]
    meta = tuple(text for text, size in steps if _is_metadata(text, size))
    if len(layer_steps) != len(diff_ids):
        # Unusual history (squashed, imported, other builders): keep sizes where they line up by count from the top.
        sized = [s for s in steps if s[1] > 0]
        layer_steps = sized if len(sized) == len(diff_ids) else []
    layers = []
    for i, d in enumerate(diff_ids):
        text, size = layer_steps[i] if layer_steps else ("", -1)
        layers.append(Layer(d, size, text))
    return LayerStack(image_id, name, tuple(layers), meta)


def mark_shared(stacks: Sequence[LayerStack], chains: Mapping[str, tuple[tuple[str, ...], str]]) -> tuple[LayerStack, ...]:
    """Set shared_with on each layer of each stack.

    ``chains`` maps every local image id to (its RootFS.Layers, its name); the stacks are the
    ones to annotate (usually one, the image on screen).
    """
    out = []
    for st in stacks:
        own = tuple(layer.diff_id for layer in st.layers)
        layers = []
        for i, layer in enumerate(st.layers):
            prefix = own[: i + 1]
            others = sorted({name for iid, (chain, name) in chains.items() if iid != st.image_id and chain[: i + 1] == prefix})
            layers.append(Layer(layer.diff_id, layer.size, layer.created_by, tuple(others)))
        out.append(LayerStack(st.image_id, st.name, tuple(layers), st.metadata))
    return tuple(out)


def shared_between(chains: Mapping[str, tuple[tuple[str, ...], str]]) -> dict[str, int]:
    """For every image id: how many of its layers another local image also has (chain-wise)."""
    counts = {}
    for iid, (chain, _) in chains.items():
        best = 0
        for other, (ochain, _) in chains.items():
            if other == iid:
                continue
            n = 0
            for a, b in zip(chain, ochain):
                if a != b:
                    break
                n += 1
            best = max(best, n)
        counts[iid] = best
    return counts


# The writable layer

DIFF_KINDS = {0: "C", 1: "A", 2: "D"}


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # A added, C changed, D deleted
    path: str


@dataclass(frozen=True, slots=True)
class WritableLayer:
    container_id: str
    name: str
    image_id: str
    size_rw: int = -1  # bytes written to the container's own layer, -1 if unknown
    size_rootfs: int = -1
    changes: tuple[Change, ...] = ()

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)


def changes_from_diff(raw: Sequence[Mapping[str, Any]] | None) -> tuple[Change, ...]:
    out = []
    for entry in raw or ():
        kind = DIFF_KINDS.get(int(entry.get("Kind", 0)), "C")
        out.append(Change(kind, clean(str(entry.get("Path") or ""))))
    return tuple(sorted(out, key=lambda c: c.path))
