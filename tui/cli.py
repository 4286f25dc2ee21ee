"""The ``dockyard`` command: parse arguments, resolve the endpoint, run the app."""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dockyard",
        description="A terminal dashboard for Docker and Podman: containers, images, networks and volumes, live.",
        epilog="The daemon is chosen as the docker CLI does: --host, --context, DOCKER_HOST, DOCKER_CONTEXT, "
        "the current context in $DOCKER_CONFIG/config.json (~/.docker), then the local socket.",
    )
    p.add_argument("-H", "--host", help="daemon socket to connect to (unix://, tcp://, ssh://)")
    p.add_argument("-c", "--context", help="docker context to use")
    p.add_argument("--readonly", action="store_true", help="disable every action that changes the daemon")
    p.add_argument("--lang", choices=("en", "ko"), help="language of the explanatory views (default: from the locale)")
    p.add_argument("--stats-interval", type=float, default=2.0, metavar="SECONDS", help="how often to sample container stats (default 2)")
    p.add_argument("-V", "--version", action="version", version=f"dockyard {__version__}")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("dockyard: needs an interactive terminal (stdin and stdout must be a TTY; with ssh use -t)", file=sys.stderr)
        return 2

    from .engine.endpoint import resolve
    from .engine.errors import DockerError

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

    from . import gc_tuning
    from .app import DockyardApp
    from .terminal_output import terminal_output

    gc_tuning.tune()

    # Draw on the terminal (not into `2>file`), in a charset it can show.
    with terminal_output():
        app = DockyardApp(
            endpoint=endpoint,
            readonly=args.readonly,
            lang=args.lang or _lang_from_locale(),
            stats_interval=stats_interval,
        )
        app.session = session.adopt(app.session)  # the app's own session was never started
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


def _lang_from_locale() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


if __name__ == "__main__":
    run()
