"""The tools under test and how the harness reads their screens."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Tool:
    name: str
    argv: list[str]
    version: str
    empty: str  # regex on screen when the daemon has no containers (N=0 "content")
    probe_key: str  # key-press latency probe in the log view: this key opens a small popup or input...
    probe_open: str  # ...that this regex finds on screen; escape closes it again
    quit_keys: bytes
    log_keys: list[str] = field(default_factory=list)  # keys that follow the selected container's logs
    log_note: str = ""
    content: str = ""  # regex of its rows on screen (default: the workload's container names)


def dockyard(venv: Path) -> Tool:
    out = subprocess.run([str(venv / "bin" / "python"), "-c", "import tui, textual; print(tui.__version__, textual.__version__)"],
                         capture_output=True, text=True, check=True).stdout.split()
    return Tool(
        name="Dockyard",
        argv=[str(venv / "bin" / "dockyard")],
        version=f"{out[0]} (textual {out[1]})",
        empty=r"Containers \(0\)",
        probe_key="/",
        probe_open=r"search \(smart case\)",
        quit_keys=b"\x03",
        log_keys=["l"],
        log_note="`l` on the selected (flooding) container opens its followed log view; key probe: `/` opens the log search box, esc closes it",
    )


def lazydocker(venv: Path) -> Tool:
    binary = venv / "bin" / "lazydocker"
    out = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout
    version = next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Version")), "?")
    return Tool(
        name="lazydocker",
        argv=[str(binary)],
        version=version,
        empty=r"Containers─",
        probe_key="?",
        probe_open=r"─Menu─",
        quit_keys=b"\x1bq",
        log_keys=[],
        log_note="its main panel follows the selected container's logs; key probe: `?` opens the menu, esc closes it",
    )


def floor(venv: Path) -> Tool:
    """The reference: a minimal Textual app (bench/floor.py), no daemon; for startup only."""
    from .floor import CONTENT

    root = Path(__file__).resolve().parent.parent
    return Tool(
        name="floor",
        argv=[str(venv / "bin" / "python"), str(root / "bench" / "floor.py")],
        version="Textual header + 100-row DataTable + footer",
        empty=CONTENT,
        probe_key="",
        probe_open="",
        quit_keys=b"\x03",
        content=CONTENT,
    )


def over_ssh(tool: Tool, env: dict[str, str], ssh_host: str, ssh_config: str, wrapper_dir: str) -> dict[str, str]:
    """``env`` for ``tool`` reaching the daemon through the bed's sshd: Dockyard with its own
    transport (DOCKYARD_SSH_COMMAND adds the bed's ssh_config), lazydocker with docker's
    connection helper, which runs plain ``ssh``: a wrapper first on PATH adds the same ``-F``."""
    import shlex

    out = {**env, "DOCKER_HOST": ssh_host}
    if tool.name == "Dockyard":
        out["DOCKYARD_SSH_COMMAND"] = f"ssh -F {shlex.quote(ssh_config)}"
    else:
        out["PATH"] = f"{wrapper_dir}:{env.get('PATH', '')}"
    return out
