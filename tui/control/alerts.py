"""Alerts: the event stream through the rules of tui/domain/alerts.py, to a notification
(and the terminal bell when ``[alerts] bell = true``), the header's counter and the alerts
list. Fed by ``Control.on_change`` with every daemon event; nothing polls.
"""

from __future__ import annotations

from typing import Callable

from textual.dom import DOMNode
from textual.signal import Signal

from ..domain import changes as ch
from ..domain.alerts import Alert, AlertRules, AlertTracker

MAX_KEPT = 500
DEFAULT_RESTARTS = 3


def rules_from(settings) -> AlertRules:
    """``[alerts]`` of config.toml (tui.domain.config_schema.AlertSettings) as rules."""
    a = getattr(settings, "alerts", None)
    if a is None:
        return AlertRules()
    restarts = getattr(a, "restarts", None)
    return AlertRules(
        enabled=a.enabled,
        died=getattr(a, "died", True),
        oom=getattr(a, "oom", True),
        unhealthy=a.unhealthy,
        restarts=DEFAULT_RESTARTS if restarts is None else restarts,
        window=getattr(a, "window", 5.0) * 60,
        bell=getattr(a, "bell", False),
    )


class Alerts:
    def __init__(self, app, owner: DOMNode, rules: AlertRules, host: str, requested: Callable[[str], bool], name_of: Callable[[str], str]) -> None:
        self._app = app
        self.tracker = AlertTracker(rules, host)
        self.items: list[Alert] = []
        self.unseen = 0
        self.signal: Signal[int] = Signal(owner, "alerts")  # the unseen count
        self._requested = requested
        self._name_of = name_of

    @property
    def rules(self) -> AlertRules:
        return self.tracker.rules

    def on_event(self, event: ch.DaemonEvent) -> list[Alert]:
        if event.type != "container":
            return []
        fired = self.tracker.feed(event, self._name_of(event.actor_id), self._requested(event.actor_id))
        for alert in fired:
            self.items.append(alert)
            del self.items[:-MAX_KEPT]
            self.unseen += 1
            self._app.notify(alert.message, title=alert.title, severity="error", markup=False, timeout=10)
            if self.rules.bell:
                self._app.bell()
        if fired:
            self.signal.publish(self.unseen)
        return fired

    def seen(self) -> None:
        self.unseen = 0
        self.signal.publish(0)
