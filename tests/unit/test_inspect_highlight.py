"""The inspect view's highlighting (issue 15 item 9: a screen's first use stays small).

rich.syntax.Syntax loaded Pygments (19 modules, kept for the session) and tokenised the whole
document at once; the view now uses Rich's regex JSON highlighter. These tests pin what the
user sees (numbered lines, coloured keys and values, nothing dropped) and that opening the
view's code path does not load Pygments.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tui.screens.objects.inspect import highlighted, inspect_json

DOC = {"Id": "abc", "State": {"Running": True, "Pid": 42}, "Name": "/web", "Mounts": []}


def test_every_line_is_numbered_and_kept():
    doc = inspect_json(DOC)
    text = highlighted(doc)
    lines = text.plain.split("\n")
    assert len(lines) == len(doc.split("\n"))
    width = len(str(len(lines)))
    for n, (shown, original) in enumerate(zip(lines, doc.split("\n")), 1):
        assert shown == f"{n:>{width}} {original}"
    assert json.loads("\n".join(line[width + 1:] for line in lines)) == DOC


def test_keys_and_values_are_coloured_and_the_gutter_is_dim():
    text = highlighted(inspect_json(DOC))
    styles = {str(span.style) for span in text.spans}
    assert "json.key" in styles and "dim" in styles
    assert any(s.startswith(("json.", "repr.")) and s != "json.key" for s in styles)  # values


def test_the_inspect_view_does_not_load_pygments():
    code = (
        "import sys\n"
        "from tui.screens.objects.inspect import highlighted, inspect_json\n"
        "from rich.console import Console\n"
        "import io\n"
        "Console(file=io.StringIO(), width=80).print(highlighted(inspect_json({'a': [1, 'x', None]})))\n"
        "print('pygments' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
