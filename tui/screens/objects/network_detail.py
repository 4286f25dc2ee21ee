"""A network: subnet, gateway, options, and the containers attached to it
(IPv4, IPv6, aliases); connect or disconnect a container picked from a list.

| key | action |
|---|---|
| C | connect a container |
| D | disconnect a container |
| i | inspect |
| escape | back |
"""

from __future__ import annotations

from textual.binding import Binding

from ...domain.sanitize import clean_name
from ...domain.state import State
from ...domain.errors import DockerError
from ...domain.queries import attached_to
from .object_detail import ObjectDetailScreen, cell, facts


class NetworkDetailScreen(ObjectDetailScreen):
    KIND = "networks"
    MUTATING = frozenset({"connect", "disconnect"})
    BINDINGS = [
        Binding("C", "connect", "Connect", id="network_detail.connect", tooltip="Connect a container picked from a list"),
        Binding("D", "disconnect", "Disconnect", id="network_detail.disconnect", tooltip="Disconnect an attached container"),
    ]

    def __init__(self, obj) -> None:
        super().__init__(obj)
        # The cheap container listing leaves aliases out: inspect the attached ones.
        self.aliases: dict[str, tuple[str, ...]] = {}
        self._asked: frozenset[str] = frozenset()

    def sections(self) -> list[tuple[str, str]]:
        return [("containers", "Attached containers")]

    def setup_tables(self) -> None:
        self.table("containers").add_columns("NAME", "STATE", "IPv4", "IPv6", "MAC", "ALIASES")

    def show(self, state: State) -> None:
        n = self.obj
        attached = sorted(attached_to(state, n), key=lambda c: c.name)
        self.query_one("#detail-facts").update(
            facts(
                [
                    ("ID", n.id),
                    ("Driver", n.driver),
                    ("Scope", n.scope),
                    ("Subnet", ", ".join(n.subnets) or "—"),
                    ("Gateway", ", ".join(n.gateways) or "—"),
                    ("Internal", "yes" if n.internal else "no"),
                    ("Attachable", "yes" if n.attachable else "no"),
                    ("IPv6", "yes" if n.ipv6 else "no"),
                    ("Created", n.created or "—"),
                    *((f"option {k}", v) for k, v in n.options),
                    *((f"label {k}", v) for k, v in n.labels),
                ]
            )
        )
        ids = frozenset(c.id for c in attached)
        if ids != self._asked:
            self._asked = ids
            self._load_aliases(sorted(ids))
        rows = []
        for c in attached:
            a = next((a for a in c.networks if a.network_id == n.id or a.network == n.name), None)
            if a is None:
                continue
            rows.append((c.id, (cell(c.name, "bold"), cell(c.state), cell(a.ip or "—"), cell(a.ipv6 or "—"), cell(a.mac or "—"), cell(", ".join(self.aliases.get(c.id) or a.aliases) or "—"))))
        self.fill("containers", rows)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        verdict = super().check_action(action, parameters)
        if verdict and action in self.MUTATING and self.obj.name in ("host", "none"):
            return None
        return verdict

    def action_connect(self) -> None:
        self.app.control.flows.connect(self.obj)

    def action_disconnect(self) -> None:
        self.app.control.flows.disconnect(self.obj)

    def _load_aliases(self, ids: list[str]) -> None:
        net = self.obj

        def call(session) -> dict[str, tuple[str, ...]]:
            found: dict[str, tuple[str, ...]] = {}
            for cid in ids:
                try:
                    doc = session.inspect("containers", cid)
                except DockerError:
                    continue
                nets = (doc.get("NetworkSettings") or {}).get("Networks") or {}
                endpoint = nets.get(net.name) or next((n for n in nets.values() if (n or {}).get("NetworkID") == net.id), None) or {}
                found[cid] = tuple(clean_name(a) for a in endpoint.get("Aliases") or ())
            return found

        self.app.control.ops.read(call, done=self._aliases_loaded, owner=self, failed=lambda message: None, group="network-aliases")

    def _aliases_loaded(self, found: dict[str, tuple[str, ...]]) -> None:
        self.aliases = found
        if self.is_mounted:
            self.show(self.app.control.store.state)
