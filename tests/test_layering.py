"""The engine and the domain never import Textual; the UI never imports docker."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import tui

ROOT = Path(tui.__file__).parent


def _modules(package: str) -> list[str]:
    path = ROOT / package.split(".", 1)[1].replace(".", "/")
    return [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])]


def test_engine_and_domain_load_without_textual():
    modules = _modules("tui.engine") + _modules("tui.domain")
    code = (
        "import sys\n"
        f"for m in {modules!r}: __import__(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"textual imported by the engine/domain: {out}"


def test_domain_does_not_import_docker():
    code = (
        "import sys\n"
        f"for m in {_modules('tui.domain')!r}: __import__(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m == 'docker' or m.startswith('docker.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"docker imported by the domain: {out}"


def test_ui_modules_do_not_import_docker():
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in ("engine", "domain"):
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            if any(n == "docker" or n.startswith("docker.") for n in names):
                offenders.append(str(rel))
    assert not offenders, f"UI modules import docker: {offenders}"
