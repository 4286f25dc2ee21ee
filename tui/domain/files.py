"""A container's files as the files view shows them. Pure.

The listing comes from ``stat -c '%F|%s|%Y|%n'`` run in the container, one line per entry
(names are raw bytes from the container: shown only through ``clean_name``). Copies report
progress as ``CopyProgress`` and end with ``CopyDone``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .sanitize import clean_name

LIST_SCRIPT = (
    'cd -- "$1" || exit 2; for f in .* *; do '
    'case "$f" in .|..) continue;; esac; '
    '[ -e "$f" ] || [ -L "$f" ] || continue; '
    'stat -c "%F|%s|%Y|%n" -- "$f"; done'
)


@dataclass(frozen=True, slots=True)
class FileEntry:
    name: str  # raw, as the container names it
    kind: str  # dir, file, link, other
    size: int
    mtime: float

    @property
    def shown(self) -> str:
        return clean_name(self.name) + ("/" if self.kind == "dir" else "")


@dataclass(frozen=True, slots=True)
class CopyProgress:
    done: int
    total: int | None  # bytes, when known

    @property
    def fraction(self) -> float | None:
        return min(1.0, self.done / self.total) if self.total else None


@dataclass(frozen=True, slots=True)
class CopyDone:
    target: str  # where the copy landed (local path, or the container path)
    size: int


_KINDS = {"directory": "dir", "regular file": "file", "regular empty file": "file", "symbolic link": "link"}


def parse_listing(output: str) -> list[FileEntry]:
    entries = []
    for line in output.split("\n"):
        parts = line.split("|", 3)
        if len(parts) != 4:
            continue
        kind, size, mtime, name = parts
        try:
            entries.append(FileEntry(name, _KINDS.get(kind, "other"), int(size), float(mtime)))
        except ValueError:
            continue
    return sorted(entries, key=lambda e: (e.kind != "dir", e.name))


def join(directory: str, name: str) -> str:
    return posixpath.normpath(posixpath.join(directory or "/", name))


def parent(path: str) -> str:
    return posixpath.dirname(posixpath.normpath(path)) or "/"
