"""Textual's ``Log`` with its width measured where the lines are written.

``Log.write_lines`` starts a thread worker per write to measure the widest new line, and that
worker reaches the app through ``self.app`` and ``App.call_from_thread``. From a thread with no
active app, ``self.app`` walks the widget's parents: once the dialog holding the log has closed
there are none, and the worker failed with ``NoActiveAppError`` (a CI run failed on the one-shot
exec dialog so); and ``call_from_thread`` waits for ever if the loop stops under it
(``tui/from_thread.py``). Measuring a write's new lines is a ``cell_len`` per line: done here,
on the UI thread, as ``TailLog`` does.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Log


class PlainLog(Log):
    def _update_size(self, updates: int, lines: list[str]) -> None:
        if lines:
            process = self._process_line
            self._update_maximum_width(updates, max(cell_len(process(line)) for line in lines))
