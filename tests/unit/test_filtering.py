"""The pane filter language: words are substrings, key=value matches a field or a label."""

from __future__ import annotations

import pytest

from tui.domain.filtering import Query, matches, parse_query

HAYSTACK = ("web-1", "nginx:1.27", "4f0caaaabbbb")
FIELDS = {"status": "running", "name": "web-1", "image": "nginx:1.27", "health": "healthy"}
LABELS = (("com.docker.compose.project", "Shop"), ("tier", "front"))


def m(text: str) -> bool:
    return matches(parse_query(text), HAYSTACK, FIELDS, LABELS)


def test_parse_query():
    q = parse_query("  Web  status=Running label=tier=front ")
    assert q == Query(words=("web",), fields=(("status", "running"), ("label", "tier=front")))
    assert parse_query("").empty and parse_query("   ").empty and not q.empty


@pytest.mark.parametrize("text", ["", "web", "WEB", "nginx", "4f0c", "web nginx", "1.27"])
def test_words_are_case_insensitive_substrings_all_required(text):
    assert m(text)


@pytest.mark.parametrize("text", ["db", "web db", "postgres"])
def test_words_that_do_not_match(text):
    assert not m(text)


@pytest.mark.parametrize("text, expected", [
    ("status=running", True), ("status=run", True), ("status=exited", False),
    ("health=healthy", True), ("image=nginx", True), ("name=WEB", True),
])
def test_fields(text, expected):
    assert m(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("label=tier", True), ("label=tier=front", True), ("label=tier:front", True), ("label=tier=back", False),
    ("label=missing", False), ("l=tier", True), ("tier=front", True), ("tier=fro", False),
    ("com.docker.compose.project=shop", True),
])
def test_labels(text, expected):
    assert m(text) is expected


def test_unknown_key_matches_nothing():
    assert not m("colour=blue")


def test_words_and_fields_combine():
    assert m("web status=running label=tier")
    assert not m("web status=exited")
