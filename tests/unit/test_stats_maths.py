"""CPU % and memory as `docker stats` computes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.domain.stats import cpu_percent, memory_used, sample_from_api

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "daemon_1.41.json").read_text())


def cpu(total: int, system: int, online: int | None = 4, percpu=None) -> dict:
    block = {"cpu_usage": {"total_usage": total}, "system_cpu_usage": system}
    if online is not None:
        block["online_cpus"] = online
    if percpu is not None:
        block["cpu_usage"]["percpu_usage"] = percpu
    return block


def test_two_busy_cores_is_200_percent():
    # 4 CPUs, 1 s of wall time = 4e9 ns of system time; the container used 2e9 ns.
    assert cpu_percent(cpu(1_000, 10_000), cpu(1_000 + 2_000_000_000, 10_000 + 4_000_000_000)) == pytest.approx(200.0)


def test_one_core_of_eight_is_100_percent():
    assert cpu_percent(cpu(0, 0, 8), cpu(500, 8_000, 8)) == pytest.approx(50.0)


def test_idle_is_zero():
    assert cpu_percent(cpu(5, 100), cpu(5, 200)) == 0.0


def test_first_sample_is_none():
    assert cpu_percent(None, cpu(1, 1)) is None
    assert cpu_percent({}, cpu(1, 1)) is None


@pytest.mark.parametrize("prev, cur", [
    (cpu(100, 1000), cpu(50, 2000)),   # container counter went backwards (restarted)
    (cpu(100, 2000), cpu(200, 1000)),  # system counter went backwards
    (cpu(100, 1000), cpu(200, 1000)),  # no system time passed
])
def test_counters_not_moving_forward_is_none(prev, cur):
    assert cpu_percent(prev, cur) is None


def test_online_cpus_missing_falls_back_to_percpu():
    assert cpu_percent(cpu(0, 0, None, [0, 0]), cpu(100, 200, None, [50, 50])) == pytest.approx(100.0)
    assert cpu_percent(cpu(0, 0, None), cpu(100, 200, None)) == pytest.approx(50.0)


def test_malformed_blocks_are_none():
    assert cpu_percent({"cpu_usage": {}}, cpu(1, 1)) is None
    assert cpu_percent(cpu(1, 1), {"system_cpu_usage": None}) is None


CGROUP_V1 = {
    "usage": 50_000_000, "limit": 1 << 30,
    "stats": {"cache": 12_000_000, "inactive_file": 9_000_000, "total_inactive_file": 10_000_000, "rss": 30_000_000},
}
CGROUP_V2 = {
    "usage": 50_000_000, "limit": 1 << 30,
    "stats": {"anon": 30_000_000, "file": 15_000_000, "inactive_file": 8_000_000, "active_file": 7_000_000},
}


def test_memory_cgroup_v1_subtracts_total_inactive_file():
    assert memory_used(CGROUP_V1) == 40_000_000


def test_memory_cgroup_v2_subtracts_inactive_file():
    assert memory_used(CGROUP_V2) == 42_000_000


def test_memory_old_daemons_subtract_cache():
    assert memory_used({"usage": 100, "stats": {"cache": 30}}) == 70


def test_memory_edge_cases():
    assert memory_used({}) is None  # a stopped container sends an empty block
    assert memory_used({"usage": 100}) == 100
    assert memory_used({"usage": 100, "stats": {"inactive_file": 500}}) == 100  # never negative


def test_sample_from_recorded_stats():
    first, second = FIXTURE["stats"]
    s1 = sample_from_api("c", first, None, 1.0)
    assert s1.cpu_percent is None and s1.at == 1.0
    assert s1.mem_usage is not None and 0 < s1.mem_usage <= first["memory_stats"]["usage"]
    assert s1.mem_limit == first["memory_stats"]["limit"] and s1.pids >= 1
    s2 = sample_from_api("c", second, first["cpu_stats"], 2.0)
    assert s2.cpu_percent is not None and 0 <= s2.cpu_percent <= 100 * second["cpu_stats"]["online_cpus"]


def test_sample_sums_networks_and_block_io():
    raw = {
        "networks": {"eth0": {"rx_bytes": 10, "tx_bytes": 1}, "eth1": {"rx_bytes": 5, "tx_bytes": 2}},
        "blkio_stats": {"io_service_bytes_recursive": [
            {"op": "Read", "value": 100}, {"op": "Write", "value": 7}, {"op": "read", "value": 1}, {"op": "Total", "value": 108}]},
    }
    s = sample_from_api("c", raw, None, 0)
    assert (s.net_rx, s.net_tx, s.blk_read, s.blk_write) == (15, 3, 101, 7)
    empty = sample_from_api("c", {}, None, 0)
    assert (empty.net_rx, empty.blk_read, empty.mem_usage, empty.pids) == (None, None, None, None)
