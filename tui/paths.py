"""Where Dockyard finds its stylesheets and keeps its configuration."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def styles_dir() -> Path:
    """``tui/styles`` inside an installed wheel, else ``styles/`` of a source checkout."""
    packaged = _PACKAGE / "styles"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "styles"


def stylesheets(*names: str) -> list[Path]:
    base = styles_dir()
    return [base / f"{name}.tcss" for name in names]


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "dockyard"


def config_file() -> Path:
    return config_dir() / "config.toml"
