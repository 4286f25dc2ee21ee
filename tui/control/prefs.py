"""Choices Dockyard remembers in the user's config.toml (the preview pane's toggle)."""

from __future__ import annotations

from ..domain.config_edit import set_value
from ..paths import config_file


def remember(table: str, key: str, value: object) -> str:
    """Write ``[table] key = value`` into config.toml; "" on success, else why not."""
    path = config_file()
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".toml.tmp")
        tmp.write_text(set_value(text, table, key, value), encoding="utf-8")
        tmp.replace(path)
    except (OSError, UnicodeDecodeError) as exc:
        return f"could not save {table}.{key} to {path}: {getattr(exc, 'strerror', None) or exc}"
    return ""
