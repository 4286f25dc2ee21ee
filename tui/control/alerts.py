"""Alerts: the event stream through the rules of tui/domain/alerts.py, to a notification
(and the terminal bell when ``[alerts] bell = true``), the header's counter and the alerts
list. Fed by ``Control.on_change`` with every daemon event; nothing polls.
"""

from __future__ import annotations

from typing import Callable

from textual.dom import DOMNode
from ..signals import Signal  # Textual's, forgetting closed subscribers (tui/signals.py)

from ..domain import changes as ch
from ..domain.alerts import REMOVAL_GRACE, Alert, AlertRules, AlertTracker

MAX_KEPT = 500
DEFAULT_RESTARTS = 3


def rules_from(settings, host: str = "") -> AlertRules:
    """``[alerts]`` of config.toml (tui.domain.config_schema.AlertSettings) as rules; in a
    fleet, ``[alerts.hosts.NAME]`` for host NAME."""
    a = getattr(settings, "alerts", None)
    if a is None:
        return AlertRules()
    if host and hasattr(a, "for_host"):
        a = a.for_host(host)
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
    """One tracker per host: in a fleet (several -H) each host's event stream goes through
    its own rules (``[alerts.hosts.NAME]``), and every alert names its host."""

    def __init__(self, app, owner: DOMNode, rules: AlertRules, host: str, requested: Callable[[str], bool], name_of: Callable[[str], str],
                 rules_for: Callable[[str], AlertRules] | None = None) -> None:  # fmt: skip
        self._app = app
        self.tracker = AlertTracker(rules, host)
        self._trackers: dict[str, AlertTracker] = {}
        self._rules_for = rules_for or (lambda h: rules)
        self.items: list[Alert] = []
        self.unseen = 0
        self.signal: Signal[int] = Signal(owner, "alerts")  # the unseen count
        self._requested = requested
        self._name_of = name_of

    @property
    def rules(self) -> AlertRules:
        return self.tracker.rules

    def tracker_for(self, host: str) -> AlertTracker:
        if not host:
            return self.tracker
        if host not in self._trackers:
            self._trackers[host] = AlertTracker(self._rules_for(host), host)
        return self._trackers[host]

    def on_event(self, event: ch.DaemonEvent, host: str = "") -> list[Alert]:
        """``host``: the fleet host whose stream sent the event ("" with one daemon)."""
        if event.type != "container":
            return []
        tracker = self.tracker_for(host)
        fired = tracker.feed(event, self._name_of(event.actor_id, host), self._requested(event.actor_id))
        if event.action == "die" and event.actor_id in tracker.held:
            # a SIGKILL's die: docker rm -f destroys the container within the grace
            self._app.set_timer(REMOVAL_GRACE, lambda: self._fire(tracker, tracker.release(event.actor_id), host))
        return self._fire(tracker, fired, host)

    def _fire(self, tracker: AlertTracker, fired: list[Alert], host: str) -> list[Alert]:
        for alert in fired:
            self.items.append(alert)
            del self.items[:-MAX_KEPT]
            self.unseen += 1
            title = f"{alert.title} on {host}" if host else alert.title
            self._app.notify(alert.message, title=title, severity="error", markup=False, timeout=10)
            if tracker.rules.bell:
                self._app.bell()
        if fired:
            self.signal.publish(self.unseen)
        return fired

    def unseen_hosts(self) -> list[str]:
        """The hosts of the unseen alerts (fleet), most recent last."""
        if not self.unseen:
            return []
        return list(dict.fromkeys(a.host for a in self.items[-self.unseen:] if a.host and a.host in self._trackers))

    def seen(self) -> None:
        self.unseen = 0
        self.signal.publish(0)
