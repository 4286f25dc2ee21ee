from rich.text import Text

from tui.domain.models import Container, DaemonInfo
from tui.domain.state import State
from tui.engine.endpoint import Endpoint
from tui.widgets.columns import CONTAINER_COLUMNS, GAP, IMAGE_COLUMNS, Column, fit, memory_text, state_label
from tui.widgets.daemon_bar import counts_line, daemon_line


def _col(key, lo, hi, prio, grow=1):
    return Column(key, key.upper(), lambda o, x: Text(""), lambda o, x: 0, min=lo, max=hi, priority=prio, grow=grow)


def test_fit_admits_by_priority_and_never_overflows():
    cols = (_col("name", 10, 30, 0, 3), _col("image", 10, 30, 3), _col("state", 9, 12, 1), _col("extra", 8, 8, 2))
    widths = fit(cols, 40)
    assert set(widths) == {"name", "state", "extra"}  # image (least important) steps aside
    assert sum(widths.values()) + GAP * len(widths) <= 40
    wide = fit(cols, 200)
    assert wide == {"name": 30, "image": 30, "state": 12, "extra": 8}


def test_fit_does_not_let_a_minor_column_displace_a_major_one():
    cols = (_col("a", 10, 10, 0), _col("b", 20, 20, 1), _col("c", 4, 4, 2))
    assert set(fit(cols, 30)) == {"a"}


def test_real_columns_at_the_two_reference_widths():
    assert set(fit(CONTAINER_COLUMNS, 111)) == {c.key for c in CONTAINER_COLUMNS if not c.optional}  # 120 columns wide
    narrow = fit(CONTAINER_COLUMNS, 71)  # 80 columns wide
    assert {"name", "state", "status", "cpu", "mem"} <= set(narrow)
    assert {"name", "used"} <= set(fit(IMAGE_COLUMNS, 31))


def test_memory_text_is_compact_and_dashes_unknowns():
    assert memory_text(None, None) == "—"
    assert memory_text(452 * 1024, int(23.5 * 2**30)) == "452KiB / 24GiB"
    assert memory_text(int(1.94 * 2**20), 0) == "1.9MiB"


def test_state_label_shows_health_of_running_containers():
    c = Container(id="x", name="n", image="i", state="running", health="unhealthy")
    assert state_label(c) == "unhealthy"
    assert state_label(Container(id="x", name="n", image="i", state="running", health="starting")) == "checking"
    assert state_label(Container(id="x", name="n", image="i", state="exited", health="unhealthy")) == "exited"


def test_header_lines_name_the_daemon_and_say_read_only():
    state = State(info=DaemonInfo(engine_version="27.1", api_version="1.46", os_type="linux", arch="aarch64"), connection="live", synced=True)
    line = daemon_line(Endpoint("ssh://me@box", "context", context="prod"), True, state, "1.46").plain
    for part in ("READ-ONLY", "live", "ssh://me@box", "context prod", "Engine 27.1", "API 1.46", "linux/aarch64"):
        assert part in line
    counts = counts_line(state, Text("✓ docker stop web")).plain
    assert "containers 0/0" in counts and "✓ docker stop web" in counts


def test_the_name_always_shows_beside_host_in_a_narrow_merged_pane():
    """A 30-column images pane in a fleet scope: HOST and the name (clipped), never HOST alone."""
    from tui.widgets.columns import IMAGE_COLUMNS
    from tui.widgets.host_column import host_column

    cols = (host_column(lambda h: False, lambda h: ""), *IMAGE_COLUMNS)
    widths = fit(cols, 25, {"host": 8, "name": 28, "id": 12})
    assert widths == {"host": 8, "name": 13}
    assert fit(IMAGE_COLUMNS, 3) == {"name": 1}  # however narrow: the name, clipped


def test_a_port_bound_on_ipv4_and_ipv6_is_listed_once():
    from tui.domain.models import Container, Port
    from tui.widgets.columns import _ports

    c = Container(id="x", name="web", image="i", state="running", status="Up", ports=(Port(8080, "tcp", "0.0.0.0", 32768), Port(8080, "tcp", "::", 32768)))
    assert _ports(c) == "32768→8080/tcp"
