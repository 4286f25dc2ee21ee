"""tui/key_names.py: Textual's key names from a table answer as Unicode's name database does."""

from __future__ import annotations

import unicodedata

import pytest
import textual.keys as keys

from tui import key_names
from tui.key_names import NAMED, KeyNames, vocabulary


def _answer(lookup, name):
    try:
        return "char", lookup(name)
    except KeyError as exc:
        return "none", str(exc)


def _names() -> set[str]:
    names = vocabulary() | set(NAMED) | {chr(c) for c in range(32, 127)}
    return names | {n.lower() for n in names} | {n.title() for n in names}


def test_every_name_a_key_can_spell_gets_the_databases_answer():
    table = KeyNames()
    wrong = {n: (_answer(unicodedata.lookup, n), _answer(table.lookup, n)) for n in _names()}
    wrong = {n: pair for n, pair in wrong.items() if pair[0] != pair[1]}
    assert not wrong
    assert len(vocabulary()) > 80  # Textual's keys were found (the test would pass on nothing)


def test_other_names_are_asked_of_the_database():
    table = KeyNames()
    assert table.lookup("snowman") == "\u2603"
    assert table.lookup("HANGUL SYLLABLE GA") == "\uac00"
    assert _answer(table.lookup, "NO SUCH CHARACTER") == _answer(unicodedata.lookup, "NO SUCH CHARACTER")
    assert _answer(table.lookup, "\u00e9") == _answer(unicodedata.lookup, "\u00e9")
    assert table.name("/") == "SOLIDUS" and table.category("a") == "Ll"  # the rest is the module's


@pytest.fixture
def fresh_key_caches():
    keys.format_key.cache_clear()
    keys.key_to_character.cache_clear()
    yield
    keys.format_key.cache_clear()
    keys.key_to_character.cache_clear()


def _spelt() -> dict[str, tuple]:
    words = {member.value for member in keys.Keys} | set(keys.KEY_NAME_REPLACEMENTS.values())
    words |= {keys._character_to_key(chr(c)) for c in range(32, 127)}
    out = {}
    for word in sorted(words):
        keys.format_key.cache_clear()
        keys.key_to_character.cache_clear()
        out[word] = (keys.format_key(word), keys.key_to_character(word))
    return out


def test_textual_spells_every_key_as_before(fresh_key_caches, monkeypatch):
    monkeypatch.setattr(keys, "unicodedata", unicodedata)
    before = _spelt()
    assert key_names.install()
    assert not key_names.install()  # once
    assert isinstance(keys.unicodedata, KeyNames)
    assert _spelt() == before
    assert before["question_mark"] == ("?", "?") and before["slash"] == ("/", None) and before["tab"][1] == "\t"


def test_the_dashboards_keys_never_reach_the_database(fresh_key_caches, monkeypatch):
    """What a start asks (the footer's labels, each binding's character) is all in the table."""
    monkeypatch.setattr(keys, "unicodedata", KeyNames())
    asked = []
    monkeypatch.setattr(key_names, "unicodedata", _Counting(asked))
    for word in ("s", "S", "r", "question_mark", "slash", "at", "tab", "enter", "escape", "space", "f1", "1", "left_square_bracket"):
        keys.format_key(word)
        keys.key_to_character(word)
    assert asked == []


class _Counting:
    def __init__(self, asked: list) -> None:
        self.asked = asked

    def lookup(self, name):
        self.asked.append(name)
        return unicodedata.lookup(name)
