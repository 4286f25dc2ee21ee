"""What every learning view shares: a translated title and key line, the app's language,
and ``read``: one daemon read through the application layer (app.control.ops), off the UI thread."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from ...i18n import app_lang, tr, translated_binding
from ...widgets.footer_fit import fit_key_line


class LearnScreen(Screen):
    """Subclasses set TITLE_KEY / KEYS_KEY and implement compose_body()."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="learn.back", tooltip="Close this view"),
        Binding("f1", "concept", "Concept", id="learn.concept", tooltip="Explain the concept behind this view"),
    ]
    TITLE_KEY = ""
    KEYS_KEY = ""
    CONCEPT = "daemon"

    @property
    def lang(self) -> str:
        return app_lang(self.app)

    def t(self, key: str, /, **params: object) -> str:
        return tr(key, self.lang, **params)

    def title_params(self) -> dict[str, object]:
        return {}

    def compose(self) -> ComposeResult:
        yield Static(Text(self.t(self.TITLE_KEY, **self.title_params()), style="bold"), classes="screen-title learn-title")
        yield from self.compose_body()
        yield Static(Text(self.key_line()), classes="learn-keys")

    def key_line(self) -> str:
        """The view's keys in the app's language, cut by whole keys to the width (padding 1 each side)."""
        width = (self.size.width or self.app.size.width) - 2
        return fit_key_line(self.t(self.KEYS_KEY), width, self.t("keys.more"))

    def on_resize(self) -> None:
        for keys in self.query(".learn-keys").results(Static):
            keys.update(Text(self.key_line()))
            break

    @property
    def active_bindings(self):
        """Screen.active_bindings with each description in the app's language: whatever reads them
        (help, the palette, a footer) shows Korean under --lang ko, as on the dashboard."""
        active = super().active_bindings
        if self.lang == "en":
            return active
        return {key: ab._replace(binding=translated_binding(self, ab.binding, self.lang)) for key, ab in active.items()}

    def compose_body(self) -> ComposeResult:
        yield from ()

    def concept_target(self) -> tuple[str, str | None, object]:
        """(concept, kind, object) for F1."""
        return self.CONCEPT, None, None

    def concept_facts(self) -> dict:
        """What this view has read that the concept card can tie itself to."""
        return {}

    def action_concept(self, concept: str = "") -> None:
        default, kind, obj = self.concept_target()
        self.app.control.nav.open_learn("concept", kind, obj, concept=concept or default, **self.concept_facts())

    def read(self, call, done, failed=None) -> None:
        """``call(session)`` in a worker; ``done(result)`` here, while this view is open."""
        self.app.control.ops.read(call, done=done, failed=failed, owner=self, group=f"learn-{type(self).__name__}")

    @property
    def endpoint(self):
        return self.app.endpoint
