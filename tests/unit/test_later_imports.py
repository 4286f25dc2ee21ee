"""tui/later_imports.py: textual.app's mimetypes and platformdirs load when first used."""

from __future__ import annotations

import subprocess
import sys

_CHECK = """
import sys
from tui import later_imports, tls_later
tls_later.defer()
assert later_imports.defer()
assert not later_imports.defer()  # once
import textual.app as app_module
from textual.app import App
loaded = sorted(m for m in sys.modules if m == "platformdirs" or m.startswith("platformdirs."))
print("before", type(sys.modules["mimetypes"]).__name__, type(sys.modules["platformdirs"]).__name__, loaded)
path = app_module.user_downloads_path()  # what App.deliver_* and save_screenshot call
import platformdirs
assert path == platformdirs.user_downloads_path(), (path, platformdirs.user_downloads_path())
assert type(platformdirs).__name__ == "module" and sys.modules["platformdirs"] is platformdirs
import mimetypes
assert app_module.mimetypes.guess_type("report.txt")[0] == "text/plain"
print("after", type(sys.modules["mimetypes"]).__name__, platformdirs.user_config_dir("x").endswith("/x"))
"""


def test_textual_app_loads_without_them_and_they_work_when_called():
    out = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    before, after = out.stdout.splitlines()
    assert before == "before _StandIn _StandIn ['platformdirs']"
    assert after == "after module True"


def test_nothing_changes_when_textual_app_is_loaded_already():
    code = "import textual.app, sys\nfrom tui import later_imports\nprint(later_imports.defer(), type(sys.modules['platformdirs']).__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "module"]
