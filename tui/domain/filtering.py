"""The filter language of the panes: words are substrings of name, image or id;
``key=value`` matches a label or a field (``status=running``, ``driver=bridge``).
All words must match."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Query:
    words: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.words and not self.fields


def parse_query(text: str) -> Query:
    words, fields = [], []
    for token in text.split():
        if "=" in token:
            key, _, value = token.partition("=")
            fields.append((key.lower(), value.lower()))
        else:
            words.append(token.lower())
    return Query(tuple(words), tuple(fields))


def matches(query: Query, haystack: tuple[str, ...], fields: dict[str, str], labels) -> bool:
    """haystack: texts for substring words; fields: named values; labels: (k, v) pairs."""
    lowered = [h.lower() for h in haystack]
    for word in query.words:
        if not any(word in h for h in lowered):
            return False
    label_map = {k.lower(): v.lower() for k, v in labels}
    for key, value in query.fields:
        if key in ("label", "l"):
            k, _, v = value.partition(":") if ":" in value else value.partition("=")
            if k not in label_map or (v and label_map[k] != v):
                return False
            continue
        if key == "port" and key in fields:
            if value not in fields[key].lower().split():  # a whole port, not a substring
                return False
        elif key in fields:
            if value not in fields[key].lower():
                return False
        elif key in label_map:
            if label_map[key] != value:
                return False
        else:
            return False
    return True


def unknown_keys(query: Query, field_names, label_keys) -> list[str]:
    """``key=value`` keys that are neither a field of this kind nor a label of any object:
    they would silently match nothing."""
    known = {k.lower() for k in field_names} | {k.lower() for k in label_keys} | {"label", "l"}
    return [key for key, _ in query.fields if key not in known]
