"""What a prune would remove and what it did remove. Pure, frozen, safe to cross threads."""

from __future__ import annotations

from dataclasses import dataclass

from .format import size as fmt_size


@dataclass(frozen=True, slots=True)
class PruneItem:
    kind: str  # containers, images, networks, volumes, build cache
    id: str
    name: str
    size: int = -1  # bytes freed if known, else -1

    @property
    def label(self) -> str:
        extra = f"  {fmt_size(self.size)}" if self.size >= 0 else ""
        return f"{self.name}{extra}"


@dataclass(frozen=True, slots=True)
class PrunePreview:
    kind: str
    items: tuple[PruneItem, ...]
    filters: tuple[tuple[str, str], ...] = ()
    options: tuple[tuple[str, bool], ...] = ()  # e.g. (("all", True),)
    note: str = ""  # anything the preview cannot promise

    @property
    def reclaimable(self) -> int:
        return sum(i.size for i in self.items if i.size > 0)

    @property
    def empty(self) -> bool:
        return not self.items

    def option(self, key: str) -> bool:
        return dict(self.options).get(key, False)

    def filter_dict(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for k, v in self.filters:
            out.setdefault(k, []).append(v)
        return out


@dataclass(frozen=True, slots=True)
class PruneResult:
    kind: str
    removed: tuple[str, ...]
    reclaimed: int = 0

    def summary(self) -> str:
        return f"{len(self.removed)} {self.kind} removed, {fmt_size(self.reclaimed)} reclaimed"
