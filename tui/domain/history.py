"""Bounded histories the UI keeps: the action log and the daemon's event timeline."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .changes import DaemonEvent

ACTION_LOG_MAX = 500
MAX_EVENTS = 1000


@dataclass(frozen=True, slots=True)
class ActionRecord:
    at: float
    command: str
    outcome: str = "sent"  # sent, ok, failed: <reason>


class EventHistory:
    """Every daemon event since the first listing, newest last, at most MAX_EVENTS."""

    def __init__(self, maxlen: int = MAX_EVENTS) -> None:
        self.events: deque[DaemonEvent] = deque(maxlen=maxlen)
        self.total = 0
        self.listeners: list = []

    def add(self, event: DaemonEvent) -> None:
        self.events.append(event)
        self.total += 1
        for listener in list(self.listeners):
            listener(event)
