"""The benchmark writes only its results table into the README (not every table of RESULTS.md)."""

from __future__ import annotations

from bench import report


def test_the_readme_gets_the_first_table_only(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{report.README_START}\nold\n{report.README_END}\nafter\n")
    results = "# Results\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nnotes\n\n| analysis | table |\n|---|---|\n"
    res = {"versions": {"Dockyard": "x", "lazydocker": "y", "engine": "z"}, "machine": {"cores": 2},
           "mode": "full", "date": "d", "load_start": "0", "load_end": "1"}
    assert report.update_readme(readme, results, res)
    text = readme.read_text()
    assert "| 1 | 2 |" in text and "analysis" not in text and "old" not in text
    assert text.startswith("intro\n") and text.endswith("after\n")


def test_peak_rss_is_the_kernels_high_water_mark_and_the_samples_a_row_apart():
    """The 0.5 s samples miss a short peak (lazydocker's garbage collector's): the target row
    reads VmHWM, the sampled figure keeps its own row, and the previous run's single row
    ("peak RSS, N=100") fills the previous column of both."""
    def tool(sampled, hwm):
        return {"idle_100": {"rss_session_peak_mb": sampled, "vmhwm_mb": hwm}}

    res = {"runs": {"Dockyard": tool(43.8, 43.8), "lazydocker": tool(42.5, 44.1)},
           "settings": {"big_n": 2000, "idle_ns": [100], "startup_reps": 5, "window": 30.0},
           "tools": ["Dockyard", "lazydocker"], "mode": "full", "date": "now", "wall_s": 60.0,
           "machine": {"cpu": "x", "cores": 2, "memory_gb": 1, "kernel": "k"}, "load_start": "0", "load_end": "0",
           "versions": {"Dockyard": "d", "lazydocker": "l", "engine": "e", "python": "p"}, "log_notes": {}}
    assert report.metrics(res, "lazydocker")["rss_100"] == 44.1
    assert report.metrics(res, "lazydocker")["rss_100_sampled"] == 42.5
    previous = "Written by x on then (full)\n\n| metric | better | Dockyard | previous |\n|---|---|---|---|\n| peak RSS, N=100 | lower | 46.8 MB | 1 |\n"
    md = report.markdown(res, previous)
    hwm = next(line for line in md.splitlines() if line.startswith("| peak RSS, N=100 (the kernel"))
    sampled = next(line for line in md.splitlines() if line.startswith("| peak RSS, N=100, sampled"))
    assert "| 43.8 MB | 46.8 MB | 44.1 MB | 0.99× | ≤ 1.0× lazydocker | yes |" in hwm
    assert "| 43.8 MB | 46.8 MB | 42.5 MB | 1.03× |" in sampled and sampled.endswith("| — |")
