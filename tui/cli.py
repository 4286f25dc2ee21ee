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
    p.add_argument("-H", "--host", action="append", metavar="[NAME=]URL", help="daemon socket to connect to (unix://, tcp://, ssh://); repeat for a fleet")
    p.add_argument("-c", "--context", action="append", help="docker context to use; repeat for a fleet")
    p.add_argument("--all-contexts", action="store_true", help="a fleet of every docker context")
    p.add_argument("--fleet", action="store_true", help="a fleet of every [[hosts]] entry of config.toml (with any -H/-c given)")
    p.add_argument("--readonly", action="store_true", help="disable every action that changes the daemon")
    p.add_argument("--lang", choices=("en", "ko"), help="language of the explanatory views (default: from the locale)")
    p.add_argument("--stats-interval", type=float, default=2.0, metavar="SECONDS", help="how often to sample container stats (default 2)")
    p.add_argument("--check-config", action="store_true", help="check config.toml (every value and the keymap), print each problem and exit")
    p.add_argument("-V", "--version", action="version", version=f"dockyard {__version__}")
    return p


def check_config(out=None) -> int:
    """``dockyard --check-config``: every problem of config.toml, as the start would name it
    (values, keymap, command keys), one per line; 0 when there is none (no terminal or daemon
    needed)."""
    from .app import DockyardApp
    from .domain.keymap_check import check
    from .domain.sanitize import clean
    from .key_names import key_problem
    from .keymap import load
    from .paths import config_file
    from .screens.binding_tables import binding_tables
    from .screens.daily_actions import command_keys

    out = out or sys.stdout
    path = clean(str(config_file()))
    config = load()
    lines = config.error.splitlines()
    tables = binding_tables(DockyardApp.BINDINGS)
    keymap = config.keymap
    if keymap:
        keymap, problems = check(keymap, tables, key_problem)
        lines += problems
    lines += command_keys(config.settings.commands, keymap, tables["the dashboard"])[1]
    if not os.path.exists(config_file()):
        print(f"{path}: no file; every default applies", file=out)
        return 0
    for line in lines:
        print(line, file=out)
    print(f"{path}: {len(lines)} problem{'' if len(lines) == 1 else 's'}" if lines else f"{path}: fine", file=out)
    return 1 if lines else 0


def main(argv: list[str] | None = None) -> int:
    from . import gc_tuning, lean_code

    lean_code.install()  # done by tui.entry for the command; here for callers of main itself

    # Before the imports below: with CPython's default thresholds the collector walks every
    # object created so far many times while Textual and our modules load (tens of ms).
    gc_tuning.tune()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        from .serve.cli import main as serve_main

        return serve_main(argv[1:])
    from . import code_cache, regex_cache

    # Dataclasses' generated methods as compiled by an earlier start (until the app mounts),
    # and the regular expressions (until the dashboard's first frame).
    code_cache.install()
    regex_cache.install()
    args = build_parser().parse_args(argv)
    if args.check_config:
        return check_config()
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and not under_web_driver():
        print("dockyard: needs an interactive terminal (stdin and stdout must be a TTY; with ssh use -t)", file=sys.stderr)
        return 2
    gc_tuning.pause()  # no collections while the start makes objects that stay (App._started: resume)

    from .engine.endpoint import resolve
    from .domain.errors import DockerError

    _ssh_from_config()

    fleet = None
    try:
        hosts, contexts = args.host or [], args.context or []
        if len(hosts) + len(contexts) > 1 or args.all_contexts or args.fleet:
            fleet, groups, colours = fleet_hosts(hosts, contexts, args.all_contexts, args.fleet)
            endpoint = fleet[0][1]
        else:
            endpoint = resolve(host=hosts[0] if hosts else None, context=contexts[0] if contexts else None)
    except DockerError as exc:
        gc_tuning.resume()
        print(f"dockyard: {exc}", file=sys.stderr)
        return 2
    if fleet is not None and len(fleet) > 1:
        return run_fleet(args, fleet, groups, colours)
    if fleet:
        endpoint = fleet[0][1]

    # Connect and list while Textual loads: the daemon's answer (hundreds of ms for
    # thousands of containers) overlaps the UI's import and first layout.
    from .engine.session import Session

    stats_interval = max(0.5, args.stats_interval)
    session = Session(endpoint, lambda change: None, readonly=args.readonly, stats_interval=stats_interval, quick_start=True)
    session.prestart()
    _before_textual()
    from .app import DockyardApp
    from .terminal_output import terminal_output

    _install_patches(scroll_region=True)

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


def fleet_hosts(hosts, contexts, all_contexts: bool, configured: bool):
    """(hosts, groups, colours) of a fleet from -H/-c/--all-contexts/--fleet."""
    from .control.host_config import load_hosts
    from .engine.hosts import fleet_sources

    entries = load_hosts()[0] if configured else ()
    fleet = fleet_sources(hosts, contexts, all_contexts=all_contexts, entries=entries)
    if not fleet:
        from .domain.errors import DockerError, ErrorKind

        raise DockerError(ErrorKind.CONFIG, "no hosts: --fleet needs [[hosts]] in config.toml, --all-contexts needs contexts")
    by_name = {e.name: e for e in entries}
    groups = {k: by_name[k].group for k, _ in fleet if k in by_name and by_name[k].group}
    colours = {k: by_name[k].colour for k, _ in fleet if k in by_name and by_name[k].colour}
    return fleet, groups, colours


def run_fleet(args, fleet, groups, colours) -> int:
    """Several hosts: the fleet starts its sessions once the UI is up (tui/control/fleet.py)."""
    _before_textual()
    from .app import DockyardApp

    _install_patches(scroll_region=False)
    app = DockyardApp(
        endpoint=fleet[0][1], readonly=args.readonly, lang=args.lang or lang_from_locale(),
        stats_interval=max(0.5, args.stats_interval), fleet=fleet, fleet_groups=groups, fleet_colours=colours,
    )  # fmt: skip
    app.run()
    return app.return_code or 0


def _before_textual() -> None:
    """What a TUI run sets up before ``tui.app`` imports Textual (``main`` and ``run_fleet``)."""
    from . import class_setup, later_imports, tls_later

    tls_later.defer()  # asyncio without OpenSSL until a TLS connection needs it
    later_imports.defer()  # two of textual.app's imports, for files a browser saves
    class_setup.install()  # each widget class set up from its bases' share, not its whole MRO again


def _install_patches(scroll_region: bool) -> None:
    """The process-wide patches of a TUI run, after ``tui.app`` is imported (Textual with it)
    and before the App is made (``main`` and ``run_fleet`` alike). ``scroll_region``: also a
    followed log scrolled by the terminal (one daemon's road; the fleet's has run without it
    since it landed)."""
    from . import css_cache, frame_write, input_wait, key_names, lazy_strip_caches, tight_updates

    key_names.install()  # Textual's key names from a table, not Unicode's name database
    css_cache.install()  # stylesheets as parsed by an earlier run (until the later sheets are read)
    if tight_updates.install():  # compositor patches, for the tested Textual only
        if scroll_region:
            from . import scroll_region as band

            band.install()  # builds on tight_updates
        lazy_strip_caches.install()  # a rendered line makes its caches when it first uses one
        input_wait.install()  # the input thread sleeps until a key instead of waking 10x a second
        frame_write.install()  # one write per frame where the terminal syncs updates, not three


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


def _ssh_from_config() -> None:
    """config.toml's ``[ssh] command`` for every ssh:// host (DOCKYARD_SSH_COMMAND wins)."""
    from .engine.ssh_command import set_configured_command
    from .keymap import load

    try:
        set_configured_command(load().settings.ssh.command)
    except Exception:  # the app reports a bad file itself, at start
        pass
