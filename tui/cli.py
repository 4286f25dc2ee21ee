"""The ``dockyard`` command: parse arguments, resolve the endpoint, run the app."""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .domain.locale import lang_from_locale

from .serve.child_env import WEB_DRIVER  # what dockyard serve sets in TEXTUAL_DRIVER for each viewer


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dockyard",
        description="A terminal dashboard for Docker and Podman: containers, images, networks and volumes, live.",
        epilog="The daemon is chosen as the docker CLI does: --host, --context, DOCKER_HOST, DOCKER_CONTEXT, "
        "the current context in $DOCKER_CONFIG/config.json (~/.docker), then the local socket. "
        "'dockyard serve --help': serve a read-only Dockyard to browsers (a classroom).",
    )
    p.add_argument("-H", "--host", help="daemon socket to connect to (unix://, tcp://, ssh://)")
    p.add_argument("-c", "--context", help="docker context to use")
    p.add_argument("--readonly", action="store_true", help="disable every action that changes the daemon")
    p.add_argument("--lang", choices=("en", "ko"), help="language of the explanatory views (default: from the locale)")
    p.add_argument("--stats-interval", type=float, default=2.0, metavar="SECONDS", help="how often to sample container stats (default 2)")
    p.add_argument("-V", "--version", action="version", version=f"dockyard {__version__}")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        from .serve.cli import main as serve_main

        return serve_main(argv[1:])
    args = build_parser().parse_args(argv)
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and not under_web_driver():
        print("dockyard: needs an interactive terminal (stdin and stdout must be a TTY; with ssh use -t)", file=sys.stderr)
        return 2

    from .engine.endpoint import resolve
    from .domain.errors import DockerError

    try:
        endpoint = resolve(host=args.host, context=args.context)
    except DockerError as exc:
        print(f"dockyard: {exc}", file=sys.stderr)
        return 2

    # Connect and list while Textual loads: the daemon's answer (hundreds of ms for
    # thousands of containers) overlaps the UI's import and first layout.
    from .engine.session import Session

    stats_interval = max(0.5, args.stats_interval)
    session = Session(endpoint, lambda change: None, readonly=args.readonly, stats_interval=stats_interval)
    session.prestart()

    from . import gc_tuning, tight_updates
    from .app import DockyardApp
    from .terminal_output import terminal_output

    tight_updates.install()  # process-global compositor patch, for the tested Textual only
    gc_tuning.tune()

    # Draw on the terminal (not into `2>file`), in a charset it can show.
    with terminal_output():
        app = DockyardApp(
            endpoint=endpoint,
            readonly=args.readonly,
            lang=args.lang or lang_from_locale(),
            stats_interval=stats_interval,
            session=session,
        )
        app.run()
    return app.return_code or 0


def run() -> None:
    """The console entry point: main(), then leave at once.

    Once the app has returned, the terminal is restored and nothing is left to save;
    the interpreter's own teardown (collecting every widget and table cell, joining
    threads still blocked on a hung daemon) only delays the shell prompt. Flush and go.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def under_web_driver(env=os.environ) -> bool:
    """True when Textual will run us with its web driver (``dockyard serve`` sets it for each
    viewer): stdin and stdout are then the server's pipes, not a terminal, and that is right."""
    return env.get("TEXTUAL_DRIVER", "") == WEB_DRIVER



if __name__ == "__main__":
    run()
