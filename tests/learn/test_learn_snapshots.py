"""Snapshots at 120x36 of the learning views over a fixed State, in English and Korean
(Korean is double-width: these pin that boxes and columns still line up)."""

from __future__ import annotations

import pytest

from tests.learn import fake_state
from tests.learn.harness import LearnHarness


def _concept():
    from tui.screens.learn.concept import ConceptScreen

    st = fake_state.state()
    return ConceptScreen("image", "images", st.images[fake_state.APP_A], stack=fake_state.app_stack())


def _lifecycle():
    from tui.screens.learn.lifecycle import LifecycleScreen

    return LifecycleScreen(fake_state.state().containers["1" * 64])


def _map():
    from tui.screens.learn.relations import RelationsScreen

    return RelationsScreen("networks", fake_state.state().networks[fake_state.NET_BACK])


def _arch():
    from tui.screens.learn.architecture import ArchitectureScreen

    return ArchitectureScreen()


def _layers():
    from tui.screens.learn.layers import LayersScreen

    class StaticLayers(LayersScreen):
        def on_mount(self) -> None:
            self.show(fake_state.app_stack())

    return StaticLayers("images", fake_state.state().images[fake_state.APP_A])


VIEWS = {"concept": _concept, "lifecycle": _lifecycle, "map": _map, "arch": _arch, "layers": _layers}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_snapshot(snap_compare, view, lang):
    app = LearnHarness(VIEWS[view], lang=lang)
    assert snap_compare(app, terminal_size=(120, 36))


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_korean_card_renders(lang):
    from tui.screens.learn.concept import ConceptScreen

    app = LearnHarness(_concept, lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConceptScreen)
        body = app.screen.query_one("#concept-body").render().plain
        if lang == "ko":
            assert "이미지는 읽기 전용 템플릿(template, 틀)입니다" in body and "그중 1개를" in body
        else:
            assert "read-only template" in body
