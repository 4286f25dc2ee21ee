"""One pane of the dashboard: a titled, filterable, sortable table of one kind of object.

Rows are patched by key from the state: vanished rows removed, changed cells updated,
new rows added, and the table re-sorted only when an order-relevant value changed.
The cursor stays on the same object; when that object goes, on its neighbour.
Columns that depend on the clock (uptime, "created … ago") are re-rendered by a slow
UI timer: no daemon request is made to keep them true.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Label

from ..domain import state as st, uptime
from ..domain.filtering import Query, matches, parse_query, unknown_keys
from ..domain.fleet_state import obj_key
from ..domain.models import Container
from ..domain.state import State
from ..i18n import app_lang, column_label
from . import refilter
from .pane_table import PaneTable
from .project_groups import ProjectGrouping
from .columns import FILTER_KEYS, CONTAINER_COLUMNS, GAP, IMAGE_COLUMNS, NETWORK_COLUMNS, VOLUME_COLUMNS, Column, Ctx, fit, search_fields

KINDS = {
    "containers": ("Containers", CONTAINER_COLUMNS),
    "images": ("Images", IMAGE_COLUMNS),
    "networks": ("Networks", NETWORK_COLUMNS),
    "volumes": ("Volumes", VOLUME_COLUMNS),
}

MARK = "●"
# Removing more rows than this (and over a quarter of the table) clears and re-adds instead.
BULK_REMOVE = 64
TICK_SECONDS = 30.0  # clock-derived cells are re-rendered this often
# A first listing larger than this shows its first rows (in order) at once and adds the
# rest in chunks between paints: each DataTable row costs ~0.5 ms to add and measure, so
# 2,000 rows held the first screen back by a second.
FIRST_ROWS = 120
FILL_CHUNK = 300
# ...and in a merged fleet table, each host's first rows too: sorted by host, the rows of
# the last host would otherwise wait behind every other host's backlog and the paints
# between its chunks (10 hosts x 200: a host's first rows 0.6-0.7 s after it answered).
HOST_HEAD = 50
SCROLLBAR = 1  # cells kept free for the vertical scrollbar (styles: scrollbar-size-vertical)
RUNNING_STATES = ("running", "paused", "restarting")


def _usage_sig(c: Any) -> tuple:
    """What the images/networks/volumes panes count of a container (st.*_usage)."""
    return (c.image_id, tuple((a.network_id, a.network) for a in c.networks), tuple(m.name for m in c.mounts if m.type == "volume"))


def _usage_moved(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """True when a container came, went, or changed what it uses: only then do the other
    panes' counts change. A start or a stop (most events) re-renders none of their rows."""
    if old is new:
        return False
    d = st.diff(old, new)
    return bool(d.added or d.removed) or any(_usage_sig(old[k]) != _usage_sig(new[k]) for k in d.changed)


def _sig(cell: Text) -> tuple:
    # rich's Text.__eq__ ignores the base style: a colour change must still repaint.
    return (cell.plain, str(cell.style), tuple(cell.spans))


class ObjectPane(Vertical, can_focus=False):
    """A pane of one kind: ``containers``, ``images``, ``networks`` or ``volumes``."""

    show_stopped: reactive[bool] = reactive(True)

    class VisibleChanged(Message):
        """The rows on screen changed (scroll, resize, filter): stats should follow."""

        def __init__(self, pane: "ObjectPane") -> None:
            super().__init__()
            self.pane = pane

    class SelectedRemoved(Message):
        """The object under the cursor is gone from the daemon (not merely filtered out)."""

        def __init__(self, pane: "ObjectPane", name: str) -> None:
            super().__init__()
            self.pane = pane
            self.name = name

    def __init__(self, kind: str, *, id: str | None = None) -> None:
        super().__init__(id=id or f"pane-{kind}", classes="pane")
        self.kind = kind
        self.title, self.columns = KINDS[kind]
        self.query_text = ""
        self._query: Query = parse_query("")
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.marked: set[str] = set()
        self.pending: dict[str, str] = {}
        self._cells: dict[str, tuple[Text, ...]] = {}  # what each row shows, all columns
        self._widths: dict[str, int] = {}  # the columns on screen and their widths
        self._objects: Mapping[str, Any] = {}
        self._switched = False  # the next sync shows another host or scope (host_switched)
        self._state = State()
        self._colours: dict[str, str] = {}
        self.grouping: ProjectGrouping | None = None  # compose projects (containers pane)
        self._title_text = ""
        self.empty = True  # no objects: the table hidden, "No … on this daemon" shown
        self._backlog: list[str] = []  # keys of a large first listing not added yet (see _fill)
        self._fill_sorts = False  # the backlog's chunks are sorted in (a fleet's per-host heads)
        # A fleet's hosts in scope are still sending their first listings (set by the
        # dashboard before each sync). Until they all have, or the user moves the cursor, the
        # cursor stays on the top row as rows sort in above it, as lazydocker's and k9s's
        # users expect; after that it stays on its object.
        self.arriving = False
        self._home = False
        self._fresh: set[str] = set()  # container rows whose STATUS counts seconds (see tick_fresh)
        self.before_tick: Callable[[], None] | None = None  # called as the per-second tick starts
        self._hidden = refilter.HiddenRows(TICK_SECONDS)  # cells of rows a filter hid, for when it shows them again
        # widest value seen per column (labels included): columns are sized by their content
        self._content: dict[str, int] = {c.key: 0 if c.optional else len(c.label) for c in self.columns}

    def compose(self) -> ComposeResult:
        yield Label(self.title, classes="pane-title")
        # Shown with ``display`` (not a class): it must take focus in the same call that shows
        # it, or the next keys typed (``/status``: s = stop) reach the table.
        box = Input(placeholder="filter: words, key=value, label=k=v · enter keeps · esc clears", classes="pane-filter")
        box.display = False
        yield box
        # Empty from compose until rows arrive: the table hidden, the note shown. Both are
        # switched with ``display`` (an inline style), not a class on the pane: a class
        # restyles the pane and everything in it, eight times at start-up (issue 20).
        table = PaneTable(cursor_type="row", zebra_stripes=False, classes="pane-table")
        table.display = False
        yield table
        yield Label(self._empty_text("this daemon"), classes="pane-empty")

    def _empty_text(self, where: str) -> str:
        return f"No {self.kind} on {where}"

    def set_where(self, where: str) -> None:
        """What the empty note says the rows are from: "this daemon", "these 4 hosts"."""
        self.query_one(".pane-empty", Label).update(self._empty_text(where))

    def _label(self, col: Column) -> str:
        return column_label(col.label, app_lang(self.app))

    def on_mount(self) -> None:
        for col in self.columns:  # headers in the app's language: their width counts as content
            if not col.optional:
                self._content[col.key] = max(self._content.get(col.key, 0), cell_len(self._label(col)))
        self._build_columns(fit(self.columns, 80))
        if any(c.ticks for c in self.columns):
            self.set_interval(TICK_SECONDS, self.tick)
            if self.kind == "containers":
                self.set_interval(1.0, self.tick_fresh)

    @property
    def table(self) -> PaneTable:
        return self.query_one(PaneTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one(Input)

    def _now(self) -> float:
        return self.app.clock()

    # Layout

    def on_resize(self, event: Resize) -> None:
        self._refit()
        self.post_message(self.VisibleChanged(self))

    def _refit(self) -> None:
        """Share the pane's width by the columns' content (on resize, maximize, and when a
        wider value arrives)."""
        width = self.table.size.width if self.table.is_mounted and self.table.size.width else self.content_size.width
        available = width - 1 - GAP - SCROLLBAR  # minus the mark column
        if available <= 0:
            return
        widths = fit(self.columns, available, self._content)
        if widths != self._widths:
            self._build_columns(widths)

    def _measure(self, cells_list: Iterable[tuple[Text, ...]]) -> bool:
        """Widen the remembered content widths; True when one grew. Widths only grow while
        the pane lives, so filtering never makes the columns jump."""
        grew = False
        content = self._content
        for cells in cells_list:
            for col, cell in zip(self.columns, cells[1:]):
                n = cell.cell_len
                if n > content.get(col.key, 0):
                    content[col.key] = n
                    grew = True
        return grew

    def _shrink(self) -> bool:
        """Rows gone from the daemon: each column goes back to what the rows left need (a
        removed container's "Exited (137) Less than a second ago" widened STATUS for good and
        pushed IMAGE and PORTS off the pane; the row's own text may have ticked shorter since,
        so the rows left are measured, not the removed ones). Not while a filter hides rows:
        their widths are not at hand, and filtering never moves columns."""
        if len(self._hidden):
            return False
        content, cells = self._content, list(self._cells.values())
        shrank = False
        for i, col in enumerate(self.columns, start=1):
            have = content.get(col.key, 0)
            need = 0 if col.optional else cell_len(self._label(col))
            if need >= have:
                continue
            for row in cells:
                n = row[i].cell_len
                if n > need:
                    need = n
                    if need >= have:
                        break
            if need < have:
                content[col.key] = need
                shrank = True
        return shrank

    def _build_columns(self, widths: dict[str, int]) -> None:
        """(Re)build the table's columns: only on resize or a new sort column, never on data."""
        table = self.table
        keep = self.selected_key
        scroll = table.scroll_y
        order = self._order() if table.columns else list(self._cells)
        self._widths = widths
        table.clear(columns=True)
        table.add_column(Text(" "), key="mark", width=1)  # a str label is markup: its emoji pass loads Rich's 870 kB table
        for col in self.columns:
            if col.key in widths:
                label = self._label(col)
                if col.key == self.sort_column:
                    label += " ▼" if self.sort_reverse else " ▲"
                table.add_column(Text(label, justify="right" if col.right else "left"), key=col.key, width=widths[col.key])
        table.add_rows_fast([(key, self._shown(self._cells[key])) for key in order])
        self._keep(keep)
        table.scroll_to(y=scroll, animate=False, immediate=True)

    def _shown(self, cells: tuple[Text, ...]) -> list[Text]:
        return [cells[0], *(cell for col, cell in zip(self.columns, cells[1:]) if col.key in self._widths)]

    # Selection

    @property
    def selected_key(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        try:
            row_key, _ = table.coordinate_to_cell_key((table.cursor_row, 0))
        except Exception:
            return None
        return row_key.value

    @property
    def selected(self) -> Any | None:
        key = self.selected_key
        return self._objects.get(key) if key else None

    def targets(self) -> list[Any]:
        """The marked objects, or else the selected one."""
        # (the table's order is an O(rows) walk: only when something is marked)
        marked = [self._objects[k] for k in self._order() if k in self.marked and k in self._objects] if self.marked else []
        sel = self.selected
        found = marked or ([sel] if sel is not None else [])
        return self.grouping.expand(found) if self.grouping is not None else found

    def select_key(self, key: str) -> bool:
        """Put the cursor on ``key``'s row (the user's or a flow's choice: it ends the hold
        on the top row while a fleet lists)."""
        self._home = False
        return self._select(key)

    def _homing(self) -> bool:
        if self._home and self.table.touched:
            self._home = False
        return self._home

    def _keep(self, key: str | None) -> None:
        """After rows moved: the cursor back on ``key``'s row, or on the top row while held."""
        if self._homing():
            if self.table.cursor_row != 0:
                self.table.move_cursor(row=0)
        elif key is not None and key in self._cells:
            self._select(key)

    def _select(self, key: str) -> bool:
        try:
            index = self.table.get_row_index(key)
        except Exception:
            return False
        self.table.move_cursor(row=index)
        return True

    def visible_keys(self) -> list[str]:
        table = self.table
        if not table.row_count or not self.display:
            return []
        top = int(table.scroll_y)
        height = max(1, table.scrollable_content_region.height)
        return table.keys_between(top, top + height + 1)

    # Marks

    def toggle_mark(self) -> None:
        key = self.selected_key
        if key is None:
            return
        self.marked.symmetric_difference_update({key})
        self._refresh_rows([key])
        self.table.action_cursor_down()

    def mark_all(self) -> None:
        keys = list(self._cells)
        if set(keys) <= self.marked:
            self.marked.clear()
        else:
            self.marked.update(keys)
        self._refresh_rows(keys)

    def clear_marks(self) -> None:
        keys = list(self.marked)
        self.marked.clear()
        self._refresh_rows(keys)

    # Filter and sort

    def set_filter(self, text: str) -> None:
        self.query_text = text
        self._query = parse_query(text)
        if self.kind == "containers" and self.grouping is None and not self._backlog and self.is_mounted and self._colours:
            self._refilter()
        else:
            self.sync(self._state, full=True)

    def _refilter(self) -> None:
        """A filter change patches the rows: hide what no longer matches, show what now
        does (cells kept from when it was hidden, if still current), keep the cursor.
        Nothing shown is re-rendered; the data did not change (see refilter.py)."""
        table = self.table
        selected = self.selected_key
        neighbour = self._neighbour(selected, self._objects)
        plan = refilter.plan(self._objects, self._cells, self._wanted)
        if plan.gone:
            self._remove_rows(plan.gone, hide=True)
        if plan.shown:
            ctx = self._ctx(self._state)
            rows = []
            for key in plan.shown:
                cells = self._hidden.take(key, self._objects[key], ctx, self.pending.get(key)) or self._row_cells(key, self._objects[key], ctx)
                self._cells[key] = cells
                rows.append((key, self._shown(cells)))
            table.add_rows_fast(rows)
            self._resort(keep=selected)
        if selected is not None and selected in self._cells:
            if self.selected_key != selected:  # a bulk hide cleared the table
                self.select_key(selected)
        elif selected is not None and neighbour is not None:
            self.select_key(neighbour)
        self._update_title()
        self.post_message(self.VisibleChanged(self))

    def _remove_rows(self, gone: list[str], *, hide: bool) -> bool:
        """Take rows off the table; ``hide`` keeps their cells for a filter to show again.
        True when the table was cleared and refilled (the cursor must be put back)."""
        table = self.table
        ctx = self._ctx(self._state) if hide else None
        bulk = len(gone) > BULK_REMOVE and len(gone) * 4 > len(self._cells)
        gone_set = set(gone)
        survivors = [k for k in self._order() if k not in gone_set] if bulk else []
        for key in gone:
            if not bulk:
                table.remove_row(key)
            cells = self._cells.pop(key)
            self.marked.discard(key)
            if hide:
                self._hidden.keep(key, self._objects.get(key), cells, ctx, self.pending.get(key))
        if bulk:
            # DataTable.remove_row re-indexes every remaining row: a filter that hides
            # 1,000 of 2,000 rows cost 1.5 s of CPU row by row. Re-adding the survivors
            # is linear.
            table.clear()
            table.add_rows_fast([(key, self._shown(self._cells[key])) for key in survivors])
        return bulk

    def cycle_sort(self, reverse: bool = False) -> None:
        keys = [c.key for c in self.columns if c.key in self._widths]
        if reverse:
            self.sort_reverse = not self.sort_reverse
            if self.sort_column is None:
                self.sort_column = keys[0]
        elif self.sort_column not in keys:
            self.sort_column, self.sort_reverse = keys[0], False
        else:
            i = keys.index(self.sort_column)
            self.sort_column = keys[i + 1] if i + 1 < len(keys) else None
            self.sort_reverse = False
        self._sort_changed()

    def sort_by(self, key: str) -> None:
        """Sort by the column ``key``; by it already: the other way round (a header click)."""
        if key == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = key, False
        self._sort_changed()

    def _sort_changed(self) -> None:
        self._build_columns(self._widths)  # the header shows the sort
        self._resort()
        self._update_title()

    def set_grouping(self, grouping: ProjectGrouping | None) -> None:
        """Group rows by compose project (or stop grouping); re-sorts at once."""
        self.grouping = grouping
        if self.is_mounted:
            self.sync(self._state, full=True)
            self._resort()

    def watch_show_stopped(self) -> None:
        if self.is_mounted:
            self.sync(self._state, full=True)

    # Patching

    def _mapping(self, state: State) -> Mapping[str, Any]:
        return getattr(state, self.kind)

    def _usage(self, state: State) -> dict[str, int]:
        if self.kind == "images":
            return st.image_usage(state)
        if self.kind == "networks":
            return st.network_usage(state)
        if self.kind == "volumes":
            return st.volume_usage(state)
        return {}

    def _wanted(self, obj: Any) -> bool:
        if self.grouping is not None:
            return self.grouping.wanted(obj, self._matches)
        return self._matches(obj)

    def _matches(self, obj: Any) -> bool:
        if self.kind == "containers" and not self.show_stopped and obj.state not in RUNNING_STATES:
            return obj_key(obj, obj.id) in self.pending
        if self._query.empty:
            return True
        haystack, fields, labels = search_fields(self.kind, obj)
        if getattr(obj, "host", ""):  # a fleet's merged rows: host=NAME filters by host
            fields = {**fields, "host": obj.host}
        return matches(self._query, haystack, fields, labels)

    def unknown_filter_keys(self) -> list[str]:
        if not self._query.fields:
            return []
        labels = {k for obj in self._mapping(self._state).values() for k, _ in getattr(obj, "labels", ())}
        return unknown_keys(self._query, FILTER_KEYS[self.kind], labels)

    def status_now(self, c: Container) -> str:
        """The container's STATUS as it reads now (aged locally, as in the STATUS column)."""
        return uptime.render(self._anchor(c), self._now())

    def _anchor(self, c: Container) -> uptime.StatusAnchor:
        """The status read back into a start time (kept by the store, so rows a filter
        hides keep theirs)."""
        return self.app.control.store.anchor(c)

    def _row_cells(self, key: str, obj: Any, ctx: Ctx) -> tuple[Text, ...]:
        if self.grouping is not None and self.grouping.is_header(obj):
            return self.grouping.cells(obj, self.columns, ctx, key in self.marked)
        mark = Text(MARK if key in self.marked else " ", style="bold")
        if self.kind == "containers":
            self._note_fresh(key, obj)
        return (mark, *(col.cell(obj, ctx) for col in self.columns))

    def _note_fresh(self, key: str, obj: Any) -> None:
        """Rows whose STATUS counts seconds ("Up 12 sec", "Exited (0) 40 sec ago")."""
        if self.app.control.store.counts_seconds(obj):
            self._fresh.add(key)
        else:
            self._fresh.discard(key)

    def host_switched(self) -> None:
        """Another host or scope is shown: rows that vanish next were not removed from a
        daemon (no "selected … was removed" notice): the next sync's rows are another
        set (one host's rows are keyed by id, a merged scope's by host and id)."""
        self._objects = {}
        self._switched = True

    def set_lead_columns(self, lead: tuple[Column, ...]) -> None:
        """Columns before the kind's own (the fleet's HOST when the scope has several
        hosts); the rows are built again once, the selection kept."""
        columns = (*lead, *KINDS[self.kind][1])
        if tuple(c.key for c in columns) == tuple(c.key for c in self.columns):
            self.columns = columns
            return
        self.columns = columns
        if not self.is_mounted:
            return  # (on_mount counts every header's width)
        for col in lead:  # a header's width counts as content, as on_mount counts the kind's own
            if not col.optional:
                self._content[col.key] = max(self._content.get(col.key, 0), cell_len(self._label(col)))
        keep = self.selected_key
        self._cells.clear()
        self._backlog = []
        self.table.clear()
        available = self.content_size.width - 1 - GAP - SCROLLBAR
        self._build_columns(fit(self.columns, available if available > 0 else 80))
        self.sync(self._state, full=True)
        self._keep(keep)

    def set_colours(self, colours: dict[str, str]) -> None:
        self._colours = colours
        self._hidden.clear()
        if self.is_mounted:
            self.sync(self._state, full=True)

    def _ctx(self, state: State) -> Ctx:
        return Ctx(state=state, colours=self._colours, pending=self.pending, usage=self._usage(state), now=self._now(), anchor=self._anchor, times=self.app.control.store.times, recent=self.app.control.store.stats_recent)

    def sync(self, state: State, *, full: bool = False) -> None:
        """Bring the table in line with ``state``, touching only what changed."""
        old_state, self._state = self._state, state
        switched = self._switched
        if self._mapping(state) is not self._mapping(old_state):
            self._switched = False  # consumed by the sync that brings the other rows
        if not full and self.kind != "containers" and self.grouping is None and self._cells and self._mapping(old_state) is self._mapping(state) and not _usage_moved(old_state.containers, state.containers):
            return  # its own objects and their USED/CTRS counts are as they were (a start, a stats tick)
        objects = self._mapping(state)
        if self.grouping is not None:
            objects = self.grouping.rows(objects)
        old_objects, self._objects = self._objects, objects
        if not self.is_mounted or not self._colours:
            return
        if len(self._hidden) > len(objects) - len(self._cells):
            self._hidden.prune(objects)  # containers removed while a filter hid them
        table = self.table
        ctx = self._ctx(state)
        if full or self.kind != "containers":
            # Counts in the other panes derive from containers: re-render them all (few rows).
            dirty: Iterable[str] | None = None
        else:
            d = st.diff(old_objects, objects)
            sd = st.diff(old_state.stats, state.stats)
            dirty = set(d.changed) | set(d.added) | set(sd.changed) | set(sd.added) | set(sd.removed)  # stats keyed as rows
        first = not self._cells
        selected = self.selected_key
        if dirty is None or self.grouping is not None:
            gone = [k for k in self._cells if k not in objects or not self._wanted(objects[k])]
        else:
            # O(changed rows): a row that stays and did not change still matches (the filter
            # reads the object, its stats and labels; a label change re-syncs in full)
            gone = [*(self._cells.keys() - objects.keys()), *(k for k in dirty if k in self._cells and k in objects and not self._wanted(objects[k]))]
        # the cursor's neighbour (table order: an O(rows) walk) only when its row leaves
        neighbour = self._neighbour(selected, objects) if selected is not None and selected in gone else None
        removed = any(k not in objects for k in gone)  # rows gone from the daemon
        bulk = self._remove_rows(gone, hide=False)  # after a bulk refill, re-sort and put the cursor back
        order_changed = bulk
        moved: list[str] = []  # rows whose place in the order may have changed
        keys = objects.keys() if dirty is None else [k for k in dirty if k in objects]
        if first and self.grouping is None and len(keys) > FIRST_ROWS:
            keys = self._first_rows(keys, objects, ctx)
        rows = [(key, self._row_cells(key, objects[key], ctx)) for key in keys if self._wanted(objects[key])]
        # Fit the columns to the new cells before the rows go in: refitting after rebuilt every
        # row again (the first listing's 100 rows were added twice before the first paint).
        shrank = removed and not switched and self._shrink()  # (a scope switch keeps the columns)
        if self._measure(cells for _, cells in rows) or shrank:
            self._refit()
        new_rows: list[tuple[str, list[Text]]] = []
        for key, cells in rows:
            if key not in self._cells:
                self._cells[key] = cells
                new_rows.append((key, self._shown(cells)))
            elif self._patch(key, cells):
                order_changed = True
                moved.append(key)
        if new_rows:  # a host's first listing adds its 200 rows at once: one table update
            self.table.add_rows_fast(new_rows)
            order_changed = True
            moved.extend(key for key, _ in new_rows)
        if order_changed and not (first or bulk) and self._place(moved):
            if self._homing() or (selected is not None and selected in self._cells and self.selected_key != selected):
                self._keep(selected)
        elif order_changed:
            self._resort(keep=None if first else selected)
            if first:
                table.move_cursor(row=0)
                self._home = self.arriving
        if selected is not None and selected not in self._cells and neighbour is not None:
            self._keep(neighbour)
        if not switched and selected is not None and selected in self._mapping(old_state) and selected not in self._mapping(state):
            # gone from the daemon (a compose header that ungrouping hid is not "removed")
            old = self._mapping(old_state)[selected]
            self.post_message(self.SelectedRemoved(self, getattr(old, "name", "") or selected[:12]))
        if not self.arriving:
            self._home = False  # the last host's rows are in: the cursor keeps its object now
        self._update_title()
        self.post_message(self.VisibleChanged(self))

    def _first_rows(self, keys: Iterable[str], objects: Mapping[str, Any], ctx: Ctx) -> list[str]:
        """The first screenful of a large first listing; the rest is queued for ``_fill``."""
        ordered = sorted((k for k in keys if self._wanted(objects[k])), key=lambda k: self._sort_value(k, ctx), reverse=self.sort_reverse)
        head, rest = ordered[:FIRST_ROWS], ordered[FIRST_ROWS:]
        per_host: dict[str, int] = {}
        for key in head:
            host = getattr(objects[key], "host", "")
            per_host[host] = per_host.get(host, 0) + 1
        self._backlog = []
        for key in rest:  # one host (host ""): its 120 rows are its head already
            host = getattr(objects[key], "host", "")
            if per_host.get(host, 0) < HOST_HEAD:
                per_host[host] = per_host.get(host, 0) + 1
                head.append(key)
            else:
                self._backlog.append(key)
        # a head that is not the order's prefix: each chunk appended is sorted into place
        self._fill_sorts = len(head) > FIRST_ROWS
        self.call_after_refresh(self._fill)
        return head

    def _fill(self) -> None:
        """Add the next chunk of the backlog, then let the screen paint and answer keys."""
        if not self._backlog or not self.is_mounted:
            return
        chunk, self._backlog = self._backlog[:FILL_CHUNK], self._backlog[FILL_CHUNK:]
        ctx = self._ctx(self._state)
        rows = []
        for key in chunk:
            obj = self._objects.get(key)
            if obj is None or key in self._cells or not self._wanted(obj):
                continue  # removed, filtered out or already added by a later change
            cells = self._cells[key] = self._row_cells(key, obj, ctx)
            rows.append((key, self._shown(cells)))
        self.table.add_rows_fast(rows)
        if self._measure(self._cells[k] for k in chunk if k in self._cells):
            self._refit()
        if self._backlog:
            self.call_after_refresh(self._fill)
            if self._fill_sorts:
                self._resort()  # the chunk goes between the other hosts' first rows
        else:
            self._resort()  # changes that came meanwhile were added out of turn
        self._update_title()
        self.post_message(self.VisibleChanged(self))

    def _neighbour(self, key: str | None, objects: Mapping[str, Any]) -> str | None:
        """The row after ``key`` (else before it) that will still be shown."""
        if key is None:
            return None
        order = self._order()
        if key not in order:
            return None
        i = order.index(key)
        for k in [*order[i + 1 :], *reversed(order[:i])]:
            if k in objects and self._wanted(objects[k]):
                return k
        return None

    def _patch(self, key: str, cells: tuple[Text, ...]) -> bool:
        """Update the cells of one row that changed; True when the sort column did."""
        old = self._cells[key]
        merged = list(old)
        order_changed = False
        for i, (col_key, before, after) in enumerate(zip(["mark", *(c.key for c in self.columns)], old, cells)):
            if _sig(before) == _sig(after):
                continue
            merged[i] = after
            if col_key == "mark" or col_key in self._widths:
                self.table.update_cell(key, col_key, after)
            if col_key == self.sort_column or (self.sort_column is None and col_key in ("name", "state")):
                order_changed = True
        self._cells[key] = tuple(merged)
        return order_changed

    def refresh_rows(self, keys: Iterable[str]) -> None:
        """Re-render these rows (exact times arrived for them)."""
        self._refresh_rows([k for k in keys if k in self._cells])

    def _refresh_rows(self, keys: Iterable[str]) -> None:
        ctx = self._ctx(self._state)
        for key in keys:
            obj = self._objects.get(key)
            if obj is not None and key in self._cells:
                self._patch(key, self._row_cells(key, obj, ctx))
        self._update_title()

    def tick(self) -> None:
        """Re-render the clock-derived cells (uptime, age). No daemon request."""
        if not self.screen.is_active:
            return  # a change under another screen repaints that whole screen; resume ticks
        self._tick_rows(list(self._cells))

    def tick_fresh(self) -> None:
        """Every second, the clock-derived cells of the rows whose text counts seconds: a
        container that just started or exited read "Exited (137) 0 sec ago" until the slow
        tick, up to 30 s later. Only those rows (their age is under a minute), not the table,
        and of those only the rows on screen: a fleet that has just started 80 containers
        ticked ~55 rows a second, most of them scrolled away (1.9 % of a core for the first
        minute). A fresh row scrolled into view, or shown again by a filter, is ticked within
        the second; the slow tick covers every row."""
        if self.before_tick is not None:
            self.before_tick()  # (the dashboard's stats batch that waited for this tick)
        if not self._fresh or not self.screen.is_active:
            return
        self._fresh.intersection_update(self._objects)  # removed since
        fresh, cells = self._fresh, self._cells
        self._tick_rows([key for key in self.visible_keys() if key in fresh and key in cells])

    def ticks_seconds(self) -> bool:
        """Some rows count seconds: the per-second tick repaints them within the second."""
        return bool(self._fresh)

    def _tick_rows(self, keys: list[str]) -> None:
        ctx = self._ctx(self._state)
        ticking = [(i, c) for i, c in enumerate(self.columns, start=1) if c.ticks]
        for key in keys:
            obj = self._objects.get(key)
            if obj is None or (self.grouping is not None and self.grouping.is_header(obj)):
                continue
            cells = list(self._cells[key])
            for i, col in ticking:
                cells[i] = col.cell(obj, ctx)
            self._patch(key, tuple(cells))
            if key in self._fresh:
                self._note_fresh(key, obj)  # past a minute: the slow tick's from now on

    def _order(self) -> list[str]:
        return [r.key.value for r in self.table.ordered_rows]

    def _sort_value(self, key: str, ctx: Ctx):
        obj = self._objects.get(key)
        if obj is None:
            return (1, "")
        if self.grouping is not None:
            return self.grouping.sort_value(obj, lambda o: self._natural_sort_value(o, ctx), self.sort_reverse)
        return self._natural_sort_value(obj, ctx)

    def _natural_sort_value(self, obj: Any, ctx: Ctx):
        col: Column | None = next((c for c in self.columns if c.key == self.sort_column), None)
        if col is None:
            # Natural order: running first, then by name (containers); else by the first column.
            # Merged fleet rows come grouped by host ("" for one host: the order is unchanged).
            host = getattr(obj, "host", "")
            if self.kind == "containers":
                return (0, host, obj.state not in ("running", "paused"), obj.name.lower())
            return (0, host, KINDS[self.kind][1][0].sort(obj, ctx))
        return (0, col.sort(obj, ctx))

    PLACE_MAX = 32  # more moved rows than this: one full sort

    def _place(self, keys: list[str]) -> bool:
        """Move only these rows to their place in the natural order (the others are in
        order already): a binary search and a shift of the rows between, per row, instead
        of re-sorting the whole table (a start in a 2,000-row fleet moved one row and
        sorted 2,000). False when a full sort is needed instead (a sort column, project
        grouping, a fill under way, many rows, or an order the check below refuses)."""
        if not keys or len(keys) > self.PLACE_MAX or self.grouping is not None or self._backlog or any(c.key == self.sort_column for c in self.columns):
            return False
        table = self.table
        cache = getattr(self, "_natural_values", None)
        if cache is None:
            return False
        ctx = self._ctx(self._state)
        objects = self._objects

        def value(key: str):
            obj = objects.get(key)
            hit = cache.get(key)
            if hit is not None and hit[0] is obj and obj is not None:
                return hit[1]
            v = self._sort_value(key, ctx)
            cache[key] = (obj, v)
            return v

        get_key = table._row_locations.get_key
        n = table.row_count
        reverse = self.sort_reverse

        def before(a, b) -> bool:
            return a > b if reverse else a < b

        for key in dict.fromkeys(keys):
            p = table.get_row_index(key)
            v = value(key)
            lo, hi = 0, n - 1  # the table without this row
            while lo < hi:
                mid = (lo + hi) // 2
                other = get_key(mid if mid < p else mid + 1).value
                if before(v, value(other)):
                    hi = mid
                else:
                    lo = mid + 1
            table.move_row(key, lo)
        # The rows not moved kept their order, so checking each moved row against its two
        # neighbours proves the whole table is in order; else sort it all once.
        for key in keys:
            i = table.get_row_index(key)
            v = value(key)
            if (i > 0 and before(v, value(get_key(i - 1).value))) or (i + 1 < n and before(value(get_key(i + 1).value), v)):
                return False
        return True

    def _resort(self, keep: str | None = None) -> None:
        table = self.table
        keep = keep if keep is not None else self.selected_key
        # DataTable.sort hands the key function only cell values; the mark cell is a
        # distinct object per row, so its identity leads back to the row key.
        ctx = self._ctx(self._state)
        by_cell = {id(cells[0]): key for key, cells in self._cells.items()}
        if self.grouping is None and not any(c.key == self.sort_column for c in self.columns):
            # natural order depends on the object alone: reuse the value of an unchanged row
            # (a start in a 2,000-row fleet re-sorts every row; most did not change)
            old, cache = getattr(self, "_natural_values", {}), {}
            objects = self._objects
            for key in self._cells:
                obj = objects.get(key)
                hit = old.get(key)
                cache[key] = (obj, hit[1] if hit is not None and hit[0] is obj and obj is not None else self._sort_value(key, ctx))
            self._natural_values = cache
            values = {key: v for key, (_, v) in cache.items()}
        else:
            values = {key: self._sort_value(key, ctx) for key in self._cells}
        table.sort("mark", key=lambda mark: values.get(by_cell.get(id(mark)), (1, "")), reverse=self.sort_reverse and self.grouping is None)
        self._keep(keep)

    def _update_title(self) -> None:
        total = len(self._objects)
        shown = len(self._cells) + len(self._backlog)
        if self.grouping is not None:
            is_header = self.grouping.is_header  # compose project or fleet host headers
            headers = sum(1 for o in self._objects.values() if is_header(o))
            total, shown = total - headers, shown - sum(1 for k in self._cells if k in self._objects and is_header(self._objects[k]))
        parts = [self.title]
        parts.append(f"({shown}/{total})" if shown != total else f"({total})")
        if self.marked:
            parts.append(f"· {len(self.marked)} marked")
        if self.query_text:
            parts.append(f"· filter: {self.query_text}")
            unknown = self.unknown_filter_keys()
            if unknown:
                parts.append(f"· unknown key: {', '.join(unknown)} (try {', '.join(FILTER_KEYS[self.kind])}, label=)")
        if self.kind == "containers" and not self.show_stopped:
            parts.append("· running only")
        if self.grouping is not None:
            parts.append("· by project")
        if self.sort_column:
            label = next(self._label(c) for c in self.columns if c.key == self.sort_column)
            parts.append(f"· sort {label} {'▼' if self.sort_reverse else '▲'}")
        title = " ".join(parts)
        if title != self._title_text:  # an unchanged title is not repainted (idle bytes)
            self._title_text = title
            self.query_one(".pane-title", Label).update(Text(title))
        # Empty from compose until rows arrive (so on an empty daemon the table never had the
        # focus: hidden after it had, closing any dialog gave focus to the filter input and
        # `q` typed into it).
        empty = not self._objects
        if empty != self.empty:
            self.empty = empty
            self.table.display = not empty
            self.query_one(".pane-empty").display = empty

    # Filter input

    def open_filter(self) -> None:
        box = self.filter_input
        box.value = self.query_text
        box.display = True
        # Widget.focus() is deferred behind keys already queued; set it now.
        self.screen.set_focus(box)

    @on(Input.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value.startswith("/"):
            # The "/" that opened the box can arrive in it when keys come in one burst
            # (seen in tmux under load); no name or filter starts with it.
            self.filter_input.value = event.value.lstrip("/")
            return
        self.set_filter(event.value)

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self.filter_input.display = False
        self.table.focus()

    @on(PaneTable.HeaderSelected)
    def _header_clicked(self, event: PaneTable.HeaderSelected) -> None:
        """A click on a column's header sorts by it, a second click the other way round."""
        event.stop()
        key = event.column_key.value
        if key in self._widths:  # not the marks' column
            self.sort_by(key)
            self.table.focus()

    @on(PaneTable.Resized)
    def _table_resized(self, event: PaneTable.Resized) -> None:
        event.stop()
        self._refit()

    @on(PaneTable.Scrolled)
    def _scrolled(self, event: PaneTable.Scrolled) -> None:
        event.stop()
        self.post_message(self.VisibleChanged(self))

    def close_filter(self, clear: bool = True) -> None:
        box = self.filter_input
        if clear:
            box.value = ""
            self.set_filter("")
        box.display = False
        self.table.focus()
