"""Issue 18: under --lang ko every learning view's chrome is Korean: the title, the key line
(the learning views' footer), the bindings whatever reads them (help, palette), the table
headers, the empty state and the dialogs a view opens; and the key line fits the terminal by
cell width (Korean takes two cells a syllable), cut by whole keys, at 160x45 and 80x24.
Against the real daemon."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tui.i18n import tr
from tui.widgets.footer_fit import KEY_SEP, fit_key_line

pytestmark = pytest.mark.daemon

SIZES = ((160, 45), (80, 24))
HANGUL = re.compile(r"[\uac00-\ud7a3]")
TERMS = {"cgroup"}  # kept as the term itself in Korean too


def _views(app, cid):
    from tui.screens.learn.lessons import LessonScreen
    from tui.screens.learn.run_trace import RunTraceScreen

    c = app.state.containers[cid]
    nav = app.control.nav
    return {
        "arch": lambda: nav.open_learn("arch"),
        "events": lambda: nav.open_learn("events"),
        "map": lambda: nav.open_learn("map", "containers", c),
        "layers": lambda: nav.open_learn("layers", "containers", c),
        "isolation": lambda: nav.open_learn("isolation", "containers", c),
        "lifecycle": lambda: nav.open_learn("lifecycle", "containers", c),
        "lessons": lambda: app.push_screen(LessonScreen(auto_open=False)),
        "trace": lambda: app.push_screen(RunTraceScreen(c)),
        "concept": lambda: nav.open_learn("concept", "containers", c),
    }


def _rows(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def test_key_lines_are_cut_by_whole_keys_and_keep_back():
    line = tr("keys.lessons", "ko")
    more = tr("keys.more", "ko")
    assert fit_key_line(line, 200, more) == line
    cut = fit_key_line(line, 78, more)
    assert cell_len(cut) <= 78 and cut.endswith(KEY_SEP + more + KEY_SEP + "esc 뒤로"), cut
    whole = set(line.split(KEY_SEP)) | {more}
    assert all(part in whole for part in cut.split(KEY_SEP)), cut
    assert fit_key_line(line, 10, more) == more + KEY_SEP + "esc 뒤로"  # never less than the way back


async def test_learning_views_speak_korean_and_their_key_line_fits(bed, make_app, until):
    from textual.widgets import Static

    from tui.screens.learn.concept import ConceptScreen

    cid = bed.run("ko-chrome")
    for size in SIZES:
        width = size[0]
        app = make_app(lang="ko")
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="listed")
            base = len(app.screen_stack)
            for name, open_view in _views(app, cid).items():
                open_view()
                await until(pilot, lambda: len(app.screen_stack) > base and app.screen.is_mounted, what=name)
                await pilot.pause(0.3)
                screen = app.screen
                where = f"{name} at {size}"
                title = screen.query_one("#concept-title" if isinstance(screen, ConceptScreen) else ".learn-title", Static)
                assert HANGUL.search(str(title.render())), where
                keys = screen.query_one(".learn-keys", Static)
                text = str(keys.render())
                assert "\n" not in text.strip() and keys.size.height == 1, (where, text)  # one line, no wrap
                assert cell_len(text) <= width - 2, (where, text)
                own = tr(getattr(screen, "KEYS_KEY", "") or "keys.concept", "ko")
                whole = set(own.split(KEY_SEP)) | {tr("keys.more", "ko")}
                assert all(part in whole for part in text.split(KEY_SEP)), (where, text)  # cut by whole keys only
                assert text.endswith("esc 뒤로") or text == "esc 닫기", (where, text)
                if width >= 160:
                    assert text == own, (where, text)  # everything fits at 160
                if not isinstance(screen, ConceptScreen):
                    assert text.strip() in _rows(app)[-1], (where, _rows(app)[-1])  # drawn whole on the bottom row
                # every binding this view adds, as help / the palette / a footer read it: Korean
                mine = [ab.binding for ab in screen.active_bindings.values() if ab.node is screen and ab.binding.id]
                assert mine and all(HANGUL.search(b.description) or b.description in TERMS for b in mine), (where, [b.description for b in mine])
                rows = "\n".join(_rows(app))
                if name == "isolation":
                    await until(pilot, lambda: "격리 여부" in "\n".join(_rows(app)), what="namespace headers")
                    rows = "\n".join(_rows(app))
                    assert "verdict" not in rows and "identity" not in rows, where
                if name == "lifecycle":  # state boxes whole (two rows of four when narrow), chains broken between parts
                    top = "\n".join(_rows(app)[:8])
                    assert all(tr(f"state.{st}", "ko") in top for st in ("paused", "dead", "restarting")), (where, top)
                    assert not any(r.rstrip().endswith(("[", "─", "→")) for r in _rows(app)), where
                    assert "기다리는" in rows and "상태입니다" in rows, where  # the truth line wraps, not cut
                if name == "events":
                    assert "이벤트" in rows and "No events" not in rows, where
                app.pop_screen()
                await pilot.pause(0.1)


async def test_dialogs_from_learning_views_are_korean(bed, make_app, until):
    from textual.widgets import Button, Checkbox, Label

    from tui.screens.dialogs.confirm import ConfirmScreen
    from tui.screens.learn.lessons import LessonScreen

    cid = bed.run("ko-dialog")
    app = make_app(lang="ko")
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="listed")
        app.control.nav.open_learn("lifecycle", "containers", app.state.containers[cid])
        await until(pilot, lambda: type(app.screen).__name__ == "LifecycleScreen" and app.screen.is_mounted, what="lifecycle")
        await pilot.pause(0.3)
        seen = {}
        for key in ("K", "d"):
            await pilot.press(key)
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what=f"{key} asks")
            await pilot.pause(0.4)
            dialog = app.screen
            seen[key] = (str(dialog.query_one("#confirm-title", Label).render()), [str(b.label) for b in dialog.query(Button)],
                         [str(c.label) for c in dialog.query(Checkbox)])
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen), what="cancelled")
        assert seen["K"][0].endswith("강제 종료할까요?") and seen["K"][1] == ["취소", "강제 종료"], seen
        assert seen["d"][0].endswith("삭제할까요?") and seen["d"][1] == ["취소", "삭제"], seen
        assert seen["d"][2] == ["강제 (실행 중이면 먼저 멈춤)", "익명 볼륨도 삭제"], seen
        assert app.state.containers[cid].state == "running"  # cancelled: nothing happened
        app.pop_screen()
        await app.push_screen(LessonScreen(auto_open=False))
        await pilot.pause(0.3)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="x asks")
        await pilot.pause(0.4)
        assert str(app.screen.query_one("#confirm-title", Label).render()) == "수업 객체(lsn-*)를 모두 삭제할까요?"
        assert [str(b.label) for b in app.screen.query(Button)] == ["취소", "삭제"]
        await pilot.press("escape")
