"""The UI is drawn on the terminal, in a charset it can show (issue 17, items 3 and 5).

* ``dockyard 2>file`` with a terminal on stdin and stdout draws on the terminal and
  writes no UI into the file.
* Under ``PYTHONIOENCODING=ascii``, ``LC_ALL=C``, ``LC_ALL=POSIX`` and a latin-1 locale
  the screen has ASCII borders and markers: no ``\\u2500``/``\\u25cf`` escapes, no
  byte the terminal's charset lacks.
"""

from __future__ import annotations

import re
import sys

import pytest

from tests.support.pty_app import ROOT
from tui.terminal_output import output_charset, transliterate

pytestmark = pytest.mark.daemon


def test_stderr_redirected_to_a_file_still_draws_on_the_terminal(bed, pty_app, tmp_path):
    bed.run("err")
    log = tmp_path / "stderr.log"
    cmd = ["/bin/sh", "-c", f'exec "{sys.executable}" -m tui 2>"{log}"']
    app = pty_app(size=(120, 36), cmd=cmd)
    app.wait_for(r"Containers \(\d+\)", timeout=30)
    app.wait_for(bed.prefix[:12])
    app.press("j", "question_mark")
    app.wait_for(r"esc closes")
    app.press("escape")
    app.wait_gone(r"esc closes")
    assert app.quit_and_wait("q") < 10
    assert app.returncode == 0
    written = log.read_bytes() if log.exists() else b""
    assert b"\x1b[" not in written and len(written) < 1024, written[:300]


ASCII_TERMINALS = [
    {"PYTHONIOENCODING": "ascii"},
    {"LANG": "C", "LC_ALL": "C"},
    {"LANG": "POSIX", "LC_ALL": "POSIX"},
    {"LANG": "C"},
]


@pytest.mark.parametrize("env", ASCII_TERMINALS, ids=lambda e: "-".join(f"{k}={v}" for k, v in e.items()))
def test_ascii_terminal_gets_ascii_borders_and_markers(bed, pty_app, env):
    bed.run("ascii")
    app = pty_app(size=(120, 36), **env)
    app.wait_for(r"Containers \(\d+\)", timeout=30)
    app.wait_for(bed.prefix[:12])
    app.press("question_mark")
    app.wait_for(r"esc closes")
    app.settle(0.3)
    raw = app.raw_bytes()
    assert max(raw) < 0x80, "a byte outside ASCII reached an ASCII terminal"
    assert not re.search(rb"\\u[0-9a-fA-F]{4}|\\x[0-9a-f]{2}|\\U000", raw)
    screen = app.screen_text()
    assert re.search(r"[+|-]{3}", screen), screen  # ASCII borders are drawn
    app.press("escape")
    app.wait_gone(r"esc closes")
    assert app.quit_and_wait("q") < 10


def test_latin1_terminal_gets_latin1_and_ascii_stand_ins(bed, pty_app):
    bed.run("latin")
    app = pty_app(size=(120, 36), LANG="de_DE.ISO-8859-1", LC_ALL="de_DE.ISO-8859-1")
    # pyte decodes UTF-8: wait on the raw bytes, which are latin-1.
    app.wait_raw(rb"Containers \(\d+\)", timeout=30)
    app.settle(0.5)
    raw = app.raw_bytes()
    assert not re.search(rb"\\u[0-9a-fA-F]{4}|\\U000", raw)
    raw.decode("latin-1")  # always succeeds; what matters: no UTF-8 multi-byte glyphs
    assert b"\xe2\x94" not in raw and b"\xe2\x97" not in raw  # box drawing, geometric shapes
    assert app.quit_and_wait("q") < 10


def test_charset_guess_and_same_width_stand_ins():
    assert output_charset({"PYTHONIOENCODING": "ascii"}) == "ascii"
    assert output_charset({"LC_ALL": "C"}) == "ascii"
    assert output_charset({"LC_ALL": "POSIX"}) == "ascii"
    assert output_charset({"LANG": "C", "LC_CTYPE": "C.UTF-8"}) == "ascii"  # PEP 538 coercion
    assert output_charset({"LANG": "de_DE.ISO-8859-1"}) == "iso8859-1"
    assert output_charset({"LANG": "en_US.UTF-8"}) == "utf-8"
    assert output_charset({"LANG": "C", "DOCKYARD_CHARSET": "utf-8"}) == "utf-8"
    from rich.cells import cell_len

    for ch in "╭─╮│╰╯┃━┏┳╋●○◆▶▲▼…✓✕é中日␛▁█":
        stand_in = transliterate(ch)
        assert stand_in.isascii() and cell_len(stand_in) == cell_len(ch), (ch, stand_in)


def test_module_is_imported_by_the_entry_point():
    # The CLI wraps the app's run; a refactor must not drop it silently.
    assert "terminal_output" in (ROOT / "tui" / "cli.py").read_text()
