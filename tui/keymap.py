"""User configuration: ``$XDG_CONFIG_HOME/dockyard/config.toml``.

    [keymap]
    container.stop = "x"        # binding id = keys (comma-separated for several)

    [logs]
    tail = 1000

The whole file is validated at start by ``tui.domain.config_schema``: every wrong
value is named with its line and what was expected, the default is used, and
Dockyard runs. ``Config.error`` carries those messages (cleaned, one per line) for
the notice shown at start; ``Config.settings`` has every table as typed values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .domain.config_schema import Problem, Settings, parse
from .domain.sanitize import clean
from .paths import config_file


@dataclass(frozen=True)
class Config:
    keymap: Mapping[str, str] = field(default_factory=dict)
    logs: Mapping[str, object] = field(default_factory=dict)
    error: str = ""
    settings: Settings = Settings()
    problems: tuple[Problem, ...] = ()


def load(path: Path | None = None) -> Config:
    path = path or config_file()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        return Config(error=clean(f"{path}: cannot read ({exc.strerror or exc}); using the defaults"))
    settings, problems = parse(data)
    source = clean(str(path))
    return Config(
        keymap=MappingProxyType(dict(settings.keymap)),
        logs=settings.logs.as_mapping(),
        error="\n".join(p.describe(source) for p in problems),
        settings=settings,
        problems=problems,
    )


NOTICE_MOST = 6


def notice(error: str, most: int = NOTICE_MOST) -> str:
    """The start's notice of ``error``: its first ``most`` problems, then how many more and
    where to read them all (a notice taller than the screen is cut off at its foot)."""
    lines = error.splitlines()
    if len(lines) <= most:
        return error
    rest = len(lines) - most
    return "\n".join(lines[:most] + [f"… and {rest} more: dockyard --check-config lists them all"])
