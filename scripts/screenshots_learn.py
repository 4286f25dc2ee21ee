"""Screenshots of the learning views against a live daemon (DOCKER_HOST): creates a small demo
(two networks, a volume, a published port, two images built on one base), opens each view
through the real app and saves SVGs into screenshots/. Removes the demo objects afterwards.

Run through scripts/screenshots-learn, which starts a private test daemon when needed.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import docker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.app import DockyardApp  # noqa: E402
from tui.engine.endpoint import resolve  # noqa: E402
from tui.keymap import Config  # noqa: E402
from tests.support.images import build_image  # noqa: E402

IMAGE = "dockyard-test/busybox:latest"
P = "demo-"
OUT = ROOT / "screenshots"
BIND = Path("/tmp/dockyard-demo-bind")


def setup(client) -> str:
    cleanup(client)
    client.create_network(P + "front")
    client.create_network(P + "back")
    client.create_volume(P + "data")
    build_image(client, P + "shop:1", f"FROM {IMAGE}\nRUN echo shop > /shop\nCMD [\"httpd\", \"-f\", \"-p\", \"80\"]\n")
    build_image(client, P + "cron:1", f"FROM {IMAGE}\nRUN echo cron > /cron\n")
    BIND.mkdir(parents=True, exist_ok=True)
    hc = client.create_host_config(port_bindings={80: ("127.0.0.1", None)},
                                   binds={P + "data": {"bind": "/data", "mode": "rw"}, str(BIND): {"bind": "/srv", "mode": "ro"}},
                                   tmpfs={"/scratch": "size=8m"},
                                   network_mode=P + "front", mem_limit="64m", pids_limit=100, cap_drop=["NET_RAW"])
    nc = client.create_networking_config({P + "front": client.create_endpoint_config(aliases=["shop"])})
    web = client.create_container(P + "shop:1", name=P + "web", ports=[80], host_config=hc, networking_config=nc)["Id"]
    client.connect_container_to_network(web, P + "back")
    client.start(web)
    exec_id = client.exec_create(web, ["sh", "-c", "echo hello > /data/hello; echo x > /newfile; rm /shop"])["Id"]
    client.exec_start(exec_id)
    worker = client.create_container(P + "cron:1", ["sleep", "100000"], name=P + "worker",
                                     host_config=client.create_host_config(network_mode=P + "back"))["Id"]
    client.start(worker)
    return web


def cleanup(client) -> None:
    for c in client.containers(all=True, filters={"name": P}):
        client.remove_container(c["Id"], force=True, v=True)
    for n in client.networks(names=[P]):
        if n["Name"].startswith(P):
            client.remove_network(n["Id"])
    for v in (client.volumes(filters={"name": P}) or {}).get("Volumes") or []:
        if v["Name"].startswith(P):
            client.remove_volume(v["Name"], force=True)
    for tag in (P + "shop:1", P + "cron:1"):
        try:
            client.remove_image(tag, force=True)
        except docker.errors.APIError:
            pass


async def until(pilot, predicate, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("view did not settle")
        await pilot.pause(0.1)


async def shoot(lang: str, web_id: str, client) -> list[str]:
    from tui.screens.learn.lessons import LessonScreen
    from tui.screens.learn.run_trace import RunTraceScreen

    app = DockyardApp(resolve(), lang=lang, config=Config(), stats_interval=0.5)
    saved = []

    def open_view(app, view, kind=None, obj=None, **kw):
        app.control.nav.open_learn(view, kind, obj, **kw)

    def event_buffer(app):
        return app.control.store.events

    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and web_id in app.state.containers)
        state = app.state
        web = state.containers[web_id]
        net = next(n for n in state.networks.values() if n.name == P + "back")
        image = next(i for i in state.images.values() if P + "shop:1" in i.tags)

        async def save(name: str, ready=lambda: True) -> None:
            await until(pilot, ready)
            await pilot.pause(0.3)
            path = app.save_screenshot(f"learn-{name}-{lang}.svg", str(OUT))
            saved.append(path)
            app.pop_screen()
            await pilot.pause(0.1)

        open_view(app, "arch")
        await save("architecture")
        open_view(app, "map", "containers", web)
        await save("map-container", lambda: app.screen.details)
        open_view(app, "map", "networks", net)
        await save("map-network")
        open_view(app, "layers", "containers", web)
        await save("layers-container", lambda: app.screen.stack is not None and app.screen.union is not None)
        open_view(app, "layers", "images", image)
        await save("layers-image", lambda: app.screen.stack is not None)
        open_view(app, "isolation", "containers", web)
        await save("isolation", lambda: app.screen.report is not None)
        open_view(app, "lifecycle", "containers", web)
        await save("lifecycle")
        open_view(app, "concept", "images", image, concept="image")
        await save("concept-image", lambda: app.screen.stack is not None)
        open_view(app, "concept", "containers", web, concept="port")
        await save("concept-port", lambda: app.screen.ports is not None)
        open_view(app, "concept", "containers", web, concept="bind")
        await save("concept-bind", lambda: app.screen.mounts is not None)
        open_view(app, "concept", "containers", web, concept="tmpfs")
        await save("concept-tmpfs", lambda: app.screen.mounts is not None)
        app.screen.action_help()  # the dashboard's own help
        await save("help")
        open_view(app, "events")
        await pilot.pause(0.2)
        # Something to explain: a short-lived container's whole life.
        cid = client.create_container(IMAGE, ["sleep", "1000"], name=P + f"blink-{lang}")["Id"]
        client.start(cid)
        client.kill(cid)
        client.wait(cid)
        client.remove_container(cid)
        await save("events", lambda: any("destroy" in e.action for e in event_buffer(app).events))
        app.push_screen(RunTraceScreen(web))
        await until(pilot, lambda: app.screen.steps)
        for _ in range(6):
            await pilot.press("right")
        await save("run-trace")
        lesson = LessonScreen(image=IMAGE, lesson=3, auto_open=False)
        app.push_screen(lesson)
        await pilot.pause(0.2)
        await save("lessons")
    return saved


async def shoot_narrow(web_id: str) -> list[str]:
    """80x24 in Korean: the lifecycle view and a lesson, whose key lines are cut by whole keys to fit."""
    from tui.screens.learn.lessons import LessonScreen

    app = DockyardApp(resolve(), lang="ko", config=Config(), stats_interval=0.5)
    saved = []
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.state.synced and web_id in app.state.containers)
        app.control.nav.open_learn("lifecycle", "containers", app.state.containers[web_id])
        await pilot.pause(0.5)
        saved.append(app.save_screenshot("learn-lifecycle-80x24-ko.svg", str(OUT)))
        app.pop_screen()
        app.push_screen(LessonScreen(image=IMAGE, lesson=3, auto_open=False))
        await pilot.pause(0.5)
        saved.append(app.save_screenshot("learn-lessons-80x24-ko.svg", str(OUT)))
    return saved


def main() -> int:
    OUT.mkdir(exist_ok=True)
    client = docker.APIClient(base_url=resolve().host, version="auto")
    web = setup(client)
    try:
        for lang in ("en", "ko"):
            for path in asyncio.run(shoot(lang, web, client)):
                print(path)
        for path in asyncio.run(shoot_narrow(web)):
            print(path)
    finally:
        cleanup(client)
    return 0


if __name__ == "__main__":
    sys.exit(main())
