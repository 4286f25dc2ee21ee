"""Messages that cross from engine threads into the UI. Frozen data only."""

from __future__ import annotations

from textual.message import Message

from .domain import changes as ch


class EngineChange(Message):
    """One engine fact, posted from an engine thread with post_message (thread-safe)."""

    def __init__(self, change: ch.Change, generation: int | None = None, host: str = "") -> None:
        super().__init__()
        self.change = change
        self.generation = generation  # which session of Control (switch() bumps it)
        self.host = host  # the fleet's host key ("" for the one-host session)

    def can_replace(self, message: Message) -> bool:
        # A busy UI only needs the newest stats batch; other facts must all be applied.
        return (
            isinstance(message, EngineChange)
            and message.generation == self.generation
            and message.host == self.host
            and isinstance(self.change, ch.StatsBatch)
            and isinstance(message.change, ch.StatsBatch)
            and {s.id for s in message.change.samples} <= {s.id for s in self.change.samples}
        )


class FleetChanges(Message):
    """The fleet's engine threads queued changes in FleetControl's inbox: take them all.

    One message per wake, not one per change: a burst on ten hosts (events, re-reads,
    stats) is reduced in one go and published once, without waiting in the message
    queue behind its own changes."""
