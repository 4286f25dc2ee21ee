"""The header is redrawn for every published state (each stats tick, each event of a burst):
a line that did not change is not touched, and a changed one repaints its own row without
laying out the whole screen (Static.update's default)."""

from __future__ import annotations

from dataclasses import replace

from textual.app import App, ComposeResult
from textual.widgets import Static

from tui.domain import changes as ch
from tui.domain.models import Container, DaemonInfo, Snapshot
from tui.domain.state import State, apply
from tui.widgets.daemon_bar import DaemonBar


class _Endpoint:
    host = "unix:///run/docker.sock"
    context = ""


class _BarApp(App):
    CSS = "DaemonBar { height: 2; } DaemonBar Static { height: 1; }"

    def compose(self) -> ComposeResult:
        yield DaemonBar(_Endpoint(), readonly=False)


def _state(*states: str) -> State:
    containers = tuple(Container(id=f"c{i}", name=f"web{i}", image="busybox", state=s) for i, s in enumerate(states))
    return apply(State(), ch.Resynced(Snapshot(containers=containers, images=(), networks=(), volumes=(), info=DaemonInfo(name="h"))))


async def test_an_unchanged_header_is_not_touched_and_a_change_does_not_lay_out_the_screen(monkeypatch):
    refreshes: list[tuple[str, bool]] = []
    stock = Static.refresh

    def spy(self, *regions, layout=False, **kwargs):
        refreshes.append((self.id or "", layout))
        return stock(self, *regions, layout=layout, **kwargs)

    async with _BarApp().run_test(size=(80, 4)) as pilot:
        bar = pilot.app.query_one(DaemonBar)
        state = _state("running", "exited")
        bar.show(state)
        await pilot.pause()
        monkeypatch.setattr(Static, "refresh", spy)
        bar.show(replace(state, stats=state.stats))  # a stats tick: same header text
        assert refreshes == []
        bar.show(_state("running", "running"))  # a start: the counts change
        assert refreshes == [("counts-line", False)]
        assert "2/2" in str(pilot.app.query_one("#counts-line", Static).render())
