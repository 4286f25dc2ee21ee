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

from ..domain.state import State
from .object_actions import attached_to, connect_candidates, pick_and_connect, pick_and_disconnect
from .object_detail import ObjectDetailScreen, cell, facts


class NetworkDetailScreen(ObjectDetailScreen):
    KIND = "networks"
    MUTATING = frozenset({"connect", "disconnect"})
    BINDINGS = [
        Binding("C", "connect", "Connect", id="network_detail.connect", tooltip="Connect a container picked from a list"),
        Binding("D", "disconnect", "Disconnect", id="network_detail.disconnect", tooltip="Disconnect an attached container"),
    ]

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
        rows = []
        for c in attached:
            a = next((a for a in c.networks if a.network_id == n.id or a.network == n.name), None)
            if a is None:
                continue
            rows.append((c.id, (cell(c.name, "bold"), cell(c.state), cell(a.ip or "—"), cell(a.ipv6 or "—"), cell(a.mac or "—"), cell(", ".join(a.aliases) or "—"))))
        self.fill("containers", rows)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        verdict = super().check_action(action, parameters)
        if verdict and action in self.MUTATING and self.obj.name in ("host", "none"):
            return None
        return verdict

    def action_connect(self) -> None:
        pick_and_connect(self, self.obj, connect_candidates(self.app.state, self.obj))

    def action_disconnect(self) -> None:
        pick_and_disconnect(self, self.obj, attached_to(self.app.state, self.obj))
