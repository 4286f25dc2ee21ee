"""An image: tags and digests, the containers using it, and its layers (history).

| key | action |
|---|---|
| t | tag |
| U | push a tag |
| R | run a container from it |
| i | inspect |
| escape | back |
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.binding import Binding

from ...domain import format as fmt
from ...domain.sanitize import clean
from ...domain.state import State
from .object_detail import ObjectDetailScreen, cell, facts
from ..mounted import unless_closed


class ImageDetailScreen(ObjectDetailScreen):
    KIND = "images"
    MUTATING = frozenset({"tag", "push", "run"})
    BINDINGS = [
        Binding("t", "tag", "Tag", id="image_detail.tag", tooltip="Give this image another name"),
        Binding("U", "push", "Push", id="image_detail.push", tooltip="Push a tag of this image"),
        Binding("R", "run", "Run", id="image_detail.run", tooltip="Run a new container from this image"),
    ]

    def __init__(self, obj) -> None:
        super().__init__(obj)
        self.history: list[tuple[str, int, float, str]] = []  # created_by, size, created, comment

    def sections(self) -> list[tuple[str, str]]:
        return [("containers", "Containers using it"), ("layers", "Layers (newest first)")]

    def setup_tables(self) -> None:
        self.table("containers").add_columns("NAME", "STATE", "STATUS")
        self.table("layers").add_columns("CREATED BY", "SIZE", "AGE")
        self._load_history()

    def _load_history(self) -> None:
        image_id = self.obj.id

        def call(session):
            raw = session.image_history(image_id)
            return [(clean(str(h.get("CreatedBy") or "")), int(h.get("Size") or 0), float(h.get("Created") or 0), clean(str(h.get("Comment") or ""))) for h in raw]

        self.app.control.ops.read(call, done=self._history_loaded, owner=self, title="History", group="image-history")

    @unless_closed
    def _history_loaded(self, rows) -> None:
        self.history = rows
        self.show(self.app.control.store.state)

    def show(self, state: State) -> None:
        i = self.obj
        users = sorted((c for c in state.containers.values() if c.image_id == i.id), key=lambda c: c.name)
        self.query_one("#detail-facts").update(
            facts(
                [
                    ("ID", i.id),
                    ("Tags", ", ".join(i.tags) or "<none> (dangling)"),
                    ("Digests", ", ".join(i.digests) or "—"),
                    ("Size", fmt.size(i.size)),
                    ("Created", fmt.ago(i.created)),
                    ("Used by", f"{len(users)} container(s)"),
                    *((k, v) for k, v in i.labels),
                ]
            )
        )
        self.fill("containers", [(c.id, (cell(c.name, "bold"), cell(c.state), cell(c.status))) for c in users])
        now = time.time()
        layers = []
        for n, (created_by, size, created, comment) in enumerate(self.history):
            shown = created_by.replace("/bin/sh -c #(nop) ", "").replace("/bin/sh -c ", "RUN ").strip() or comment or "—"
            layers.append((str(n), (cell(shown), cell(fmt.size(size), right=True), cell(fmt.ago(created, now) if created else "—"))))
        self.fill("layers", layers)

    def action_tag(self) -> None:
        self.app.control.flows.tag(self.obj)

    def action_push(self) -> None:
        if not self.obj.tags:
            self.notify("This image has no tag to push: tag it first (t)", severity="warning")
            return
        self.app.control.flows.push(self.obj.tags)

    def action_run(self) -> None:
        # Back to the dashboard, which selects the new container once it is listed.
        image = self.obj.tags[0] if self.obj.tags else self.obj.id
        while len(self.app.screen_stack) > 1 and not hasattr(self.app.screen, "focused_pane"):
            self.app.pop_screen()
        self.app.control.flows.run_image(image)

    def title_text(self) -> Text:
        return Text(f"Image {self.obj.name}  ({self.obj.short_id})", style="bold")
