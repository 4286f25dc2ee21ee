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
