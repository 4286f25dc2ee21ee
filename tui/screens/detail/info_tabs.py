"""The tabs built from the inspect document: Inspect, Env, Ports & Mounts, Health.

Every daemon string goes into ``Text`` after ``clean_name``/``clean``; Tree labels
and table cells are never parsed as markup. Secret-looking env values are masked
in every tab (Inspect included) until ``v`` reveals them.
"""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static, Tree
from textual.widgets.tree import TreeNode

from ...domain.format import DASH
from ...domain.logbuffer import compile_query
from ...domain.sanitize import clean, clean_name
from ...domain.secrets import MASK, is_secret_key, mask_document, mask_value


def masked_document(doc: dict, reveal: bool) -> dict:
    """The inspect document with Env values, Labels and URL passwords masked (a copy; the input is kept)."""
    if reveal:
        return doc
    return mask_document(doc)


def env_pairs(doc: dict) -> list[tuple[str, str]]:
    out = []
    for entry in (doc.get("Config") or {}).get("Env") or []:
        key, _, value = str(entry).partition("=")
        out.append((key, value))
    return out


def _scalar(value: Any) -> Text:
    if value is None:
        return Text("null", style="italic dim")
    if isinstance(value, bool):
        return Text("true" if value else "false", style="magenta")
    if isinstance(value, (int, float)):
        return Text(str(value), style="cyan")
    return Text(json.dumps(clean(str(value)), ensure_ascii=False), style="green")


class InspectTab(Vertical):
    """The inspect document as a foldable tree; ``/`` finds keys and values."""

    BINDINGS = [
        Binding("slash", "search", "Search", id="inspect.search"),
        Binding("n", "next_match", "Next", id="inspect.next", show=False),
        Binding("c", "copy", "Copy", id="inspect.copy_doc", tooltip="Copy the inspect document (JSON)"),
        Binding("escape", "close_input", "Close", id="inspect.close_input", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="inspect-tab")
        self.document: dict = {}
        self._hits: list[TreeNode] = []
        self._hit = -1

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search keys and values — enter for next", id="inspect-input", classes="-hidden")
        tree: Tree = Tree(Text("inspect"), id="inspect-tree")
        tree.show_root = False
        yield tree

    def show(self, document: dict) -> None:
        self.document = document
        tree = self.query_one(Tree)
        tree.clear()
        self._fill(tree.root, document)
        tree.root.expand()
        for child in tree.root.children:
            if child.data in ("State", "Config", "NetworkSettings", "HostConfig", "Mounts"):
                child.expand()

    def _fill(self, node: TreeNode, value: Any) -> None:
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            label = Text(clean_name(str(key)), style="bold")
            if isinstance(item, (dict, list)):
                size = len(item)
                label.append(f"  {'{…}' if isinstance(item, dict) else '[…]'} {size}", style="dim")
                child = node.add(label, data=str(key))
                self._fill(child, item)
                if not item:
                    child.allow_expand = False
            else:
                label.append(": ")
                label.append_text(_scalar(item))
                node.add_leaf(label, data=str(key))

    def action_search(self) -> None:
        box = self.query_one("#inspect-input", Input)
        box.remove_class("-hidden")
        box.focus()

    def action_close_input(self) -> None:
        box = self.query_one("#inspect-input", Input)
        if box.has_class("-hidden"):
            self.screen.action_back()
            return
        box.add_class("-hidden")
        self.query_one(Tree).focus()

    @on(Input.Submitted, "#inspect-input")
    def _submitted(self, event: Input.Submitted) -> None:
        pattern = compile_query(event.value)
        tree = self.query_one(Tree)
        self._hits = []
        if pattern is not None:
            stack = list(reversed(tree.root.children))
            while stack:
                node = stack.pop()
                if pattern.search(node.label.plain):
                    self._hits.append(node)
                stack.extend(reversed(node.children))
        self._hit = -1
        if not self._hits:
            self.app.notify(f"Nothing matches {event.value!r}", markup=False, timeout=2)
            return
        event.input.add_class("-hidden")
        tree.focus()
        self.action_next_match()

    def action_next_match(self) -> None:
        if not self._hits:
            return
        self._hit = (self._hit + 1) % len(self._hits)
        node = self._hits[self._hit]
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        tree = self.query_one(Tree)
        self.call_after_refresh(tree.move_cursor, node)
        self.call_after_refresh(tree.scroll_to_node, node, False)

    def action_copy(self) -> None:
        from ...clipboard import copy

        text = clean(json.dumps(self.document, indent=2, ensure_ascii=False, default=str), keep_newlines=True)
        copy(self.app, text, "inspect document")


class EnvTab(Vertical):
    """Environment variables; secret-looking values masked until revealed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="env-tab")
        self.pairs: list[tuple[str, str]] = []
        self.reveal = False

    def compose(self) -> ComposeResult:
        yield Static(id="env-hint", classes="tab-hint")
        table: DataTable = DataTable(id="env-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("Name", "Value")
        yield table

    def show(self, pairs: list[tuple[str, str]], reveal: bool) -> None:
        self.pairs, self.reveal = pairs, reveal
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        secrets = 0
        for key, value in pairs:
            secret = is_secret_key(key)
            secrets += secret and bool(value)
            shown = value if reveal else mask_value(key, value)
            style = "yellow" if secret else ""
            table.add_row(Text(clean_name(key), style="bold " + style), Text(clean(shown), style=style))
        if pairs:
            table.move_cursor(row=min(row, len(pairs) - 1))
        hint = f"{len(pairs)} variables · {secrets} look secret"
        hint += " — shown (v hides them)" if reveal else f" — masked as {MASK} (v reveals)"
        self.query_one("#env-hint", Static).update(Text(hint))


class PortsTab(Vertical):
    """Published ports, mounts and networks."""

    BINDINGS = [Binding("u", "copy_url", "Copy URL", id="ports.copy_url", tooltip="Copy the selected port's URL")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="ports-tab")
        self.urls: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Published ports  (u copies the URL)", style="bold"), classes="tab-heading")
        ports: DataTable = DataTable(id="ports-table", cursor_type="row")
        ports.add_columns("Host", "Container", "URL")
        yield ports
        yield Static(Text("Mounts", style="bold"), classes="tab-heading")
        mounts: DataTable = DataTable(id="mounts-table", cursor_type="row")
        mounts.add_columns("Type", "Source", "Destination", "Mode")
        yield mounts
        yield Static(Text("Networks", style="bold"), classes="tab-heading")
        nets: DataTable = DataTable(id="networks-table", cursor_type="row")
        nets.add_columns("Network", "IP address", "IPv6", "Gateway", "Aliases")
        yield nets

    def show(self, doc: dict) -> None:
        ports = self.query_one("#ports-table", DataTable)
        ports.clear()
        self.urls = []
        for spec, bindings in sorted(((doc.get("NetworkSettings") or {}).get("Ports") or {}).items()):
            for b in bindings or [None]:
                if b is None:
                    ports.add_row(Text(DASH), Text(clean_name(spec)), Text("not published", style="dim"))
                    self.urls.append("")
                    continue
                ip, port = b.get("HostIp") or "0.0.0.0", b.get("HostPort") or ""
                host = "localhost" if ip in ("0.0.0.0", "::", "") else (f"[{ip}]" if ":" in ip else ip)
                scheme = "http" if spec.endswith("/tcp") else spec.rsplit("/", 1)[-1]
                url = f"{scheme}://{host}:{port}"
                self.urls.append(clean_name(url))
                shown_ip = f"[{ip}]" if ":" in ip else ip
                ports.add_row(Text(clean_name(f"{shown_ip}:{port}")), Text(clean_name(spec)), Text(clean_name(url)))
        mounts = self.query_one("#mounts-table", DataTable)
        mounts.clear()
        for m in doc.get("Mounts") or []:
            source = m.get("Name") if m.get("Type") == "volume" and m.get("Name") else m.get("Source")
            mode = (m.get("Mode") or "") + ("" if m.get("RW", True) else " ro")
            mounts.add_row(*(Text(clean_name(v or "")) for v in (m.get("Type"), source, m.get("Destination"), mode.strip() or "rw")))
        nets = self.query_one("#networks-table", DataTable)
        nets.clear()
        for name, n in sorted(((doc.get("NetworkSettings") or {}).get("Networks") or {}).items()):
            aliases = ", ".join(n.get("Aliases") or [])
            nets.add_row(*(Text(clean_name(v or "")) for v in (name, n.get("IPAddress"), n.get("GlobalIPv6Address"), n.get("Gateway"), aliases)))

    def action_copy_url(self) -> None:
        from ...clipboard import copy

        table = self.query_one("#ports-table", DataTable)
        row = table.cursor_row
        url = self.urls[row] if 0 <= row < len(self.urls) else ""
        if not url:
            self.app.notify("Select a published port first", markup=False, timeout=2)
            return
        copy(self.app, url, url)


class HealthTab(Vertical):
    """The health check: its status, failing streak and the last probes' output."""

    def compose(self) -> ComposeResult:
        yield Static(id="health-summary", classes="tab-heading")
        table: DataTable = DataTable(id="health-table", cursor_type="row")
        table.add_columns("Started", "Exit", "Output")
        yield table

    def show(self, doc: dict) -> None:
        health = (doc.get("State") or {}).get("Health") or {}
        test = ((doc.get("Config") or {}).get("Healthcheck") or {}).get("Test") or []
        summary = Text()
        summary.append(clean_name(health.get("Status") or "no health check"), style="bold")
        summary.append(f"   failing streak {health.get('FailingStreak', 0)}")
        if test:
            summary.append("   test: " + clean_name(" ".join(str(t) for t in test)), style="dim")
        self.query_one("#health-summary", Static).update(summary)
        table = self.query_one("#health-table", DataTable)
        table.clear()
        for probe in reversed(health.get("Log") or []):
            table.add_row(
                Text(clean_name(str(probe.get("Start", ""))[:19].replace("T", " "))),
                Text(str(probe.get("ExitCode", "")), style="red" if probe.get("ExitCode") else "green"),
                Text(clean_name(str(probe.get("Output", "")).strip())[:300]),
            )
