"""Volumes on the real daemon: create, prune preview vs prune, and system df figures
compared with the docker CLI's own ``docker system df``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tui.domain.disk import human_size
from tui.engine import volumes


def test_create_with_labels(actions, bed, daemon_client):
    name = volumes.create(actions, bed.name("v"), labels={"team": "dock"})
    assert daemon_client.inspect_volume(name)["Labels"] == {"team": "dock"}


def test_prune_preview_equals_what_the_daemon_removes(actions, bed, daemon_client):
    label = bed.prefix.rstrip("-")
    idle = {volumes.create(actions, bed.name(f"idle{n}"), labels={label: "1"}) for n in range(3)}
    busy = volumes.create(actions, bed.name("busy"), labels={label: "1"})
    bed.run("user", binds=[f"{busy}:/data"])
    preview = volumes.prune_preview(actions, filters={"label": label})
    assert {i.name for i in preview.items} == idle
    result = volumes.prune(actions, filters={"label": label})
    assert set(result.removed) == idle
    left = {v["Name"] for v in (daemon_client.volumes(filters={"label": label}) or {}).get("Volumes") or []}
    assert left == {busy}


def test_human_size_is_go_units():
    assert human_size(0) == "0B"
    assert human_size(1984000) == "1.984MB"
    assert human_size(999) == "999B"
    assert human_size(1000) == "1kB"
    assert human_size(12345678) == "12.35MB"


def _cli_df() -> list[dict]:
    docker = shutil.which("docker")
    if docker is None:
        pytest.fail("the docker CLI is needed to compare system df figures")
    out = subprocess.run([docker, "system", "df", "--format", "{{json .}}"], capture_output=True, text=True, check=True, env=os.environ).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_system_df_figures_match_the_cli(actions, bed):
    # Give every category something: a running and a stopped container with data, a used volume.
    vol = bed.volume("df")
    bed.run("busy", "dd if=/dev/zero of=/tmp/x bs=1k count=300; sleep 100000", binds=[f"{vol}:/data"])
    bed.run("idle", "dd if=/dev/zero of=/tmp/y bs=1k count=200", start=True)
    # Other tests share the daemon: compare only when the CLI saw the same figures before and after.
    for _ in range(10):
        before = _cli_df()
        ours = [c.cli_row() for c in volumes.disk_usage(actions).summary()]
        after = _cli_df()
        if before == after:
            assert ours == after
            return
    pytest.fail("the daemon's disk usage never held still long enough to compare")
