"""Reads ``[[hosts]]`` from config.toml (see tui/domain/host_entries.py).

Isolated on purpose: when the validated configuration schema lands, this module is the
one to replace (``load_hosts`` returns the same entries from the schema's result).
"""

from __future__ import annotations

from pathlib import Path

from ..domain.host_entries import HostEntry, parse_hosts
from ..domain.sanitize import clean
from ..paths import config_file


def load_hosts(path: Path | None = None) -> tuple[tuple[HostEntry, ...], tuple[str, ...]]:
    """(entries, problems); a missing file is no hosts and no problem."""
    path = path or config_file()
    try:
        text = path.read_text()
    except FileNotFoundError:
        return (), ()
    except (OSError, UnicodeDecodeError) as exc:
        return (), (clean(f"{path}: {exc}"),)
    import tomllib  # only with a file to read (~4 ms of the start otherwise)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return (), (clean(f"{path}: {exc}"),)
    return parse_hosts(data)
