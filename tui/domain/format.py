"""Human-readable figures for cells. Pure; '—' wherever a value is not known."""

from __future__ import annotations

import math
import time

import humanize

DASH = "—"


def size(n: int | float | None) -> str:
    if n is None or n < 0:
        return DASH
    return humanize.naturalsize(n, binary=True, format="%.1f").replace("Bytes", "B").replace("Byte", "B")


def percent(p: float | None) -> str:
    if p is None or math.isnan(p) or math.isinf(p):
        return DASH
    return f"{p:.1f}%"


def ago(ts: float | None, now: float | None = None) -> str:
    if not ts:
        return DASH
    now = time.time() if now is None else now
    return humanize.naturaltime(max(0.0, now - ts))


def memory(used: int | None, limit: int | None) -> str:
    if used is None:
        return DASH
    if not limit:
        return size(used)
    return f"{size(used)} / {size(limit)}"


def short_id(ident: str) -> str:
    return ident.split(":", 1)[-1][:12]
