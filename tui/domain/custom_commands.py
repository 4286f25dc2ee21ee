"""The user's own commands (``[[commands]]`` in config.toml) with placeholders for the
selected object: ``{id}``, ``{name}``, ``{image}``, ``{host}``. Pure.

Each value is quoted for a POSIX shell, so a container called ``x; rm -rf ~`` stays one word.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any

PLACEHOLDERS = ("id", "name", "image", "host")
_FIELD = re.compile(r"\{([a-z_]*)\}")


@dataclass(frozen=True, slots=True)
class CustomCommand:
    name: str
    command: str  # a shell line with placeholders
    mode: str = "background"  # background | terminal
    key: str = ""  # an optional key on the dashboard
    kinds: tuple[str, ...] = ("containers",)

    @property
    def action(self) -> str:
        return f"custom_command({self.name!r})"


def unknown_placeholders(template: str) -> list[str]:
    return [f for f in _FIELD.findall(template) if f not in PLACEHOLDERS]


def values_for(kind: str, obj: Any, host: str) -> dict[str, str]:
    if kind == "containers":
        return {"id": obj.id, "name": obj.name, "image": obj.image, "host": host}
    if kind == "images":
        return {"id": obj.id, "name": obj.name, "image": obj.name, "host": host}
    return {"id": obj.id, "name": getattr(obj, "name", obj.id), "image": "", "host": host}


def expand(template: str, values: dict[str, str]) -> str:
    """``template`` with each placeholder replaced by its shell-quoted value."""
    return _FIELD.sub(lambda m: shlex.quote(values.get(m.group(1), "")) if m.group(1) in PLACEHOLDERS else m.group(0), template)
