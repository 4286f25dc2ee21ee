"""Run by tests/learn/test_nat_path.py INSIDE the NAT dockerd's network namespace
(`ip netns exec <ns> python -m tests.learn.nat_card_probe CID LANG`): the real app, on
$DOCKER_HOST (the NAT dockerd's socket), opens the port card of container CID and prints
what the card read and says, as one JSON line. Not a test module (pytest does not collect it).

Inside the namespace `iptables -t nat -S DOCKER` (the engine's port-path reader) sees that
dockerd's rules and /sys shows its bridge and veth; the unix socket is reachable from any
namespace.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sys
import time


async def probe(cid: str, lang: str) -> dict:
    from tui.app import DockyardApp
    from tui.engine.endpoint import resolve
    from tui.keymap import Config
    from tui.screens.learn.concept import ConceptScreen

    app = DockyardApp(resolve(), config=Config(), stats_interval=0.5, lang=lang)
    async with app.run_test(size=(160, 45)) as pilot:

        async def until(predicate, what: str, timeout: float = 60.0):
            deadline = time.monotonic() + timeout
            while not predicate():
                if time.monotonic() > deadline:
                    raise SystemExit(f"timed out waiting for {what}")
                await pilot.pause(0.05)

        await until(lambda: app.state.synced and cid in app.state.containers, "the container listed")
        app.control.nav.open_learn("concept", "containers", app.state.containers[cid], concept="port")
        await until(lambda: isinstance(app.screen, ConceptScreen), "the port card")
        card = app.screen
        await until(lambda: card.ports is not None, "the port path read")
        await pilot.pause(0.2)
        return {"card": card.card(), "ports": [dataclasses.asdict(p) for p in card.ports], "screen": app.export_screenshot()}


def main() -> None:
    cid, lang = sys.argv[1], sys.argv[2]
    print(json.dumps(asyncio.run(probe(cid, lang))))


if __name__ == "__main__":
    main()
