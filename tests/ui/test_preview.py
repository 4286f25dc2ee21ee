"""The preview pane against the real daemon, behind a request-logging proxy: it follows the
cursor, shows identity, sparklines and logs, and never holds more than one log stream."""

from __future__ import annotations

import re

import pytest

from tests.support.daemon_proxy import DaemonProxy, upstream_from_env
from tests.ui.helpers import dash, pane, shown

pytestmark = pytest.mark.daemon


@pytest.fixture
def proxy(daemon_client):
    p = DaemonProxy(upstream_from_env()).start()
    yield p
    p.stop()


def _log_streams(proxy) -> list:
    return [r for r in proxy.open_streams() if "/logs" in r.path]


def _text(widget) -> str:
    renderable = widget.render()
    return getattr(renderable, "plain", str(renderable))


async def _preview_of(app, pilot, until, cid: str):
    """The dashboard's preview with the cursor on ``cid``."""
    await until(pilot, lambda: app.state.synced and shown(app, cid), what="row")
    p = pane(app)
    p.table.focus()
    assert p.select_key(cid)
    return dash(app).preview


async def test_preview_follows_the_cursor_with_one_log_stream(make_app, bed, daemon_client, proxy, monkeypatch, until):
    ids = [bed.run(f"row{n:02d}", "i=0; while true; do echo line-$HOSTNAME-$i; i=$((i+1)); sleep 0.5; done") for n in range(50)]
    monkeypatch.setenv("DOCKER_HOST", proxy.url)
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await until(pilot, lambda: app.state.synced and all(shown(app, i) for i in ids), timeout=30, what="50 rows")
        d = dash(app)
        preview = d.preview
        assert preview.display, "on by default at >= 140 columns"
        p = pane(app)
        p.set_filter(bed.prefix)
        await until(pilot, lambda: len(p._cells) == 50, what="filtered to our 50 rows")
        p.table.focus()
        p.select_key(p._order()[0])
        await pilot.pause()
        # Rest on the first row: one stream, identity read, the tail arrives.
        await until(pilot, lambda: preview.pump is not None and preview.logs.line_count > 0, timeout=15, what="log tail of the first row")
        await until(pilot, lambda: "Restarts" in _text(preview.query_one("#preview-facts")), what="identity from inspect")
        facts = _text(preview.query_one("#preview-facts"))
        assert "Uptime" in facts and re.search(r"\d+s", facts)
        await until(pilot, lambda: len(_log_streams(proxy)) == 1, what="one log stream open")

        # Cross 50 rows quickly: the stream closes at once and no stream per row is opened.
        opened = preview.opened
        # The cursor rests SETTLE seconds before a stream opens. A busy CI machine can take
        # longer than 0.35 s per key press here, which a user's key repeat never does: rest longer.
        monkeypatch.setattr("tui.widgets.preview.SETTLE", 3.0)
        proxy.reset_counts()
        peak = 0
        for _ in range(49):
            await pilot.press("down")
            peak = max(peak, len(_log_streams(proxy)))
        last = p.selected_key
        assert last == p._order()[-1]
        await until(pilot, lambda: preview.key == last and preview.pump is not None and preview.pump.cid == last, timeout=20, what="stream for the last row")
        await until(pilot, lambda: len(_log_streams(proxy)) == 1, what="exactly one stream after resting")
        await until(pilot, lambda: preview.logs.line_count > 0, what="tail of the last row")
        log_requests = proxy.count(r"/containers/[^/]+/logs$")
        assert peak <= 1, f"{peak} log streams were open at once while the cursor moved"
        assert preview.opened - opened <= 3, f"{preview.opened - opened} streams opened while crossing 50 rows"
        assert log_requests <= 3, f"{log_requests} log requests while crossing 50 rows"

        # Sparklines fill from the shared sampler.
        await until(pilot, lambda: "CPU" in _text(preview.query_one("#preview-sparks")), timeout=15, what="sparklines")

        # An image: key facts and who uses it; the log stream is closed at once.
        await pilot.press("2")
        await until(pilot, lambda: preview.kind == "images", what="image preview")
        await until(pilot, lambda: "Used by" in _text(preview.query_one("#preview-facts")), what="image facts")
        assert bed.prefix in _text(preview.query_one("#preview-facts")), "the containers that use the image"
        await until(pilot, lambda: not _log_streams(proxy), what="log stream closed when the cursor left the container")


async def test_preview_toggle_is_remembered_in_config(make_app, bed, tmp_path, until):
    bed.run("one")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced, what="listing")
        d = dash(app)
        assert not d.preview.display, "off by default below 140 columns"
        await pilot.press("v")
        await until(pilot, lambda: d.preview.display, what="preview shown")
    config = tmp_path / "config" / "dockyard" / "config.toml"
    assert "[ui]" in config.read_text() and "preview = true" in config.read_text()


async def test_preview_tail_clips_long_lines_without_a_scrollbar(make_app, bed, until):
    """A tail line wider than the pane is clipped: no horizontal scrollbar eats a row of the tail
    (found by using it: 80-character lines drew a scrollbar track across the pane's bottom)."""
    cid = bed.run("wide", "while true; do echo $(printf 'x%.0s' $(seq 1 150)); sleep 0.3; done")
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        preview = await _preview_of(app, pilot, until, cid)
        await until(pilot, lambda: preview.logs.line_count > 0 and preview.logs.size.width > 0, timeout=20, what="the tail")
        logs = preview.logs
        assert logs.max_scroll_x == 0 or not logs.show_horizontal_scrollbar
        assert not logs.show_horizontal_scrollbar


async def test_a_paused_containers_uptime_counts_on_as_docker_ps_does(make_app, bed, daemon_client, until):
    """docker ps says "Up 25 seconds (Paused)" and counts on; the preview's Uptime stopped at
    the pause (found by using it: "Uptime 21s" beside "Up 25 sec")."""
    cid = bed.run("paused")
    daemon_client.pause(cid)
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        preview = await _preview_of(app, pilot, until, cid)
        facts = preview.query_one("#preview-facts")
        await until(pilot, lambda: "Uptime" in _text(facts) and "paused" in _text(facts), timeout=20, what="paused identity")
        first = re.search(r"Uptime\s+(\S+)", _text(facts)).group(1)
        await until(pilot, lambda: re.search(r"Uptime\s+(\S+)", _text(facts)).group(1) != first, timeout=20, what="the uptime counts on")


async def test_an_exited_containers_time_since_the_exit_counts_on(make_app, bed, daemon_client, until):
    """The row says "Exited (3) 9 sec ago" and counts; the preview said "Exited 0s ago" for
    ever (its clock ticked only for running containers; found by using it)."""
    cid = bed.run("exits", ["sh", "-c", "sleep 1; exit 3"])
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        preview = await _preview_of(app, pilot, until, cid)
        facts = preview.query_one("#preview-facts")

        def since_exit() -> str | None:
            found = re.search(r"Exited\s+(\S+) ago", _text(facts))
            return found.group(1) if found else None

        await until(pilot, lambda: since_exit() is not None and "Exit code  3" in _text(facts), timeout=30, what="the exit in the preview")
        first = since_exit()
        await until(pilot, lambda: since_exit() != first, timeout=20, what="the time since the exit counts on")


WHOLE_SCREEN = "<the whole screen>"


async def test_the_previews_uptime_ticks_in_the_tables_frame(make_app, bed, until, monkeypatch):
    """A container that just started counts seconds in its row ("Up 5 sec") and in the
    preview ("Uptime 5s"): both are repainted in one screen update a second, not two (the
    preview had a clock of its own, ~30 ms off the table's: a second frame every second)."""
    from textual.screen import Screen

    cid = bed.run("fresh")
    app = make_app()
    updates: list[tuple[set, str | None]] = []  # (widgets dirty in a screen update, the uptime shown)
    watched: list = []
    original = Screen._on_timer_update

    def uptime(facts) -> str | None:
        found = re.search(r"Uptime\s+(\S+)", _text(facts))
        return found.group(1) if found else None

    def recording(screen):
        dirty = {getattr(w, "id", None) or type(w).__name__ for w in screen._dirty_widgets}
        if screen._layout_required or screen._repaint_required:
            # a layout or a full repaint paints every widget in this update (the later
            # stylesheets read, a scrollbar shown): a CI run met one on a tick
            dirty.add(WHOLE_SCREEN)
        updates.append((dirty, uptime(watched[0]) if watched else None))
        return original(screen)

    monkeypatch.setattr(Screen, "_on_timer_update", recording)
    async with app.run_test(size=(160, 45)) as pilot:
        preview = await _preview_of(app, pilot, until, cid)
        facts = preview.query_one("#preview-facts")
        await until(pilot, lambda: "Restarts" in _text(facts), timeout=20, what="identity")
        seen = [uptime(facts)]
        watched.append(facts)

        def ticked() -> bool:
            now = uptime(facts)
            if now != seen[-1]:
                seen.append(now)
            return len(seen) >= 4

        updates.clear()
        await until(pilot, ticked, timeout=20, what="three ticks of the uptime")
        # the updates that paint a new uptime (others may repaint the facts for other reasons:
        # a stats sample, the scrollbar appearing on a busy machine). An update can see the new
        # text before the facts' refresh has reached the screen (a CI run met one with nothing
        # dirty): the uptime is painted by the next update that paints the facts.
        ticks = []
        painted = seen[0]
        for dirty, up in updates:
            if ("preview-facts" in dirty or WHOLE_SCREEN in dirty) and up != painted:
                ticks.append(dirty)
                painted = up
        assert len(ticks) >= 2
        assert all("PaneTable" in u or WHOLE_SCREEN in u for u in ticks), f"the preview's uptime painted without the table's row: {ticks}"


async def test_with_nothing_selected_the_preview_says_so_and_no_more(make_app, bed, daemon_client, until):
    """A filter that matches no row: "Nothing selected", not also "not running: no samples"
    (found by hand on an empty fleet), and not the row the filter hid; nor a removed row."""
    cid = bed.run("sel")
    app = make_app()
    async with app.run_test(size=(150, 36)) as pilot:
        preview = await _preview_of(app, pilot, until, cid)
        sparks = preview.query_one("#preview-sparks")
        await until(pilot, lambda: sparks.display and "samples" in _text(sparks) or "CPU" in _text(sparks), what="the row's samples line")
        pane(app).set_filter("name=no-such-container-anywhere")
        await until(pilot, lambda: "Nothing selected" in _text(preview.query_one("#preview-facts")), what="nothing selected")
        await until(pilot, lambda: not sparks.display, what="no samples line")
        # The filter cleared, then the row removed under the cursor: the preview lets it go.
        pane(app).set_filter("")
        await until(pilot, lambda: pane(app).select_key(cid), what="the row again")
        await until(pilot, lambda: preview.key == cid, what="the preview on the row")
        daemon_client.remove_container(cid, force=True)
        await until(pilot, lambda: preview.key != cid, what="the preview off the removed row")
