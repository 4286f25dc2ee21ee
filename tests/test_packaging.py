"""The wheel ships the stylesheets and the app finds them there, not in a checkout."""

from __future__ import annotations

import os
import re

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # builds a wheel: ~10-20 s, still runs under ./scripts/test

CHECK = r"""
import importlib, inspect, pkgutil, sys
from pathlib import Path
site = Path(sys.argv[1]).resolve()
import tui, tui.paths
assert Path(tui.__file__).resolve().is_relative_to(site), f"tui imported from {tui.__file__}, not the wheel"
styles = tui.paths.styles_dir().resolve()
assert styles == site / "tui" / "styles", styles
checked = 0
for mod in pkgutil.walk_packages(tui.__path__, "tui."):
    if mod.name.endswith("__main__"):
        continue
    module = importlib.import_module(mod.name)
    for _, cls in inspect.getmembers(module, inspect.isclass):
        css = cls.__dict__.get("CSS_PATH")
        if not css:
            continue
        for p in css if isinstance(css, (list, tuple)) else [css]:
            p = Path(p)
            if not p.is_absolute():
                p = Path(inspect.getfile(cls)).parent / p
            assert p.resolve().is_file(), f"{cls.__name__}.CSS_PATH {p} is missing from the wheel"
            assert p.resolve().is_relative_to(site), f"{cls.__name__}.CSS_PATH {p} is outside the wheel"
            checked += 1
assert checked, "no CSS_PATH found"
print(checked)
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=240,
    )
    (found,) = out.glob("dockyard-*.whl")
    return found


def test_wheel_contents(wheel):
    import tui

    names = set(zipfile.ZipFile(wheel).namelist())
    for tcss in (ROOT / "styles").glob("*.tcss"):
        assert f"tui/styles/{tcss.name}" in names, tcss.name
    assert "tui/cli.py" in names and "tui/engine/events.py" in names
    assert not any(n.startswith(("tests/", "styles/")) for n in names)
    dist_info = f"dockyard-{tui.__version__}.dist-info"
    entry_points = zipfile.ZipFile(wheel).read(f"{dist_info}/entry_points.txt").decode()
    assert "dockyard = tui.entry:run" in entry_points
    metadata = zipfile.ZipFile(wheel).read(f"{dist_info}/METADATA").decode()
    assert "Requires-Python: >=3.11" in metadata
    for dep in ("textual", "docker", "humanize", "pyperclip"):
        assert re.search(rf"^Requires-Dist: {dep}[<>=]", metadata, re.M), dep


def test_installed_wheel_finds_every_stylesheet(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # Run from an empty directory so the checkout cannot be imported by accident.
    out = subprocess.run(
        [sys.executable, "-c", CHECK, str(site)],
        cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert int(out.stdout.strip()) >= 1


def test_checkout_finds_the_top_level_styles():
    """In a source checkout (no tui/styles) the top-level styles/ is used."""
    from tui import paths

    packaged = Path(paths.__file__).parent / "styles"
    expected = packaged if packaged.is_dir() else ROOT / "styles"
    assert paths.styles_dir().resolve() == expected.resolve()
    assert all(p.is_file() for p in paths.stylesheets("base", "dashboard", "dialogs"))


def test_wheel_install_writes_the_bytecode(wheel, tmp_path):
    """A wheel install compiles every module at install time (issue 20): a first start from a
    read-only site-packages, or under PYTHONDONTWRITEBYTECODE, must not recompile our code."""
    site = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True, capture_output=True, timeout=240, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    tag = sys.implementation.cache_tag
    missing = [str(p.relative_to(site)) for p in (site / "tui").rglob("*.py")
               if not (p.parent / "__pycache__" / f"{p.stem}.{tag}.pyc").exists()]
    assert missing == [], f"installed without bytecode: {missing[:10]}"
