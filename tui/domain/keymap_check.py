"""Check a user's keymap against the bindings it remaps. Pure: binding tables come in as tuples.

A keymap entry is refused, with a reason shown at start, when its id names no binding, when
one of its keys is a name no key press carries (``key_problem``, from the UI layer, which
knows Textual's key names), or when one of its keys is already taken by another action of
the same context (after the other entries are applied). Refused entries are dropped, so a
key never does two things and help never lists one key for two actions.
"""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

# context name -> (binding id, default keys "a,b", action) for every binding in it
Tables = Mapping[str, Iterable[tuple[str, str, str]]]


def _keys(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


def check(
    keymap: Mapping[str, str], tables: Tables, key_problem: Callable[[str], str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """(the entries that are safe to apply, one problem sentence per refused entry).
    ``key_problem(key)``: why a key would never fire, "" when it would."""
    tables = {ctx: list(rows) for ctx, rows in tables.items()}
    known = {bid for rows in tables.values() for bid, _, _ in rows if bid}
    problems: list[str] = []
    accepted: dict[str, str] = {}
    for bid, keys in keymap.items():
        dead = [(key, why) for key in _keys(keys) if key_problem is not None and (why := key_problem(key))]
        if bid not in known:
            problems.append(f"keymap: unknown id {bid!r} (ignored)")
        elif dead:
            problems.append(f"keymap: {bid} = {dead[0][0]!r} is no key: {dead[0][1]} (ignored)")
        else:
            accepted[bid] = keys
    # Resolve clashes per context: a remapped key that another action already uses there.
    refused: set[str] = set()
    for ctx, rows in tables.items():
        owner: dict[str, tuple[str, str]] = {}  # key -> (binding id, action)
        for bid, default, action in rows:  # defaults of bindings the user did not remap
            if bid not in accepted:
                for key in _keys(default):
                    owner.setdefault(key, (bid, action))
        for bid, default, action in rows:
            if bid not in accepted or bid in refused:
                continue
            for key in _keys(accepted[bid]):
                other = owner.get(key)
                if other is not None and other[1] != action:
                    problems.append(f"keymap: {bid} = {key!r} is already {other[0]} in {ctx} (ignored)")
                    refused.add(bid)
                    break
            else:
                for key in _keys(accepted[bid]):
                    owner[key] = (bid, action)
    return {bid: keys for bid, keys in accepted.items() if bid not in refused}, problems
