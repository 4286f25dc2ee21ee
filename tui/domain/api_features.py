"""What the negotiated Docker API version allows, and what to tell the user when it does not.

The engine gates each call on the version itself (``one_shot`` stats, volume prune's
``all`` filter); this table is the one place that says so in words, shown once after
connecting to an older daemon.
"""

from __future__ import annotations

# feature -> (first API version that has it, what the user notices without it)
FEATURES: dict[str, tuple[tuple[int, int], str]] = {
    "stats_one_shot": ((1, 41), "CPU and memory figures refresh more slowly (one-shot stats need API 1.41)"),
    "volume_prune_all": ((1, 42), "volume prune cannot tell anonymous from named volumes (needs API 1.42)"),
}
# Said where the feature is used (the prune dialog), not in a toast at every start.
IN_PLACE = {"volume_prune_all"}
OLDEST_SUPPORTED = (1, 24)


def parse_version(version: str) -> tuple[int, int] | None:
    try:
        major, minor = (int(x) for x in str(version).split(".")[:2])
    except ValueError:
        return None
    return major, minor


def available(version: str, feature: str) -> bool:
    parsed = parse_version(version)
    return parsed is not None and parsed >= FEATURES[feature][0]


def notes(version: str, *, at_start: bool = False) -> list[str]:
    """One line per feature this API version lacks (empty for a current daemon).

    ``at_start``: only what is worth a notice on connecting; the rest is said in place.
    """
    parsed = parse_version(version)
    if parsed is None:
        return []
    if parsed < OLDEST_SUPPORTED:
        return [f"API {version} is older than {OLDEST_SUPPORTED[0]}.{OLDEST_SUPPORTED[1]}: many views will fail"]
    return [
        f"API {version}: {text}"
        for name, (needed, text) in FEATURES.items()
        if parsed < needed and not (at_start and name in IN_PLACE)
    ]
