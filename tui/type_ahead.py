"""Type-ahead: keys typed right after the key that opens an input belong to that input.

Textual routes each key to the widget focused when the app *reads* it. On a busy machine
``/`` and ``o`` are read together: both go to the table, ``/`` then opens the filter, and
``o`` (now judged against the new focus) sorts instead of being typed. Here a key that comes
back to the app after focus moved to an input is handed to that input; a key that comes
back while a new form is not focused yet is kept by the form and replayed once its first
input has focus (the pull form's reference and ``enter``).

Screens with nothing focused and no ``type_ahead`` list (the confirmations) are not
touched: they keep ignoring keys typed before they were drawn.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input

_TARGET = "_dockyard_routed_to"


def routed(app, event: events.Event) -> None:
    """Note where a fresh key is about to be routed (call before App.on_event)."""
    if isinstance(event, events.Key) and not event.is_forwarded:
        setattr(event, _TARGET, app.focused or app.screen)


def redirect(app, event: events.Event) -> bool:
    """True when a key that bubbled back to the app was taken for an input that got focus
    after the key was routed (the caller then stops there)."""
    if not isinstance(event, events.Key) or not event.is_forwarded:
        return False
    target = getattr(event, _TARGET, None)
    if target is None:
        return False
    screen = app.screen
    focused = screen.focused
    if isinstance(focused, Input) and focused is not target:
        focused._forward_event(_copy(event))
        return True
    pending = getattr(screen, "type_ahead", None)
    if pending is not None and focused is None and getattr(target, "screen", None) is not screen:
        pending.append(_copy(event))
        return True
    return False


def replay(screen, widget: Widget) -> None:
    """Give ``widget`` the keys ``screen`` kept while it had no focus."""
    keys, screen.type_ahead = list(screen.type_ahead or ()), None
    for key in keys:
        widget._forward_event(key)


def _copy(event: events.Key) -> events.Key:
    return events.Key(event.key, event.character)
