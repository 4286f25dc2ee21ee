"""User configuration: ``$XDG_CONFIG_HOME/dockyard/config.toml``.

    [keymap]
    container.stop = "x"        # binding id = keys (comma-separated for several)

    [logs]
    tail = 1000
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .paths import config_file


@dataclass(frozen=True)
class Config:
    keymap: dict[str, str] = field(default_factory=dict)
    logs: dict[str, object] = field(default_factory=dict)
    error: str = ""


def load(path: Path | None = None) -> Config:
    path = path or config_file()
    try:
        data = tomllib.loads(path.read_text())
    except FileNotFoundError:
        return Config()
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return Config(error=f"{path}: {exc}")
    keymap = {}
    for key, value in _flatten(data.get("keymap") or {}).items():
        if isinstance(value, str):
            keymap[key] = value
        elif isinstance(value, list):
            keymap[key] = ",".join(str(v) for v in value)
    return Config(keymap=keymap, logs=dict(data.get("logs") or {}))


def _flatten(table: dict, prefix: str = "") -> dict:
    # TOML reads `container.stop = "x"` as a nested table; binding ids are dotted names.
    out = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out
