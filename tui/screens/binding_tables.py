"""Every binding the keymap may remap, by context, as plain tuples for tui/domain/keymap_check."""

from __future__ import annotations


def binding_tables(app_bindings) -> dict[str, list[tuple[str, str, str]]]:
    from .dashboard import DashboardScreen
    from .detail import ContainerDetailScreen
    from .detail.logs_tab import LogsTab
    from .dialogs.confirm import ConfirmScreen
    from .dialogs.forms import FormScreen

    def rows(*bindings_lists):
        return [(b.id or "", b.key, b.action) for bindings in bindings_lists for b in bindings]

    return {
        "the dashboard": rows(DashboardScreen.BINDINGS, app_bindings),
        "the detail": rows(ContainerDetailScreen.BINDINGS, LogsTab.BINDINGS, app_bindings),
        "dialogs": rows(ConfirmScreen.BINDINGS, FormScreen.BINDINGS),
    }
