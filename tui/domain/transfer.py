"""Pull and push progress: the daemon's JSON stream folded into per-layer facts. Pure.

The stream is a sequence of ``{"status", "id", "progressDetail": {"current", "total"}}``
objects, ending in an ``{"error": ...}`` object when something went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

from .sanitize import clean

DONE_STATUSES = ("Pull complete", "Already exists", "Pushed", "Layer already exists", "Mounted from")


@dataclass(frozen=True, slots=True)
class LayerProgress:
    """One layer's latest status; current/total in bytes when the daemon says."""

    layer: str
    status: str
    current: int = 0
    total: int = 0

    @property
    def done(self) -> bool:
        return self.status.startswith(DONE_STATUSES)

    @property
    def fraction(self) -> float | None:
        if self.done:
            return 1.0
        if self.total > 0:
            return min(1.0, self.current / self.total)
        return None


@dataclass(frozen=True, slots=True)
class TransferStatus:
    """A line not about one layer: "Pulling from x", "Digest: ...", "Status: ..."."""

    message: str


@dataclass(frozen=True, slots=True)
class TransferFailed:
    message: str


@dataclass(frozen=True, slots=True)
class TransferFinished:
    reference: str
    digest: str = ""


Fact = LayerProgress | TransferStatus | TransferFailed | TransferFinished


def fact_from_stream(raw: Mapping[str, Any]) -> Fact | None:
    if raw.get("error") or raw.get("errorDetail"):
        detail = raw.get("errorDetail") or {}
        return TransferFailed(clean(str(raw.get("error") or detail.get("message") or "failed")))
    status = clean(str(raw.get("status") or ""))
    layer = clean(str(raw.get("id") or ""))
    detail = raw.get("progressDetail") or {}
    if layer and status and not status.startswith(("Pulling from", "Digest:", "Status:")) and ":" not in layer:
        return LayerProgress(layer, status, int(detail.get("current") or 0), int(detail.get("total") or 0))
    aux = raw.get("aux") or {}
    if aux.get("Digest"):
        return TransferStatus(clean(f"digest {aux['Digest']}"))
    if status:
        return TransferStatus(f"{layer}: {status}" if layer else status)
    return None


@dataclass(frozen=True, slots=True)
class Progress:
    """Everything known about one transfer so far; fold facts in with ``advance``."""

    layers: tuple[LayerProgress, ...] = ()
    messages: tuple[str, ...] = ()
    error: str = ""
    finished: bool = False

    def advance(self, fact: Fact) -> "Progress":
        if isinstance(fact, LayerProgress):
            layers = list(self.layers)
            for i, old in enumerate(layers):
                if old.layer == fact.layer:
                    # "Download complete" carries no byte counts: keep the last ones.
                    if not fact.total and old.total:
                        fact = replace(fact, current=old.total if fact.done else old.current, total=old.total)
                    layers[i] = fact
                    break
            else:
                layers.append(fact)
            return replace(self, layers=tuple(layers))
        if isinstance(fact, TransferStatus):
            return replace(self, messages=(*self.messages, fact.message)[-20:])
        if isinstance(fact, TransferFailed):
            return replace(self, error=fact.message, finished=True)
        if isinstance(fact, TransferFinished):
            return replace(self, finished=True)
        return self

    @property
    def fraction(self) -> float | None:
        known = [layer.fraction for layer in self.layers if layer.fraction is not None]
        if not self.layers:
            return 1.0 if self.finished and not self.error else None
        return sum(known) / len(self.layers)
