"""Messages that cross from engine threads into the UI. Frozen data only."""

from __future__ import annotations

from textual.message import Message

from .domain import changes as ch


class EngineChange(Message):
    """One engine fact, posted from an engine thread with post_message (thread-safe)."""

    def __init__(self, change: ch.Change) -> None:
        super().__init__()
        self.change = change

    def can_replace(self, message: Message) -> bool:
        # A busy UI only needs the newest stats batch; other facts must all be applied.
        return (
            isinstance(message, EngineChange)
            and isinstance(self.change, ch.StatsBatch)
            and isinstance(message.change, ch.StatsBatch)
            and {s.id for s in message.change.samples} <= {s.id for s in self.change.samples}
        )
