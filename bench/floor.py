"""The floor: the least a Textual app can do to show what Dockyard's first screen shows.

A header, a DataTable of 100 rows shaped like the containers table (six columns of
plain cells) and a footer, with no daemon: the rows are made up. Started in the same
pty as the tools, in the same run, its startup to the rows on screen is what the
framework (Python, Textual, Rich, the first layout and paint) costs on this machine
at that moment; Dockyard's startup divided by it is how much of the time is ours.

    python -m bench.floor            (ctrl+c or q quits)
"""

from __future__ import annotations

ROWS = 100
CONTENT = r"floor-r-\d+"  # what the harness waits for on screen


def main() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Floor(App):
        TITLE = "Floor"
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable(cursor_type="row")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("ID", "NAME", "IMAGE", "STATE", "PORTS", "CREATED")
            table.add_rows(
                (f"{i:012x}", f"floor-r-{i:03d}", "busybox:latest", "running", "", f"{i} minutes ago") for i in range(ROWS)
            )

    Floor().run()


if __name__ == "__main__":
    main()
