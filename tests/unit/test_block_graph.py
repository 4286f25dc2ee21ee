from tui.widgets.stats_graphs import bars, to_point
from tui.domain.models import StatsSample


def test_bars_scale_to_the_largest_value_newest_on_the_right():
    assert bars([0, 4, 8], 5, 1) == ["   ▄█"]
    assert bars([8, 16], 2, 2) == [" █", "██"]
    assert bars([None, 1], 3, 1) == ["  █"]
    assert bars([0.001, 100], 2, 1) == ["▁█"]  # tiny but non-zero stays visible
    assert bars(list(range(100)), 10, 1)[0].endswith("█") and len(bars(list(range(100)), 10, 1)[0]) == 10


def test_counters_become_rates():
    a = StatsSample("c", net_rx=1000, net_tx=0, blk_read=0, blk_write=4096, at=10.0)
    b = StatsSample("c", net_rx=3000, net_tx=0, blk_read=0, blk_write=4096 * 3, at=12.0)
    p = to_point(b, a)
    assert p.rx_rate == 1000 and p.write_rate == 4096
    assert to_point(a, None).rx_rate is None
