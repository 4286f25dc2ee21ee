"""tui/later_imports.py: textual.app's mimetypes and platformdirs, and textual.types' widget
modules, load when first used."""

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


_TYPES = """
import sys
from tui import later_imports
assert later_imports.defer()
import textual.app, textual.command
from textual.widgets import DataTable, Input
widgets = ("textual.widgets._tree", "textual.widgets._directory_tree", "textual.widgets._placeholder", "textual.widgets._select")
print(type(sys.modules["textual.types"]).__name__, [w for w in widgets if w in sys.modules])
from textual._types import IgnoreReturnCallbackType
assert textual.command.IgnoreReturnCallbackType is IgnoreReturnCallbackType
from textual.types import SelectType, DirEntry  # any other name: the real module, as before
import textual.types
from textual.widgets._select import SelectType as real_select_type
assert SelectType is real_select_type and textual.types.PlaceholderVariant is not None
print(type(sys.modules["textual.types"]).__name__, all(w in sys.modules for w in widgets))
"""


def test_textual_types_widgets_load_with_the_first_name_textual_command_does_not_take():
    """textual.command takes IgnoreReturnCallbackType from textual.types, which imports six
    widget modules to re-export their types: four of them (Tree, DirectoryTree, Placeholder,
    Select) are on no screen of the start (~0.4 MB of the dashboard's RSS)."""
    out = subprocess.run([sys.executable, "-c", _TYPES], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["_StandIn []", "module True"]


def test_a_textual_without_those_names_where_we_take_them_keeps_its_textual_types():
    code = (
        "import sys\n"
        "from tui import later_imports\n"
        "later_imports.LIGHT = {'textual.types': ('textual._types', ('IgnoreReturnCallbackType', 'NoSuchName'))}\n"
        "later_imports.defer()\n"
        "import textual.app\n"
        "print(type(sys.modules['textual.types']).__name__, 'textual.widgets._select' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["module", "True"]
