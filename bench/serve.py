"""Cost of ``dockyard serve`` per viewer, at 1, 10 and 30 viewers on the isolated daemon.

    ./bench/serve-run                 (provisions a bed; or:)
    python -m bench.serve --docker-host unix:///…/docker.sock [--levels 1,10,30]

For each level: the server (a real ``dockyard serve`` subprocess) behind a counting proxy
in front of the daemon; N-1 viewers are plain websocket clients (aiohttp, as the browser's
client speaks), and the Nth is a real headless Chromium tab whose first frame is timed
(page load -> the dashboard's rows in the bytes the page received). Then a quiet window:
bytes per second per viewer, each child's RSS and CPU, the server's, and the daemon
requests per viewer per second. Writes its section of bench/RESULTS.md (between markers).
"""

from __future__ import annotations

import argparse
import base64
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import aiohttp
import docker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import procs  # noqa: E402
from bench.report import SERVE_END as END, SERVE_START as START, write_section  # noqa: E402
from tests.support.daemon_proxy import DaemonProxy  # noqa: E402
from tests.support.serve import Browser, ServeProcess, wait_for  # noqa: E402

CONTAINERS = 10
WIDTH, HEIGHT = 160, 45


async def _client(url: str, origin: str, counter: dict, stop: asyncio.Event) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{url}?width={WIDTH}&height={HEIGHT}", headers={"Origin": origin}, max_msg_size=0) as ws:
            await ws.send_json(["resize", {"width": WIDTH, "height": HEIGHT}])
            reader = asyncio.ensure_future(_read(ws, counter))
            await stop.wait()
            reader.cancel()
            await ws.close()


async def _read(ws, counter: dict) -> None:
    async for msg in ws:
        if msg.type == aiohttp.WSMsgType.BINARY:
            counter["bytes"] += len(msg.data)
            counter["first"] = counter["first"] or time.monotonic()


def level(n: int, host: str, window: float) -> dict:
    proxy = DaemonProxy(host[len("unix://"):]).start()
    server = ServeProcess("--max-viewers", str(n + 1), host=proxy.url).start()
    ws_url = server.url.replace("http://", "ws://") + "ws"
    counters = [{"bytes": 0, "first": 0.0} for _ in range(n - 1)]
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    import threading

    def run_loop():
        asyncio.set_event_loop(loop)
        loop.run_forever()

    threading.Thread(target=run_loop, daemon=True).start()
    futures = [asyncio.run_coroutine_threadsafe(_client(ws_url, server.base, c, stop), loop) for c in counters]
    wait_for(lambda: len(server.live_viewers()) >= n - 1 and all(c["bytes"] > 20_000 for c in counters), 60 + 10 * n, f"{n - 1} websocket viewers drawing")
    time.sleep(5)
    browser = Browser(width=1400, height=860)
    t0 = time.monotonic()
    browser.open(server.url)
    browser.wait_text(lambda t: "Containers (" in t and "bench-serve-" in t, 120, "the browser's first frame", )
    first_frame = time.monotonic() - t0
    wait_for(lambda: len(server.live_viewers()) >= n, 60, "the browser's viewer")
    time.sleep(10)  # let every child settle (first stats, footers)

    children = server.live_viewers()
    trees = {pid: procs.tree(pid) for pid in children}
    server_pid = server.proc.pid
    cpu0 = {pid: procs.cpu_seconds(t) for pid, t in trees.items()}
    server_cpu0 = procs.cpu_seconds([server_pid], reaped=False)
    bytes0 = [c["bytes"] for c in counters]
    browser.screen_text()  # drains what the tab received so far
    req0 = len(proxy.requests)
    t1 = time.monotonic()
    time.sleep(window)
    elapsed = time.monotonic() - t1
    reqs = len(proxy.requests) - req0
    cpu = {pid: (procs.cpu_seconds(t) - cpu0[pid]) / elapsed * 100 for pid, t in trees.items()}
    server_cpu = (procs.cpu_seconds([server_pid], reaped=False) - server_cpu0) / elapsed * 100
    tab_bytes = len(base64.b64decode(browser.driver.execute_script("return window.__dockyardTap.take()") or ""))
    rates = [(c["bytes"] - b) / elapsed for c, b in zip(counters, bytes0)] + [tab_bytes / elapsed]
    rss = [procs.rss_bytes(t) for t in trees.values()]
    streams = len(proxy.open_streams())
    startup_requests = req0  # everything before the window: n children starting and settling
    result = {
        "viewers": n,
        "first_frame_s": round(first_frame, 2),
        "bytes_per_s_per_viewer": round(statistics.median(rates), 1) if rates else None,
        "child_rss_mb_median": round(statistics.median(rss) / 1e6, 1),
        "child_cpu_pct_median": round(statistics.median(cpu.values()), 2),
        "children_cpu_pct_total": round(sum(cpu.values()), 1),
        "server_cpu_pct": round(server_cpu, 2),
        "server_rss_mb": round(procs.rss_bytes([server_pid]) / 1e6, 1),
        "daemon_requests_per_s_per_viewer": round(reqs / elapsed / n, 3),
        "daemon_requests_at_start_per_viewer": round(startup_requests / n, 1),
        "open_streams_per_viewer": round(streams / n, 2),
        "window_s": round(elapsed, 1),
    }
    browser.quit()
    loop.call_soon_threadsafe(stop.set)
    for f in futures:
        try:
            f.result(30)
        except Exception:
            pass
    server.stop()
    loop.call_soon_threadsafe(loop.stop)
    proxy.stop()
    return result


def markdown(results: list[dict], meta: dict) -> str:
    rows = [
        ("first frame in the browser (page load → dashboard rows), joining as the Nth viewer", "first_frame_s", "{} s"),
        ("bytes per second per idle viewer (median)", "bytes_per_s_per_viewer", "{} B/s"),
        ("RSS per viewer's process (median)", "child_rss_mb_median", "{} MB"),
        ("CPU per idle viewer's process (median, % of one core)", "child_cpu_pct_median", "{} %"),
        ("CPU of all viewers' processes together", "children_cpu_pct_total", "{} %"),
        ("server process CPU", "server_cpu_pct", "{} %"),
        ("server process RSS", "server_rss_mb", "{} MB"),
        ("daemon requests per second per idle viewer", "daemon_requests_per_s_per_viewer", "{}/s"),
        ("daemon requests per viewer to start and settle", "daemon_requests_at_start_per_viewer", "{}"),
        ("open daemon streams per viewer", "open_streams_per_viewer", "{}"),
    ]
    head = "| metric | " + " | ".join(f"{r['viewers']} viewer{'s' if r['viewers'] > 1 else ''}" for r in results) + " |"
    lines = [
        START,
        "## dockyard serve: cost per viewer",
        "",
        f"Written by `./bench/serve-run` on {meta['when']} ({meta['machine']}; load average {meta['load_start']} at start, {meta['load_end']} at end). "
        f"{CONTAINERS} running containers on the isolated daemon, reached through a counting proxy; each viewer is a {WIDTH}x{HEIGHT} terminal; "
        "N-1 viewers are websocket clients speaking the browser client's protocol, the Nth a real headless Chromium tab; "
        f"idle window {results[0]['window_s']:.0f} s per level.",
        "",
        head,
        "|---|" + "---:|" * len(results),
    ]
    for label, key, fmt in rows:
        lines.append(f"| {label} | " + " | ".join(fmt.format(r[key]) for r in results) + " |")
    lines += ["", END, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench.serve", description=__doc__)
    p.add_argument("--docker-host", required=True)
    p.add_argument("--levels", default="1,10,30")
    p.add_argument("--window", type=float, default=30.0)
    p.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    args = p.parse_args(argv)
    os.environ["DOCKER_HOST"] = args.docker_host
    client = docker.APIClient(base_url=args.docker_host, version="auto")
    image = os.environ.get("DOCKYARD_TEST_IMAGE", "dockyard-test/busybox:latest")
    made = []
    for i in range(CONTAINERS):
        c = client.create_container(image, ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"], name=f"bench-serve-{i:02d}")
        client.start(c["Id"])
        made.append(c["Id"])
    meta = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": f"{os.cpu_count()} cores, {platform.machine()}",
            "load_start": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    results = []
    try:
        for n in (int(x) for x in args.levels.split(",")):
            print(f"[bench.serve] {n} viewers…", file=sys.stderr, flush=True)
            r = level(n, args.docker_host, args.window)
            print(json.dumps(r), file=sys.stderr, flush=True)
            results.append(r)
    finally:
        for cid in made:
            client.remove_container(cid, force=True)
    meta["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "serve.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    section = markdown(results, meta)
    write_section(Path(args.out), section)
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
