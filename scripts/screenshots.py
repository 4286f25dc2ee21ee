"""Drive the real app against the private bed set up by scripts/screenshots and save SVGs."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import docker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.app import DockyardApp  # noqa: E402
from tui.engine.endpoint import resolve  # noqa: E402
from tui.keymap import Config  # noqa: E402
from tui.screens.dialogs.confirm import ARM_DELAY

IMAGE = "dockyard-test/busybox:latest"
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")


def populate(c: docker.APIClient) -> None:
    """A small, realistic daemon: a compose app, a worker, a sick service, leftovers."""
    c.create_network("shop_default", labels={"com.docker.compose.project": "shop"}, ipam=docker.types.IPAMConfig(pool_configs=[docker.types.IPAMPool(subnet="172.30.0.0/24")]))
    c.create_network("monitoring", ipam=docker.types.IPAMConfig(pool_configs=[docker.types.IPAMPool(subnet="10.42.0.0/24")]))
    c.create_volume("shop_db-data", labels={"com.docker.compose.project": "shop"})
    c.create_volume("grafana-storage")

    def run(name, cmd, start=True, labels=None, network=None, binds=None, ports=None, healthcheck=None, volumes=None):
        hc = c.create_host_config(network_mode=network, binds=binds, port_bindings=ports)
        ct = c.create_container(IMAGE, cmd, name=name, labels=labels or {}, host_config=hc, healthcheck=healthcheck,
                                ports=list(ports) if ports else None, volumes=volumes)
        if start:
            c.start(ct["Id"])
        return ct["Id"]

    compose = lambda svc: {"com.docker.compose.project": "shop", "com.docker.compose.service": svc}  # noqa: E731
    trap = lambda body: ["sh", "-c", f"trap 'exit 0' TERM; {body} & wait"]  # noqa: E731
    run("shop-web-1", ["httpd", "-f", "-p", "8080"], labels=compose("web"), network="shop_default", ports={8080: None})
    run("shop-db-1", trap("sleep 100000"), labels=compose("db"), network="shop_default", binds=["shop_db-data:/var/lib/db"])
    run("shop-worker-1", trap("while :; do i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 0.3; done"), labels=compose("worker"), network="shop_default")
    run("grafana", trap("sleep 100000"), network="monitoring", binds=["grafana-storage:/var/lib/grafana"], ports={3000: None})
    run("payments-api", trap("sleep 100000"), healthcheck={"test": ["CMD", "false"], "interval": 500_000_000, "retries": 1})
    run("stubborn", ["sleep", "100000"])  # PID 1 ignores SIGTERM: stop waits the whole timeout
    cache = run("redis-cache", trap("sleep 100000"))
    c.pause(cache)
    done = run("db-migrate", ["sh", "-c", "exit 0"])
    c.wait(done)
    crashed = run("nightly-report", ["sh", "-c", "exit 3"])
    c.wait(crashed)
    run("scratchpad", ["sh"], start=False, volumes=["/scratch"])
    c.tag(IMAGE, "registry.example.com/shop/web", "1.4.2")
    c.commit(done)  # an untagged image: dangling
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and "unhealthy" not in c.inspect_container("payments-api")["State"].get("Health", {}).get("Status", ""):
        time.sleep(0.2)
    time.sleep(2.5)  # let uptimes read a few seconds and the worker use some CPU


async def until(pilot, predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("screenshot scene did not settle")
        await pilot.pause(0.05)


def pane(app, kind="containers"):
    from tui.screens.dashboard import DashboardScreen

    return next(s for s in app.screen_stack if isinstance(s, DashboardScreen)).pane(kind)


def key_of(app, name):
    return next(k for k, c in app.state.containers.items() if c.name == name)


async def shoot(name: str, size: tuple[int, int], scene=None, **app_kwargs) -> None:
    app = DockyardApp(resolve(), config=Config(), stats_interval=1.0, **app_kwargs)
    app.theme = "textual-dark"
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.state.synced and len(pane(app)._cells) >= 10)
        await until(pilot, lambda: any(s.cpu_percent for s in app.state.stats.values()))
        pane(app).select_key(key_of(app, "shop-web-1"))
        await pilot.pause(0.2)
        if scene is not None:
            await scene(app, pilot)
        await pilot.pause(0.3)
        app.save_screenshot(str(OUT / f"{name}.svg"))
        print(f"saved {name}.svg", file=sys.stderr)


async def pending(app, pilot):
    pane(app).select_key(key_of(app, "stubborn"))
    await pilot.press("s")
    await until(pilot, lambda: "stopping" in pane(app)._cells[key_of(app, "stubborn")][3].plain)


async def filtered(app, pilot):
    await pilot.press("slash", *"label=com.docker.compose.project=shop")
    await pilot.pause(0.2)


async def confirm_remove(app, pilot):
    pane(app).select_key(key_of(app, "nightly-report"))
    await pilot.press("d")
    await pilot.pause(ARM_DELAY + 0.2)


async def help_screen(app, pilot):
    await pilot.press("question_mark")


async def palette(app, pilot):
    await pilot.press("ctrl+p")
    await pilot.pause(0.3)
    await pilot.press(*"go to")
    await pilot.pause(0.5)


async def action_log(app, pilot):
    pane(app).select_key(key_of(app, "grafana"))
    await pilot.press("r")
    await until(pilot, lambda: app.control.store.action_log and app.control.store.action_log[-1].outcome != "sent")
    pane(app).select_key(key_of(app, "redis-cache"))
    await pilot.press("p")
    await until(pilot, lambda: len(app.control.store.action_log) >= 2 and app.control.store.action_log[-1].outcome != "sent")
    await pilot.press("L")


async def sorted_by_cpu(app, pilot):
    await pilot.press("e", *"ooooo", "O")  # hide stopped rows; sort by the fifth column (CPU %), busiest first


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    client = docker.APIClient(base_url=os.environ["DOCKER_HOST"], version="auto")
    populate(client)
    await shoot("dashboard", (120, 36))
    await shoot("dashboard-80x24", (80, 24))
    await shoot("dashboard-preview", (160, 45))  # wide enough for the preview pane
    await shoot("pending-stop", (120, 36), pending)
    await shoot("filter", (120, 36), filtered)
    await shoot("sort-running-only", (120, 36), sorted_by_cpu)
    await shoot("confirm-remove", (120, 36), confirm_remove)
    await shoot("help", (120, 36), help_screen)
    await shoot("palette", (120, 36), palette)
    await shoot("action-log", (120, 36), action_log)
    await shoot("readonly", (120, 36), readonly=True)


if __name__ == "__main__":
    asyncio.run(main())
