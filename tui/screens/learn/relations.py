"""`m`: the relationship map of any object as a navigable tree (like k9s's xray). Enter opens
the object under the cursor; for an image, network or volume a second panel answers
"what would removing this affect?"."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static, Tree

from ...domain import relations as rel
from ...domain.state import State
from .base import LearnScreen
from ..mounted import unless_closed

KIND_OF_NODE = {"container": "containers", "image": "images", "network": "networks", "volume": "volumes"}
SWARM_KINDS = ("services", "swarm")  # the map of a swarm service, or of every service
MARK = {"swarm": "⬡", "service": "◎", "task": "▸", "container": "▣", "image": "◆", "network": "⇄", "volume": "▤", "bind": "▭", "tmpfs": "▭", "port": "⚓", "section": ""}


def node_label(node: rel.Node, lang: str) -> Text:
    from ...i18n import has, tr

    if node.kind == "section":
        text = Text(tr(node.label, lang), style="bold")
        if node.detail:
            text.append(f" ({node.detail})", style="dim")
        return text
    text = Text(f"{MARK.get(node.kind, '·')} ", style="dim")
    text.append(tr(f"kind.{node.kind}", lang) + " ", style="dim italic")
    text.append(node.label, style="bold" if node.openable else "")
    if node.state:
        state = tr("state." + node.state, lang) if has("state." + node.state) else node.state  # a task's state: the API's word
        text.append(f"  [{state}]", style="italic")
    if node.detail:
        text.append("  " + node.detail, style="dim")
    return text


def impact_text(impact: rel.Impact, lang: str) -> Text:
    from ...i18n import tr

    text = Text(tr("impact.title", lang), style="bold")
    text.append("\n" + tr("impact.count", lang, n=len(impact.containers), running=impact.running) + "\n")
    for _, name, state in impact.containers:
        text.append(f"\n  ▣ {name}", style="bold")
        text.append(f"  {tr('state.' + state, lang)}", style="dim")
    for _, name in impact.images:
        text.append(f"\n  ◆ {name}", style="bold")
    text.append("\n")
    for note in impact.notes:
        text.append("\n• " + tr(note, lang) + "\n")
    return text


class RelationsScreen(LearnScreen):
    BINDINGS = [
        Binding("l", "view('layers')", "Layers", id="map.layers", tooltip="Layer stack of the object under the cursor"),
        Binding("n", "view('isolation')", "Isolation", id="map.isolation", tooltip="Namespaces, cgroups, privileges of the container"),
        Binding("c", "view('lifecycle')", "Lifecycle", id="map.lifecycle", tooltip="State diagram of the container"),
    ]
    TITLE_KEY = "title.map"
    KEYS_KEY = "keys.map"

    def __init__(self, kind: str, obj: Any) -> None:
        super().__init__(classes="learn map")
        self.kind = kind
        self.key = "" if kind == "swarm" else obj.id if kind != "volumes" else obj.name
        self.name_ = "swarm" if kind == "swarm" else getattr(obj, "name", self.key)
        self.details: dict[str, rel.ContainerDetail] = {}
        self.chains: dict = {}  # image id -> (layers, name): "Images built on it" for multi-step builds
        self._root: rel.Node | None = None

    def title_params(self):
        return {"name": self.name_}

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="map-body"):
            yield Tree(Text(""), id="map-tree")
            with VerticalScroll(id="map-impact"):
                yield Static(id="map-impact-text")

    def on_mount(self) -> None:
        tree = self.query_one(Tree)
        tree.show_root = True
        tree.auto_expand = False  # enter opens the object; space/click toggles
        tree.focus()
        impact_pane = self.query_one("#map-impact")
        impact_pane.display = self.kind not in ("containers",) + SWARM_KINDS
        self.app.control.store.state_signal.subscribe(self, self._on_state)
        if self.kind in SWARM_KINDS:  # tasks come with the manager's snapshots, containers with each host's state
            self.app.control.swarm.signal.subscribe(self, lambda snap: self._on_state(self.app.control.store.state))
            self._on_state(self.app.control.store.state)
            return
        self._on_state(self.app.control.store.state)
        self._read_details()

    def _involved(self, state: State) -> list[str]:
        root = rel.build(state, self.kind, self.key)
        if root is None:
            return []
        return [n.key for n in root.walk() if n.kind == "container" and n.key]

    def _read_details(self) -> None:
        ids = self._involved(self.app.control.store.state)
        self.read(lambda session: session.container_details(ids), self._got_details, failed=lambda message: None)
        if self.kind == "images":
            self.read(lambda session: session.image_chains(), self._got_chains, failed=lambda message: None)

    @unless_closed
    def _got_chains(self, chains) -> None:
        self.chains = chains
        self._root = None
        self._on_state(self.app.control.store.state)

    @unless_closed
    def _got_details(self, details) -> None:
        self.details = details
        self._on_state(self.app.control.store.state)

    def _build(self, state: State) -> rel.Node | None:
        if self.kind not in SWARM_KINDS:
            return rel.build(state, self.kind, self.key, self.details, self.chains)
        swarm = self.app.control.swarm
        snap = swarm.snapshot
        if snap is None:
            return None
        host_of_node, containers = swarm.map_inputs()
        return rel.swarm_tree(snap, host_of_node, rel.task_containers(containers), self.key)

    @unless_closed
    def _on_state(self, state: State) -> None:
        root = self._build(state)
        if root == self._root and root is not None:
            return
        self._root = root
        tree = self.query_one(Tree)
        tree.clear()
        if root is None:
            tree.root.set_label(Text(self.t("gone"), style="italic"))
            self.query_one("#map-impact-text", Static).update("")
            return
        tree.root.set_label(node_label(root, self.lang))
        tree.root.data = root
        self._add(tree.root, root)
        tree.root.expand_all()
        impact = rel.removal_impact(state, self.kind, self.key, self.chains)
        self.query_one("#map-impact-text", Static).update(impact_text(impact, self.lang) if impact else "")

    def _add(self, parent, node: rel.Node) -> None:
        for child in node.children:
            if child.children:
                branch = parent.add(node_label(child, self.lang), data=child)
                self._add(branch, child)
            else:
                parent.add_leaf(node_label(child, self.lang), data=child)

    def tree_lines(self) -> list[str]:
        """The visible labels, for tests and screen readers."""
        tree = self.query_one(Tree)
        out = []

        def walk(node, depth):
            out.append("  " * depth + node.label.plain)
            for c in node.children:
                walk(c, depth + 1)

        walk(tree.root, 0)
        return out

    def _cursor(self) -> tuple[str | None, Any]:
        node = self.query_one(Tree).cursor_node
        data: rel.Node | None = node.data if node is not None else None
        if data is None or not data.openable:
            return None, None
        kind = KIND_OF_NODE[data.kind]
        return kind, _lookup(self.app.control.store.state, kind, data.key)

    def _task_under_cursor(self):
        """A swarm task node, or the container node under one: the task (from the manager's snapshot)."""
        node = self.query_one(Tree).cursor_node
        while node is not None and node.data is not None:
            if node.data.kind == "task":
                snap = self.app.control.swarm.snapshot
                return next((t for t in snap.tasks if t.id == node.data.key), None) if snap is not None else None
            if node.data.kind != "container":
                return None
            node = node.parent
        return None

    @on(Tree.NodeSelected)
    def _open(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if self.kind in SWARM_KINDS:
            # a task or its container: the container on the node's own host, else the task's inspect
            task = self._task_under_cursor()
            if task is not None:
                self.app.control.swarm.open_task(task)
            return
        kind, obj = self._cursor()
        if obj is not None:
            self.app.control.nav.open_detail(kind, obj)

    def action_view(self, view: str) -> None:
        kind, obj = self._cursor()
        if obj is None and view != "layers":
            return
        self.app.control.nav.open_learn(view, kind, obj)

    def _owner_container(self, node):
        return _owner(node, self.app.control.store.state, self.kind, self.key)

    def concept_target(self):
        from .concept import concept_for

        node = self.query_one(Tree).cursor_node
        data = node.data if node is not None else None
        if data is not None and data.kind in ("port", "bind", "tmpfs"):
            # F1 on a port or a mount: the card of that concept, tied to the container it belongs to
            return data.kind, "containers", self._owner_container(node)
        if self.kind in SWARM_KINDS:
            concept = {"task": "task", "container": "container", "swarm": "node"}.get(data.kind if data is not None else "", "service")
            return concept, None, None
        kind, obj = self._cursor()
        if obj is None:
            kind, obj = self.kind, _lookup(self.app.control.store.state, self.kind, self.key)
        return concept_for(kind), kind, obj


def _owner(tree_node, state: State, root_kind: str, root_key: str):
    """The container a port/mount node hangs under (the map's root when it is a container)."""
    node = tree_node
    while node is not None:
        data = node.data
        if data is not None and data.kind == "container" and data.key:
            return state.containers.get(data.key)
        node = node.parent
    return state.containers.get(root_key) if root_kind == "containers" else None


def _lookup(state: State, kind: str, key: str):
    return getattr(state, kind).get(key)
