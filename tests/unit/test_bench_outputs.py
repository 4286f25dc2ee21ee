"""Which files a benchmark run writes (bench/main.py): only a full run to bench/RESULTS.md
replaces bench/out/results.json and README's table; a partial run keeps its raw figures
beside it under its own report's name. The scenarios themselves run in test_bench_smoke."""

from __future__ import annotations

import json

import pytest

from bench import main as bench_main


@pytest.fixture
def fake_run(tmp_path, monkeypatch):
    (tmp_path / "bench").mkdir()
    readme_updates = []
    monkeypatch.setattr(bench_main, "ROOT", tmp_path)
    monkeypatch.setattr(bench_main, "run", lambda args: {"wall_s": 1.0, "runs": {"marker": args.phases or "full"}})
    monkeypatch.setattr(bench_main.report, "markdown", lambda results, previous: "# report\n")
    monkeypatch.setattr(bench_main.report, "update_readme", lambda *a: readme_updates.append(a) or True)
    return tmp_path, readme_updates


def _raw(root, name):
    return json.loads((root / "bench" / "out" / name).read_text())["runs"]["marker"]


def test_a_partial_run_keeps_the_full_runs_raw_figures(fake_run):
    root, readme_updates = fake_run
    assert bench_main.main(["--docker-host", "unix:///x", "--testbed-dir", "/x"]) == 0
    assert _raw(root, "results.json") == "full" and len(readme_updates) == 1

    assert bench_main.main(["--docker-host", "unix:///x", "--testbed-dir", "/x", "--phases", "idle"]) == 0
    assert _raw(root, "results.json") == "full", "a partial run replaced the full run's figures"
    assert _raw(root, "RESULTS.json") == "idle" and len(readme_updates) == 1

    out = root / "elsewhere.md"
    assert bench_main.main(["--docker-host", "unix:///x", "--testbed-dir", "/x", "--out", str(out)]) == 0
    assert _raw(root, "results.json") == "full" and _raw(root, "elsewhere.json") == "full"
    assert len(readme_updates) == 1, "only a full run to bench/RESULTS.md updates README's table"
