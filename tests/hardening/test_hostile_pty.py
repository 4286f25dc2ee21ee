"""Hostile daemon text never acts on the terminal: the app runs in a real pty, the user
walks the dashboard, help, palette, inspect, logs, a confirm dialog and a failed action,
and every byte the app wrote is scanned for sequences that carry the test's marker."""

from __future__ import annotations

import pytest

from tests.support.pty_app import hostile_hits

from .hostile import new_marker, payload

pytestmark = pytest.mark.daemon


def plant(bed, marker: str) -> dict[str, str]:
    """Create the hostile objects; returns their names."""
    c = bed.client
    evil = payload(marker)
    script = 'printf "%s\\n" "$EVIL"; printf "%s" "$EVIL"; trap "exit 0" TERM; sleep 100000 & wait'
    run = bed.name("run")
    cid = c.create_container(
        bed.image,
        ["sh", "-c", script, evil],
        name=run,
        labels={"evil": evil, f"x.{marker}": evil},
        environment=[f"EVIL={evil}", "PLAIN=1"],
        healthcheck={"test": ["CMD-SHELL", 'printf "%s" "$EVIL"; exit 1'], "interval": 1_000_000_000, "retries": 1},
    )["Id"]
    c.start(cid)
    bad = bed.name("bad")
    c.create_container(bed.image, [f"/no/such/{evil}"], name=bad, labels={"evil": evil})
    net = bed.name("net") + evil.replace("/", "_")
    c.create_network(net, labels={"evil": evil})
    c.commit(cid, repository=bed.name("img"), tag="latest", message=evil, conf={"Labels": {"evil": evil}})
    return {"run": run, "bad": bad, "net_prefix": bed.name("net")}


def test_hostile_text_never_reaches_the_terminal(bed, pty_app):
    marker = new_marker()
    names = plant(bed, marker)
    app = pty_app(size=(140, 40))
    app.wait_for(r"live")
    app.wait_for(names["run"][:20])
    app.settle()

    app.press("?")
    app.wait_for(r"esc closes")
    app.press("escape")

    app.palette(f"go to container {names['run']}")
    app.press("i")
    app.wait_for(r"Container " + names["run"])
    app.press("pagedown", "pagedown", "pagedown")
    app.settle()
    app.press("escape")
    app.wait_for(r"Containers \(")
    app.press("l")
    app.wait_for(r"following")
    app.settle(0.5)
    for tab in range(6):  # every tab of the detail view: stats, inspect, env, ports, processes, health
        app.press("]")
        app.settle(0.5)
    app.press("escape")
    app.wait_for(r"Containers \(")

    app.palette(f"go to network {names['net_prefix']}", expect=r"Select network\s+" + names["net_prefix"])
    app.press("i")
    app.wait_for(r"Network\s+" + names["net_prefix"])
    app.press("escape")
    app.settle()
    app.press("d")
    app.wait_for(r"Remove 1 network")
    app.press("escape")
    app.settle()

    app.press("2")
    app.settle()
    app.press("i")
    app.settle(0.5)
    app.press("escape")

    app.palette(f"go to container {names['bad']}")
    app.press("S")
    app.wait_for(r"Action failed|no such file|executable", timeout=15)
    app.settle(0.5)

    assert app.returncode is None, "a markup action or escape sequence ended the app"
    elapsed = app.quit_and_wait("q")
    assert elapsed < 5
    raw = app.raw_bytes()
    hits = hostile_hits(raw, marker)
    assert not hits, f"hostile sequences reached the terminal: {hits[:5]}"
    # The marker itself was shown (made visible), so the scan looked at real output.
    assert marker.encode() in raw


def test_the_scanner_sees_what_a_terminal_would_act_on():
    """The scan must not be blind: each form is caught, visible escapes are not."""
    marker = "MK"
    assert hostile_hits(b"\x1b]2;MK\x07", marker)
    assert hostile_hits("\u009d0;MK\x07".encode(), marker)
    assert hostile_hits(b"\x1bPMK\x1b\\", marker)
    assert hostile_hits(b"\x1b]52;c;anything\x07", "zz")  # any OSC 52 at all
    assert hostile_hits(b"MK\x07", marker)
    assert not hostile_hits("\u241b]52;c;TUs=\u2407 <U+009B>MK".encode(), marker)
