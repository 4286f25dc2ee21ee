"""Textual's key names answered without Unicode's name database (issue 20: ~0.7 MB resident).

Textual spells a key's character and a binding's footer label with ``unicodedata.lookup``:
``key_to_character("tab")`` asks for the character named "TAB", ``format_key("slash")`` for
"solidus", and a letter key for its own letter (which names nothing). A name lookup hashes
into the database and spells out, from its phrasebook, every name it compares on the way: the
~20 lookups of the dashboard's bindings (once each; Textual caches the answers) touched
0.6-0.9 MB of the database's pages, resident from then on (unicodedata's library is a shared,
clean mapping, but the process's RSS counts it as any other).

``install()`` gives ``textual.keys`` a ``unicodedata`` whose ``lookup`` answers the names a
key can spell from a table (the printable ASCII characters' names, and the aliases of the
four control characters Textual's key names spell: TAB, ESCAPE, BACKSPACE, DELETE), says
"no such name" for a single character (no Unicode name or alias is one character long) and
for the rest of Textual's own key vocabulary (ENTER, F1, SLASH...), and asks the real
database for anything else. Its other functions are the real module's.
``tests/unit/test_key_names.py`` checks every answer against the real database, over every key
name Textual defines.
"""

from __future__ import annotations

import unicodedata

# The characters a printable ASCII key types, by their Unicode names; letters and digits
# are keys of one character, which Textual never looks up as names it finds.
_ASCII = {
    "SPACE": " ", "EXCLAMATION MARK": "!", "QUOTATION MARK": '"', "NUMBER SIGN": "#", "DOLLAR SIGN": "$",
    "PERCENT SIGN": "%", "AMPERSAND": "&", "APOSTROPHE": "'", "LEFT PARENTHESIS": "(", "RIGHT PARENTHESIS": ")",
    "ASTERISK": "*", "PLUS SIGN": "+", "COMMA": ",", "HYPHEN-MINUS": "-", "FULL STOP": ".", "SOLIDUS": "/",
    "COLON": ":", "SEMICOLON": ";", "LESS-THAN SIGN": "<", "EQUALS SIGN": "=", "GREATER-THAN SIGN": ">",
    "QUESTION MARK": "?", "COMMERCIAL AT": "@", "LEFT SQUARE BRACKET": "[", "REVERSE SOLIDUS": "\\",
    "RIGHT SQUARE BRACKET": "]", "CIRCUMFLEX ACCENT": "^", "LOW LINE": "_", "GRAVE ACCENT": "`",
    "LEFT CURLY BRACKET": "{", "VERTICAL LINE": "|", "RIGHT CURLY BRACKET": "}", "TILDE": "~",
}  # fmt: skip
# Aliases (Unicode's NameAliases) that Textual's own key names spell.
_ALIASES = {"TAB": "\t", "ESCAPE": "\x1b", "BACKSPACE": "\x08", "DELETE": "\x7f"}
NAMED = {**_ASCII, **_ALIASES}


def vocabulary() -> set[str]:
    """Every name Textual's key functions look up for a key Textual defines (upper case)."""
    from textual import keys

    words = {member.value.rpartition("+")[2] for member in keys.Keys}
    words |= set(keys.KEY_NAME_REPLACEMENTS) | set(keys.KEY_NAME_REPLACEMENTS.values())
    words |= set(keys.KEY_DISPLAY_ALIASES) | set(keys.KEY_TO_UNICODE_NAME)
    names = set()
    for word in words:
        names.add(word.replace("_", " ").upper())  # key_to_character
        names.add(keys._get_unicode_name_from_key(keys.REPLACED_KEYS.get(word, word)).upper())  # format_key
    return names


class KeyNames:
    """``unicodedata`` for ``textual.keys``: ``lookup`` as the module's (see the module)."""

    def __init__(self) -> None:
        self._unnamed = frozenset(vocabulary() - set(NAMED))

    def lookup(self, name: str, /) -> str:
        if name.isascii():
            upper = name.upper()
            char = NAMED.get(upper)
            if char is not None:
                return char
            if len(name) == 1 or upper in self._unnamed:
                raise KeyError(f"undefined character name '{name}'")
        return unicodedata.lookup(name)

    def __getattr__(self, name: str):
        return getattr(unicodedata, name)

    def __repr__(self) -> str:
        return "<unicodedata, key names from a table (tui/key_names.py)>"


def install() -> bool:
    """Give ``textual.keys`` the table (once; False if it has it)."""
    import textual.keys

    if isinstance(textual.keys.__dict__.get("unicodedata"), KeyNames):
        return False
    textual.keys.unicodedata = KeyNames()
    return True


def key_problem(key: str) -> str:
    """Why ``key`` (one key of a keymap entry, already of a key's shape) would never fire, or "".

    Textual matches a binding's key against the name its input gives a key press: a character
    that is a letter or digit is its own name, any other character is named after it
    ("question_mark"), and the keys that type nothing have Textual's names ("f5", "pageup").
    Textual spells a few character names its own way ("slash", not "solidus").
    """
    from textual import keys

    final = key.rpartition("+")[2] or key
    if len(final) == 1:
        return ""
    own = keys.KEY_NAME_REPLACEMENTS.get(final)
    if own is not None:
        return f"Textual calls it {own!r}"
    if final in keys.KEY_NAME_REPLACEMENTS.values() or any(m.value.rpartition("+")[2] == final for m in keys.Keys):
        return ""
    try:
        char = unicodedata.lookup(keys._get_unicode_name_from_key(final).replace("_", " ").upper())
    except KeyError:
        return "not a key name"
    if char.isalnum():
        return f"a letter is its own name: {char!r}"
    return ""
