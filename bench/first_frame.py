"""A wall-clock profile of Dockyard's start, from the interpreter's first line to the first
container rows painted (then the app exits): where the first frame's time goes.

    .venv/bin/python -m bench.first_frame --docker-host unix:///…/docker.sock [--out prof.txt] [--html prof.html]

Runs ``dockyard`` in a 160x45 pseudo-terminal (bench/ptyapp.py) under pyinstrument (a
sampling profiler: ``pip install pyinstrument``; not a dependency of the project). The
child stops the profile on the refresh after the first listing reached the screen, so
the report covers imports, the app's construction, the first layout and paint, and the
listing's arrival; not the teardown. Also prints the import and first-frame timestamps.
A development tool: the benchmark (bench/main.py) measures startup without a profiler.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

T0 = time.perf_counter()


def child(out: str, html: str) -> None:
    """In the pty: profile tui.cli.main until the first rows are painted, then exit."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    marks: dict[str, float] = {}

    from tui import cli
    from tui.control import control as control_mod
    from tui.domain import changes as ch

    marks["tui.cli imported"] = time.perf_counter() - T0
    original = control_mod.Control.on_change

    def on_change(self, change, *a, **kw):
        original(self, change, *a, **kw)
        if isinstance(change, ch.Resynced) and "resynced" not in marks:
            marks["first listing applied"] = time.perf_counter() - T0
            marks["resynced"] = 0

            def painted() -> None:
                marks["first rows painted"] = time.perf_counter() - T0
                self._app.exit()

            self._app.call_after_refresh(painted)

    control_mod.Control.on_change = on_change
    cli.main([])
    profiler.stop()
    marks.pop("resynced", None)
    text = "\n".join(f"# {k}: {v:.3f} s" for k, v in marks.items()) + "\n"
    text += profiler.output_text(unicode=True, color=False, show_all=False)
    with open(out, "w") as f:
        f.write(text)
    if html:
        with open(html, "w") as f:
            f.write(profiler.output_html())
    sys.stdout.flush()
    os._exit(0)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--docker-host", required=True)
    p.add_argument("--out", default="first_frame.txt")
    p.add_argument("--html", default="")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.out, args.html)
        return 0
    from .ptyapp import PtyApp

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["DOCKER_HOST"] = args.docker_host
    argv = [sys.executable, "-m", "bench.first_frame", "--child", "--docker-host", args.docker_host,
            "--out", os.path.abspath(args.out), "--html", os.path.abspath(args.html) if args.html else ""]
    app = PtyApp(argv, env).start()
    app.pump(60, parse=False, until=lambda: not app.alive())
    app.stop()
    print(open(args.out).read())
    return 0


if __name__ == "__main__":
    sys.exit(main())
