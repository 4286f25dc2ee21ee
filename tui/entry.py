"""The ``dockyard`` command's entry point (pyproject.toml's [project.scripts]; ``python -m tui``).

It loads nothing but ``tui.lean_code`` before installing it, so that every module the
command loads afterwards (``tui.cli`` and its argparse, typing, enum and re, then Textual)
keeps its functions' docstrings out of memory.
"""


def run() -> None:
    from . import lean_code

    lean_code.install()
    from .cli import run as cli_run

    cli_run()
