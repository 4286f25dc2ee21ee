"""Per-host view memory for the dashboard: each host keeps its cursor, filter and sort.

Mixed into DashboardScreen. On ``store.switch_signal`` (old key, new key) the panes'
view of the old host is saved, and the new host's (if it was shown before) is put back:
filter, sort and "show stopped" at once, the cursor as soon as its row is listed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PaneView:
    query: str
    sort_column: str | None
    sort_reverse: bool
    show_stopped: bool
    selected: str | None


class HostViews:
    """Needs ``pane(kind)``, ``PANES``-like ``_host_panes`` and the app's control."""

    _host_panes: tuple[str, ...] = ()

    def watch_host_switches(self) -> None:
        self._views: dict[str, dict[str, PaneView]] = {}
        self._cursor_after: dict[str, str] = {}
        self.app.control.store.switch_signal.subscribe(self, self._host_switched, immediate=True)
        fleet = self.app.control.fleet
        if fleet is not None:
            from ..widgets.host_chips import chips_line

            self.query_one("#daemon-bar").chips = lambda: chips_line(fleet.chips(), fleet.scope_name, fleet.last_host, self.app.readonly)
            self.apply_host_columns()

    def apply_host_columns(self) -> None:
        """A HOST column in every pane while the scope has more than one host."""
        fleet = self.app.control.fleet
        lead = ()
        if fleet is not None and len(fleet.scope) > 1:
            from ..widgets.host_column import host_column

            lead = (host_column(fleet.is_stale, lambda h: fleet.meta[h].colour if h in fleet.meta else ""),)
        where = f"these {len(fleet.scope)} hosts" if lead else "this daemon"
        for kind in self._host_panes:
            self.pane(kind).set_lead_columns(lead)
            self.pane(kind).set_where(where)

    def _host_switched(self, keys: tuple[str, str]) -> None:
        old, new = keys
        self._views[old] = {kind: self._pane_view(kind) for kind in self._host_panes}
        saved = self._views.get(new, {})
        self._cursor_after = {}
        for kind in self._host_panes:
            pane = self.pane(kind)
            view = saved.get(kind) or PaneView("", None, False, True, None)
            pane.marked.clear()
            pane.sort_column, pane.sort_reverse = view.sort_column, view.sort_reverse
            if pane.show_stopped != view.show_stopped:
                pane.show_stopped = view.show_stopped
            pane.query_text = view.query
            box = pane.filter_input
            box.value = view.query
            box.display = False  # the title says "filter: …"; / opens it again
            pane.set_filter(view.query)
            if view.selected:
                self._cursor_after[kind] = view.selected
        bar = self.query_one("#daemon-bar")
        bar.endpoint = self.app.control.endpoint
        bar.readonly = self.app.control.readonly
        if self.app.control.fleet is not None:
            self.apply_host_columns()
        for kind in self._host_panes:
            self.pane(kind).host_switched()  # last: the syncs above saw the old host's rows
        self.focused_pane.table.focus()

    def _pane_view(self, kind: str) -> PaneView:
        pane = self.pane(kind)
        return PaneView(pane.query_text, pane.sort_column, pane.sort_reverse, pane.show_stopped, pane.selected_key)

    def action_scope(self) -> None:
        """@: pick the scope (all hosts, a group, one host)."""
        fleet = self.app.control.fleet
        if fleet is None:
            self.notify("One host: start Dockyard with several -H/-c, --all-contexts or --fleet to see a fleet", markup=False, timeout=4)
            return
        from .scope_picker import ScopePicker, scope_notes

        self.app.push_screen(ScopePicker(fleet.scopes(), fleet.scope_name, scope_notes(fleet)), lambda name: name and fleet.set_scope(name))

    def confirm_across_hosts(self, action: str, targets, go) -> bool:
        """A bulk action on objects of several hosts names the hosts first; True if asked."""
        from ..domain.fleet_state import bulk_summary, hosts_of
        from .dialogs.confirm import ConfirmScreen

        if self.app.control.fleet is None or len(hosts_of(targets)) < 2:
            return False

        def done(result) -> None:
            if result and result.confirmed:
                go()

        title = bulk_summary(action.title(), "container", list(targets))
        self.app.push_screen(ConfirmScreen(title, [f"{t.host}: {t.name}" for t in targets], verb=action.title()), done)
        return True

    def restore_cursors(self) -> None:
        """After a state change: put each pane's remembered cursor back once its row is there."""
        if not getattr(self, "_cursor_after", None):
            return
        for kind, key in list(self._cursor_after.items()):
            if self.pane(kind).select_key(key):
                del self._cursor_after[kind]
