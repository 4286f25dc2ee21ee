"""What every learning view shares: a translated title and key line, the app's language,
and a worker helper that reads through tui.engine.introspect off the UI thread."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from ..i18n import tr


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
        return getattr(self.app, "lang", "en") or "en"

    def t(self, key: str, /, **params: object) -> str:
        return tr(key, self.lang, **params)

    def title_params(self) -> dict[str, object]:
        return {}

    def compose(self) -> ComposeResult:
        yield Static(Text(self.t(self.TITLE_KEY, **self.title_params()), style="bold"), classes="screen-title learn-title")
        yield from self.compose_body()
        yield Static(Text(self.t(self.KEYS_KEY)), classes="learn-keys")

    def compose_body(self) -> ComposeResult:
        yield from ()

    def concept_target(self) -> tuple[str, str | None, object]:
        """(concept, kind, object) for F1."""
        return self.CONCEPT, None, None

    def concept_facts(self) -> dict:
        """What this view has read that the concept card can tie itself to."""
        return {}

    def action_concept(self, concept: str = "") -> None:
        from ..learn import open_view

        default, kind, obj = self.concept_target()
        open_view(self.app, "concept", kind, obj, concept=concept or default, **self.concept_facts())

    def client(self):
        """The engine's client, or None while disconnected (read in worker threads only)."""
        session = getattr(self.app, "session", None)
        return getattr(session, "client", None)

    @property
    def endpoint(self):
        return self.app.endpoint
