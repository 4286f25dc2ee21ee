"""Facts the engine reports, in the past tense. Frozen, so they can cross threads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .models import Container, DaemonInfo, Image, Network, Pairs, Snapshot, StatsSample, Volume
from .sanitize import clean


@dataclass(frozen=True, slots=True)
class Resynced:
    """A complete, fresh listing: replaces everything known."""

    snapshot: Snapshot


@dataclass(frozen=True, slots=True)
class ContainerChanged:
    container: Container


@dataclass(frozen=True, slots=True)
class ContainerRemoved:
    id: str


@dataclass(frozen=True, slots=True)
class ImagesRelisted:
    images: tuple[Image, ...]


@dataclass(frozen=True, slots=True)
class NetworkChanged:
    network: Network


@dataclass(frozen=True, slots=True)
class NetworkRemoved:
    id: str


@dataclass(frozen=True, slots=True)
class VolumeChanged:
    volume: Volume


@dataclass(frozen=True, slots=True)
class VolumeRemoved:
    name: str


@dataclass(frozen=True, slots=True)
class VolumesRelisted:
    """All volumes, after an event that names none of them (``volume prune``)."""

    volumes: tuple[Volume, ...]


@dataclass(frozen=True, slots=True)
class InfoChanged:
    info: DaemonInfo


@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    """state: connecting, live, reconnecting, not-responding, lost."""

    state: str
    endpoint: str
    reason: str = ""

    def __post_init__(self) -> None:
        # The reason is often a library's exception text (requests, ssl, the ssh child):
        # outside text, made safe here once for every view that shows it.
        object.__setattr__(self, "endpoint", clean(self.endpoint))
        object.__setattr__(self, "reason", clean(self.reason))


@dataclass(frozen=True, slots=True)
class DaemonEvent:
    """One raw daemon event, normalised (works whether or not legacy fields are sent)."""

    type: str
    action: str
    actor_id: str
    attributes: Pairs
    time: float

    def attr(self, key: str, default: str = "") -> str:
        for k, v in self.attributes:
            if k == key:
                return v
        return default


@dataclass(frozen=True, slots=True)
class StatsBatch:
    samples: tuple[StatsSample, ...]


Change = (
    Resynced
    | ContainerChanged
    | ContainerRemoved
    | ImagesRelisted
    | NetworkChanged
    | NetworkRemoved
    | VolumeChanged
    | VolumeRemoved
    | VolumesRelisted
    | InfoChanged
    | ConnectionChanged
    | DaemonEvent
    | StatsBatch
)

# What every engine pump is handed: a callable that takes one Change (posted to the UI).
Emit = Callable[[Change], None]
