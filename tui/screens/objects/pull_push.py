"""Pull or push an image with a progress bar per layer.

The transfer runs in a thread worker that iterates the engine's generator of frozen
progress facts and posts each one to this screen; the UI thread folds them into a
``Progress`` and patches one row per layer. Closing the screen does not stop the
transfer (the daemon carries on); its outcome still reaches the action log.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, ProgressBar, Static

from ...widgets.footer import Footer
from ...domain import docker_cli, format as fmt, transfer as tr
from ...i18n import app_lang, has as has_text, tr as say
from ..dialogs.forms import Field, FormScreen


def reference_form(title: str, value: str = "", verb: str = "OK", lang: str = "en") -> FormScreen:
    def check(values: dict) -> str:
        ref = values["reference"].strip()
        if not ref or " " in ref:
            raise ValueError(say("pull.bad_ref", lang))
        return ref

    return FormScreen(title, [Field("reference", say("pull.field", lang), value=value, placeholder="registry:5000/team/app:tag")], check, verb=verb)


def status_text(status: str, lang: str) -> str:
    """The daemon's layer status ("Downloading", "Mounted from x/y") in ``lang``; unknown ones as sent."""
    if lang == "en":
        return status
    if status.startswith("Mounted from "):
        return say("status.Mounted from", lang) + status[len("Mounted from"):]
    return say(f"status.{status}", lang) if has_text(f"status.{status}") else status


class LayerRow(Horizontal):
    """One layer: id, status, bar, bytes."""

    def __init__(self, layer: str) -> None:
        super().__init__(classes="layer-row")
        self.layer_id = layer
        self._latest: tr.LayerProgress | None = None

    def compose(self) -> ComposeResult:
        yield Label(Text(self.layer_id[:12]), classes="layer-id")
        yield Label("", classes="layer-status")
        yield ProgressBar(total=None, show_eta=False, show_percentage=True, classes="layer-bar")
        yield Label("", classes="layer-bytes")

    def on_mount(self) -> None:
        self.call_after_refresh(self._draw)

    def show(self, layer: tr.LayerProgress) -> None:
        self._latest = layer
        self._draw()

    def _draw(self) -> None:
        layer = self._latest
        bars = self.query(ProgressBar)
        if layer is None or not bars:
            return  # not composed yet: on_mount draws the latest
        lang = app_lang(self.app)
        self.query_one(".layer-status", Label).update(Text(status_text(layer.status, lang), no_wrap=True, overflow="ellipsis"))
        bar = bars.first()
        if layer.done:
            bar.update(total=100, progress=100)
        elif layer.total > 0:
            bar.update(total=layer.total, progress=layer.current)
        sizes = f"{fmt.size(layer.current)} / {fmt.size(layer.total)}" if layer.total else ""
        self.query_one(".layer-bytes", Label).update(Text(sizes))
        self.set_class(layer.done, "-done")


class TransferScreen(Screen):
    """| key | action |
    |---|---|
    | escape | back (the transfer goes on) |
    """

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="transfer.back", tooltip="Close; the daemon finishes the transfer")]

    class Progressed(Message):
        def __init__(self, fact: tr.Fact) -> None:
            super().__init__()
            self.fact = fact

    class Ended(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, verb: str, reference: str) -> None:
        super().__init__(classes="transfer")
        self.verb = verb  # pull or push
        self.reference = reference
        self.progress = tr.Progress()
        self.command = docker_cli.line(verb, reference)

    @property
    def lang(self) -> str:
        return app_lang(self.app)

    def compose(self) -> ComposeResult:
        yield Label(Text(say(f"transfer.title.{self.verb}", self.lang, reference=self.reference), style="bold"), classes="screen-title")
        yield ProgressBar(total=None, show_eta=False, id="transfer-total")
        yield Static(Text(say("transfer.contacting", self.lang), style="italic"), id="transfer-status")
        yield VerticalScroll(id="transfer-layers")
        if self.lang == "en":
            yield Footer()
        else:  # the Footer reads each Binding's English description: a translated key line instead
            yield Static(Text(say("transfer.keys", self.lang)), classes="learn-keys", id="transfer-keys")

    def on_mount(self) -> None:
        self._run()

    def _run(self) -> None:
        verb, reference = self.verb, self.reference
        # The action log hears the outcome even when this screen was closed meanwhile.
        self.app.control.ops.stream(
            self.command, lambda session: session.transfer(verb, reference),
            each=lambda fact: self.post_message(self.Progressed(fact)),
            done=lambda error: self.post_message(self.Ended(error)), owner=self,
        )

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        fact = message.fact
        self.progress = self.progress.advance(fact)
        if isinstance(fact, tr.LayerProgress):
            container = self.query_one("#transfer-layers", VerticalScroll)
            rows = {row.layer_id: row for row in container.query(LayerRow)}
            row = rows.get(fact.layer)
            if row is None:
                row = LayerRow(fact.layer)
                container.mount(row)
            # The folded layer keeps byte counts that "Download complete" lines omit.
            row.show(next((layer for layer in self.progress.layers if layer.layer == fact.layer), fact))
        elif isinstance(fact, tr.TransferStatus):
            self._status(Text(fact.message))
        fraction = self.progress.fraction
        if fraction is not None:
            self.query_one("#transfer-total", ProgressBar).update(total=100, progress=round(fraction * 100))

    @on(Ended)
    def _ended(self, message: Ended) -> None:
        bar = self.query_one("#transfer-total", ProgressBar)
        if message.error:
            self.progress = self.progress.advance(tr.TransferFailed(message.error))
            self._status(Text(f"✕ {message.error}", style="bold red"))
            self.set_class(True, "-failed")
            self.notify(message.error, title=say(f"transfer.failed.{self.verb}", self.lang), severity="error", markup=False, timeout=8)
        else:
            self.progress = self.progress.advance(tr.TransferFinished(self.reference))
            bar.update(total=100, progress=100)
            self._status(Text(say(f"transfer.done.{self.verb}", self.lang, reference=self.reference), style="bold"))
            self.set_class(True, "-done")

    def _status(self, text: Text) -> None:
        self.query_one("#transfer-status", Static).update(text)
