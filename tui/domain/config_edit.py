"""Change one value in a config.toml text and keep everything else as the user wrote it. Pure.

Used when Dockyard remembers a choice (the preview pane's toggle): the file is the user's,
so comments, order and other tables stay; only ``key`` in ``[table]`` is set (or added).
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_\-.]+)\s*\]\s*(?:#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")


def literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def set_value(text: str, table: str, key: str, value: object) -> str:
    """``text`` with ``table.key = value``: the line replaced if present, else added to the table
    (the table appended when missing)."""
    lines = text.splitlines()
    assign = re.compile(rf"^\s*{re.escape(key)}\s*=")
    start = None
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if m and m.group(1) == table:
            start = i
            break
    new = f"{key} = {literal(value)}"
    if start is None:
        if lines and lines[-1].strip():
            lines.append("")
        lines += [f"[{table}]", new]
        return "\n".join(lines) + "\n"
    end = len(lines)
    for j in range(start + 1, len(lines)):
        if _ANY_HEADER.match(lines[j]):
            end = j
            break
    for j in range(start + 1, end):
        if assign.match(lines[j]):
            lines[j] = new
            return "\n".join(lines) + "\n"
    insert = end
    while insert > start + 1 and not lines[insert - 1].strip():
        insert -= 1
    lines.insert(insert, new)
    return "\n".join(lines) + "\n"
