"""``dockyard serve``: arguments, the banner, the warning for a non-loopback address, run."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import socket
import sys

from .server import ServeConfig, Server, is_loopback

EXPOSED = (
    "a read-only view of {daemon}: every container's name, image, state, ports, labels, stats and logs, "
    "the details and inspect output of containers, images, networks and volumes (values Dockyard recognises "
    "as secrets are masked; logs are shown as the containers wrote them) and the daemon's disk usage"
)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dockyard serve",
        description="Serve a read-only Dockyard to web browsers, for a class or a projector. "
        "Each browser tab runs its own Dockyard; exec, attach, log saving and every action that "
        "changes the daemon are off. Prints a link with a secret token: only holders of the link get in.",
    )
    p.add_argument("--bind", default="127.0.0.1", metavar="ADDR", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, metavar="N", help="port to listen on (default 8000; 0 picks a free one)")
    p.add_argument("--max-viewers", type=int, default=10, metavar="N", help="most browser tabs at once; each is one process (default 10)")
    p.add_argument("-H", "--host", help="daemon socket to connect to (unix://, tcp://, ssh://)")
    p.add_argument("-c", "--context", help="docker context to use")
    p.add_argument("--lang", choices=("en", "ko"), help="language of the explanatory views (default: from the locale)")
    p.add_argument("--stats-interval", type=float, metavar="SECONDS", help="how often each viewer samples container stats (default 2)")
    return p


def child_argv(args: argparse.Namespace, lang: str) -> list[str]:
    argv = [sys.executable, "-m", "tui", "--readonly", "--lang", lang]
    if args.host:
        argv += ["--host", args.host]
    if args.context:
        argv += ["--context", args.context]
    if args.stats_interval is not None:
        argv += ["--stats-interval", str(args.stats_interval)]
    return argv


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        import aiohttp  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError as exc:
        print(f"dockyard serve: needs the 'serve' extra ({exc.name} is missing): pip install 'dockyard[serve]'", file=sys.stderr)
        return 2
    if args.max_viewers < 1:
        print("dockyard serve: --max-viewers must be at least 1", file=sys.stderr)
        return 2

    from ..domain.locale import lang_from_locale
    from ..domain.sanitize import clean_name
    from ..engine.endpoint import resolve
    from ..engine.errors import DockerError
    from .child_env import child_environment

    try:
        endpoint = resolve(host=args.host, context=args.context)
    except DockerError as exc:
        print(f"dockyard serve: {exc}", file=sys.stderr)
        return 2
    daemon = clean_name(endpoint.describe())
    lang = args.lang or lang_from_locale()
    env = dict(os.environ)
    ssh = endpoint.host.startswith("ssh://")
    config = ServeConfig(
        child_argv=child_argv(args, lang),
        child_env=lambda width, height: child_environment(env, width, height, ssh=ssh),
        bind=args.bind,
        max_viewers=args.max_viewers,
        lang=lang,
    )
    logging.basicConfig(level=logging.INFO, format="dockyard serve: %(message)s", stream=sys.stderr)
    if not is_loopback(args.bind):
        print(
            f"dockyard serve: WARNING: --bind {args.bind} makes this reachable from other machines. It exposes "
            + EXPOSED.format(daemon=daemon)
            + ", to anyone who has the link. The link is the only key and travels as plain HTTP: "
            "anyone on the network path can read it. Share it only with the class; stop the server (Ctrl+C) after.",
            file=sys.stderr,
        )
    return asyncio.run(_serve(Server(config), args, daemon))


async def _serve(server: Server, args: argparse.Namespace, daemon: str) -> int:
    from aiohttp import web

    runner = web.AppRunner(server.app(), access_log=None, handle_signals=False)  # the access log would print the token
    await runner.setup()
    site = web.TCPSite(runner, args.bind, args.port)
    try:
        await site.start()
    except OSError as exc:
        print(f"dockyard serve: cannot listen on {args.bind}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        await runner.cleanup()
        return 2
    port = runner.addresses[0][1]
    host = args.bind
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    elif ":" in host:
        host = f"[{host}]"
    print(f"Serving a read-only Dockyard of {daemon} to at most {server.config.max_viewers} viewers.", flush=True)
    print(f"Open: http://{host}:{port}/{server.config.token}/", flush=True)
    print("Press Ctrl+C to stop (every viewer's Dockyard ends with it).", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    print("dockyard serve: stopping", file=sys.stderr, flush=True)
    await runner.cleanup()
    return 0
