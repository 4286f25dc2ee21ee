"""Browse a container's files; view a text file; copy a file or folder out and in.

| key         | action                                            |
|-------------|---------------------------------------------------|
| enter       | open the folder / view the file                   |
| backspace h | up one folder                                     |
| o           | copy the selected entry out to the local disk     |
| i           | copy a local file or folder into this folder      |
| r           | read the folder again                             |
| escape q    | close                                             |

Listing runs ``stat`` in the container (it must be running); copies use the archive API
and work on a stopped container too. Every name is outside text: shown cleaned.
"""

from __future__ import annotations

import os
import time
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, ProgressBar, Static

from ...domain import format as fmt
from ...domain.files import CopyDone, CopyProgress, FileEntry, join, parent
from ...domain.sanitize import clean, clean_name
from ..dialogs.exec_output import output_lines
from ..dialogs.forms import Field, FormScreen
from ...widgets.plain_log import PlainLog


class FileViewScreen(ModalScreen):
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Close", id="fileview.close", tooltip="Close the file")]

    def __init__(self, title: str, data: bytes, cut: bool) -> None:
        super().__init__(classes="exec-output")
        self.title_text = title
        self.lines = output_lines(data)
        self.cut = cut

    def compose(self) -> ComposeResult:
        with Vertical(id="exec-output-box"):
            label = Text(self.title_text, style="bold")
            if self.cut:
                label.append("   (first 2 MiB)", style="italic")
            yield Label(label)
            self._log = PlainLog(id="exec-output-log", auto_scroll=False)
            yield self._log

    def on_mount(self) -> None:
        # The Log made in compose, not a query: a screen closed while it mounts has no children to find.
        log = self._log
        log.write_lines(self.lines or ["(empty)"])
        log.scroll_home(animate=False)
        log.focus()


class FilesScreen(ModalScreen):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Close", id="files.close", tooltip="Close the files view"),
        Binding("backspace,h", "up", "Up", id="files.up", tooltip="Up one folder"),
        Binding("o", "copy_out", "Copy out", id="files.copy_out", tooltip="Copy the selected file or folder to the local disk"),
        Binding("i", "copy_in", "Copy in", id="files.copy_in", tooltip="Copy a local file or folder into this folder"),
        Binding("r", "reload", "Reload", id="files.reload", tooltip="Read the folder again"),
    ]

    def __init__(self, container: Any, path: str = "/") -> None:
        super().__init__(classes="files")
        self.container = container
        self.path = path
        self.entries: list[FileEntry] = []
        self.copying = False
        self.last_progress: CopyProgress | None = None
        self.last_done: CopyDone | None = None
        self.last_error = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="files-box"):
            yield Label(id="files-path")
            yield DataTable(id="files-table", cursor_type="row", zebra_stripes=True)
            yield ProgressBar(id="files-progress", show_eta=False)
            yield Static(id="files-status")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Name", key="name")
        table.add_column("Type", key="kind")
        table.add_column("Size", key="size")
        table.add_column("Modified", key="mtime")
        self.query_one(ProgressBar).display = False
        table.focus()
        self.load(self.path)

    # Listing

    def load(self, path: str) -> None:
        cid = self.container.id
        self._status(f"reading {path}…")

        def done(entries: list[FileEntry]) -> None:
            self.path = path
            self.entries = entries
            self._fill()
            self._status(f"{len(entries)} entries")

        def failed(message: str) -> None:
            self.last_error = message
            self._status(message, error=True)

        self.app.control.ops.read(lambda s: s.list_dir(cid, path), done=done, failed=failed, owner=self, group="files")

    def _fill(self) -> None:
        label = Text(f"{clean_name(self.container.name)}:", style="bold")
        label.append(clean_name(self.path))
        self.query_one("#files-path", Label).update(label)
        table = self.query_one(DataTable)
        table.clear()
        if self.path != "/":
            table.add_row(Text("../"), Text("dir"), Text(""), Text(""), key="..")
        for n, e in enumerate(self.entries):
            table.add_row(
                Text(e.shown), Text(e.kind), Text(fmt.size(e.size) if e.kind == "file" else ""),
                Text(time.strftime("%Y-%m-%d %H:%M", time.localtime(e.mtime)) if e.mtime else ""),
                key=str(n),
            )

    def selected(self) -> FileEntry | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key == "..":
            return None
        return self.entries[int(key)]

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value == "..":
            self.action_up()
            return
        entry = self.entries[int(event.row_key.value)]
        target = join(self.path, entry.name)
        if entry.kind in ("dir", "link"):
            self.load(target)
        elif entry.kind == "file":
            self.view(target)

    def action_up(self) -> None:
        if self.path != "/":
            self.load(parent(self.path))

    def action_reload(self) -> None:
        self.load(self.path)

    def view(self, path: str) -> None:
        cid = self.container.id

        def done(result: tuple[bytes, bool]) -> None:
            data, cut = result
            self.app.push_screen(FileViewScreen(f"{clean_name(self.container.name)}:{clean_name(path)}", data, cut))

        self.app.control.ops.read(lambda s: s.read_file(cid, path), done=done, failed=lambda m: self._status(m, error=True), owner=self, group="files")

    # Copies

    def action_copy_out(self) -> None:
        entry = self.selected()
        if entry is None or self.copying:
            return
        source = join(self.path, entry.name)

        def chosen(values: dict | None) -> None:
            if values:
                self.copy_out(source, os.path.expanduser(values["dest"]))

        self.app.push_screen(FormScreen(f"Copy {clean_name(source)} to", [Field("dest", "Local folder or file", value=os.getcwd())], verb="Copy"), chosen)

    def action_copy_in(self) -> None:
        if self.copying:
            return

        def chosen(values: dict | None) -> None:
            if values and values.get("local"):
                self.copy_in(os.path.expanduser(values["local"]), self.path)

        self.app.push_screen(FormScreen(f"Copy into {clean_name(self.container.name)}:{clean_name(self.path)}", [Field("local", "Local file or folder", placeholder="/path/to/file")], verb="Copy"), chosen)

    def copy_out(self, source: str, dest: str) -> bool:
        cid = self.container.id
        command = f"docker cp {clean_name(self.container.name)}:{clean_name(source)} {clean(dest)}"
        return self._copy(command, lambda s: s.copy_out(cid, source, dest), mutating=False)

    def copy_in(self, local: str, dest_dir: str) -> bool:
        cid = self.container.id
        command = f"docker cp {clean(local)} {clean_name(self.container.name)}:{clean_name(dest_dir)}"
        return self._copy(command, lambda s: s.copy_in(cid, local, dest_dir), mutating=True)

    def _copy(self, command: str, call, *, mutating: bool) -> bool:
        self.copying = True
        self.last_progress = self.last_done = None
        self.last_error = ""
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._status(f"… {command}")

        def each(item) -> None:
            if isinstance(item, CopyProgress):
                self.last_progress = item
                bar.update(total=item.total, progress=item.done)
                self._status(f"… {fmt.size(item.done)}" + (f" of {fmt.size(item.total)}" if item.total else ""))
            elif isinstance(item, CopyDone):
                self.last_done = item

        def done(error: str) -> None:
            self.copying = False
            bar.display = False
            if error:
                self.last_error = error
                self._status(error, error=True)
                self.notify(error, title="Copy failed", severity="error", markup=False)
                return
            where = clean(self.last_done.target) if self.last_done else ""
            self._status(f"✓ copied to {where}")
            if mutating:
                self.load(self.path)

        started = self.app.control.ops.stream(command, call, each=each, done=done, owner=self, mutating=mutating)
        if not started:
            self.copying = False
            bar.display = False
        return started

    def _status(self, message: str, error: bool = False) -> None:
        self.query_one("#files-status", Static).update(Text(clean(message), style="bold red" if error else ""))
