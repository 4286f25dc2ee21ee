"""Layer stack of an image drawn as blocks (size, the instruction that made it, which other
local images share it); for a container, its writable layer on top with `docker diff`."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain.format import size as human_size
from ...domain.layers import LayerStack, WritableLayer
from ...domain.unionfs import UnionFs
from . import union_view
from .base import LearnScreen
from ..mounted import unless_closed

MAX_DIFF = 200  # entries drawn; the rest are counted


class LayersScreen(LearnScreen):
    TITLE_KEY = "title.layers"
    KEYS_KEY = "keys.layers"
    CONCEPT = "layer"

    def __init__(self, kind: str, obj: Any) -> None:
        super().__init__(classes="learn layers")
        self.kind = kind
        self.obj = obj
        self.stack: LayerStack | None = None
        self.writable: WritableLayer | None = None
        self.union: UnionFs | None = None

    def title_params(self):
        return {"name": getattr(self.obj, "name", self.obj.id)}

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="layers-body"):
            yield Static(Text(self.t("loading"), style="italic"), id="layers-status")

    def on_mount(self) -> None:
        self.query_one("#layers-body").focus()
        self._read()

    def _read(self) -> None:
        kind, obj = self.kind, self.obj

        def call(session):
            writable = None
            image_id = obj.id
            if kind == "containers":
                writable = session.writable_layer(obj.id)
                image_id = writable.image_id or obj.image_id
            stack, _ = session.image_stack(image_id)
            try:
                union = session.union_fs(kind, obj.id)
            except Exception:  # the layers still show; the union part says nothing rather than fail the view
                union = None
            return stack, writable, union

        self.read(call, lambda result: self.show(*result), self._failed)

    @unless_closed
    def _failed(self, message: str) -> None:
        self.query_one("#layers-status", Static).update(Text(self.t("error", message=message)))

    @unless_closed
    def show(self, stack: LayerStack, writable: WritableLayer | None = None, union: UnionFs | None = None) -> None:
        """Draw the stack (top layer first, as it is stacked)."""
        self.stack, self.writable, self.union = stack, writable, union
        body = self.query_one("#layers-body", VerticalScroll)
        body.remove_children()
        widgets = []
        if writable is not None:
            widgets.extend(self._writable_widgets(writable))
        if union is not None:
            widgets.extend(self._union_widgets(union, containers=writable is not None))
            widgets.append(Static(Text(self.t("layers.image_of"), style="bold"), classes="layers-heading"))
        widgets.append(Static(Text(self.t("layers.image_top", name=stack.name, n=len(stack.layers), size=human_size(stack.total_size),
                                          shared=stack.shared_count), style="bold"), classes="layers-heading"))
        total = len(stack.layers)
        for index, layer in reversed(list(enumerate(stack.layers))):
            text = Text(f"{index + 1:>2}/{total}  ", style="dim")
            text.append(f"{human_size(layer.size) if layer.size >= 0 else '?':>9}  ", style="bold")
            text.append(layer.created_by or self.t("layers.unknown_step"))
            text.append(f"\n       {layer.short}  ", style="dim")
            if layer.shared_with:
                text.append("⧉ " + self.t("layers.shared_with", names=", ".join(layer.shared_with)))
            else:
                text.append(self.t("layers.own"), style="dim")
            digests = union_view.digests(self.t, union, layer.diff_id)
            if digests:
                text.append("\n       " + self.t("union.digest.diff", digest=layer.short), style="dim")
                text.append("\n       " + digests.replace("\n", "\n       "), style="dim")
            block = Static(text, classes="layer-block")
            block.set_class(bool(layer.shared_with), "-shared")
            widgets.append(block)
        if union is not None:
            waste = union_view.waste(self.t, union)
            if waste is not None:
                widgets.append(Static(waste, classes="layers-meta", id="layers-waste"))
            widgets.append(Static(Text(union_view.digest_source(self.t, union, self._api(), stack), style="dim"),
                                  classes="layers-meta", id="layers-digests"))
        if stack.metadata:
            widgets.append(Static(Text(self.t("layers.metadata", steps="; ".join(stack.metadata)), style="dim"), classes="layers-meta"))
        body.mount_all(widgets)

    def _writable_widgets(self, w: WritableLayer) -> list[Static]:
        head = Text(self.t("layers.writable", name=w.name, size=human_size(w.size_rw) if w.size_rw >= 0 else "?"), style="bold")
        head.append("\n" + self.t("layers.writable_note", name=w.name))
        head.append("\n" + self.t("layers.diff_counts", a=w.count("A"), c=w.count("C"), d=w.count("D")), style="dim")
        body = Text()
        if not w.changes:
            body.append(self.t("layers.no_changes"), style="dim")
        for change in w.changes[:MAX_DIFF]:
            body.append(f"{change.kind} ", style={"A": "green", "C": "yellow", "D": "red"}.get(change.kind, ""))
            body.append(change.path)
            note = union_view.change_note(self.t, change, self.union)
            if note:
                body.append("   ← " + note, style="dim")
            body.append("\n")
        if len(w.changes) > MAX_DIFF:
            body.append(self.t("layers.more", n=len(w.changes) - MAX_DIFF), style="dim")
        return [Static(head, classes="layers-heading"), Static(body, classes="layer-block -writable", id="layers-diff")]

    def _union_widgets(self, u: UnionFs, containers: bool) -> list[Static]:
        out = []
        if containers:  # an image's UpperDir is its top layer, not a writable one: the dirs are drawn for containers
            out.append(Static(union_view.directories(self.t, u), classes="layer-block -union", id="layers-union"))
        for part, ident in ((union_view.whiteouts(self.t, u), "layers-whiteouts"), (union_view.mounts(self.t, u), "layers-mounts")):
            if part is not None:
                out.append(Static(part, classes="layers-meta", id=ident))
        return out

    def _api(self) -> str:
        try:
            return self.app.control.api_version or ""
        except Exception:
            return ""

    def lines(self) -> list[str]:
        """Plain text of everything drawn (tests)."""
        return [str(w.render()) if not isinstance(w.render(), Text) else w.render().plain for w in self.query(Static)]

    def concept_target(self):
        return "layer", self.kind, self.obj

    def concept_facts(self) -> dict:
        return {"stack": self.stack} if self.stack is not None else {}
