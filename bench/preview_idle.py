"""Idle cost of the preview pane (issue 16): Dockyard at 160x45 with N running containers,
the preview off ([ui] preview = false), on with the cursor on a quiet container, and on with
the cursor on a container logging every 100 ms (its tail is followed: one log stream).

    python -m bench.preview_idle --docker-host unix:///…/docker.sock --testbed-dir DIR [--n 30] [--window 20]

Prints one row per case: tool CPU, bytes to the terminal per second, daemon requests per
second and open streams over the idle window (targets: bench/RESULTS.md, bytes <= 0.1x
lazydocker's 14 kB/s at N=30 and requests/streams flat).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from . import measure, workload
from .main import start_proxy, tool_env
from .measure import Bed
from .tools import dockyard


def case(tool, bed: Bed, home: Path, preview: bool, select: str | None, seconds: float) -> dict:
    config = home / ".config" / "dockyard"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text(f"[ui]\npreview = {'true' if preview else 'false'}\n")
    app, _ = measure._launch(tool, bed)
    try:
        if app.wait_for(measure.CONTENT, timeout=60) is None:
            return {"error": "no content"}
        if select:
            app.send("/")
            app.pump(0.3, parse=False)
            app.send(select)
            app.pump(0.3, parse=False)
            app.send("\r")
        app.pump(5.0, parse=False)
        return measure.window(app, bed, seconds)
    finally:
        app.stop(tool.quit_keys)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench.preview_idle", description=__doc__)
    p.add_argument("--docker-host", required=True)
    p.add_argument("--testbed-dir", required=True)
    p.add_argument("--n", type=int, default=30)
    p.add_argument("--window", type=float, default=20.0)
    args = p.parse_args(argv)
    venv = Path(sys.executable).parent.parent
    tool = dockyard(venv)
    workdir = Path(tempfile.mkdtemp(prefix="dockyard-bench-preview."))
    proxy, sock, proxy_log = start_proxy(args.docker_host.removeprefix("unix://"), workdir)
    api = workload.client(args.docker_host)
    home = workdir / "home"
    bed = Bed(env=tool_env(sock, home), api=api, proxy_log=proxy_log,
              dockerd_pid=int(Path(args.testbed_dir, "docker.pid").read_text()), exec_root=str(Path(args.testbed_dir, "exec")))
    try:
        workload.remove_prefix(api, "bench-")
        workload.running(api, args.n)
        time.sleep(3)
        rows = []
        for label, preview, select in (("preview off", False, None), ("preview on, quiet row", True, "bench-r-000"), ("preview on, logging row", True, "bench-r-001")):
            r = case(tool, bed, home, preview, select, args.window)
            rows.append((label, r))
        print(f"| case (N={args.n}, {args.window:g} s window, 160x45) | tool CPU | bytes/s to the terminal | requests/s | open streams |")
        print("|---|---|---|---|---|")
        for label, r in rows:
            if "error" in r:
                print(f"| {label} | error: {r['error']} | | | |")
                continue
            print(f"| {label} | {r['tool_cpu_pct']:.2f} % | {r['bytes_per_s']:.0f} B/s | {r['requests_per_s']:.2f}/s | {r['open_streams']} |")
    finally:
        workload.remove_prefix(api, "bench-")
        proxy.terminate()
        proxy.wait(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
