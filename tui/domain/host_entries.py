"""The ``[[hosts]]`` table of config.toml, read into frozen entries (pure: no file IO).

    [[hosts]]
    name = "prod-1"            # required, unique: the key of the host everywhere
    url = "ssh://deploy@prod-1" # or: context = "prod"  (exactly one of the two)
    group = "prod"             # optional
    readonly = true            # optional: the engine refuses every mutating call
    colour = "#d08770"         # optional: the host's chip edge

Kept apart from the rest of the configuration on purpose: a validated schema for the
whole file is being written elsewhere, and ``parse_hosts`` is the one function it swaps.
Every problem becomes an entry's ``error`` (or a message), never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sanitize import clean, clean_name

_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-z_]{3,20})$")


@dataclass(frozen=True, slots=True)
class HostEntry:
    name: str
    url: str = ""
    context: str = ""
    group: str = ""
    readonly: bool = False
    colour: str = ""
    error: str = ""

    @property
    def address(self) -> str:
        return self.url or (f"context {self.context}" if self.context else "")


def parse_hosts(data: object) -> tuple[tuple[HostEntry, ...], tuple[str, ...]]:
    """(entries, problems) from the parsed TOML document (or its ``hosts`` value)."""
    table = data.get("hosts", []) if isinstance(data, dict) else data
    if table is None:
        return (), ()
    if not isinstance(table, list):
        return (), ("[[hosts]] must be an array of tables",)
    entries: list[HostEntry] = []
    problems: list[str] = []
    seen: set[str] = set()
    for n, raw in enumerate(table, start=1):
        if not isinstance(raw, dict):
            problems.append(f"[[hosts]] #{n} is not a table")
            continue
        name = clean_name(str(raw.get("name") or "")).strip()
        if not name:
            problems.append(f"[[hosts]] #{n} has no name")
            continue
        if name in seen:
            problems.append(f"[[hosts]] {name}: the name is used twice (the later entry is ignored)")
            continue
        seen.add(name)
        url = clean(str(raw.get("url") or "")).strip()
        context = clean_name(str(raw.get("context") or "")).strip()
        error = ""
        if url and context:
            error = "give url or context, not both"
        elif not url and not context:
            error = "needs url = … or context = …"
        colour = str(raw.get("colour") or raw.get("color") or "").strip()
        if colour and not _COLOUR.match(colour):
            problems.append(f"[[hosts]] {name}: colour {clean(colour)!r} is not #rgb, #rrggbb or a colour name")
            colour = ""
        readonly = raw.get("readonly", False)
        if not isinstance(readonly, bool):
            problems.append(f"[[hosts]] {name}: readonly must be true or false (taken as true)")
            readonly = True  # the safe reading of a typo
        entries.append(
            HostEntry(name=name, url=url, context=context, group=clean_name(str(raw.get("group") or "")).strip(), readonly=readonly, colour=colour, error=error)
        )
    return tuple(entries), tuple(problems)
