"""The benchmarks still run (issue 20): one smoke pass of every scenario on the test bed.

``bench/smoke.py`` runs each scenario once, tiny and short, and checks that it produced a
figure. Nothing here looks at how fast anything was: speed is measured by ./bench/run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.daemon, pytest.mark.slow]


@pytest.mark.timeout(1800)  # minutes on a loaded 2-core machine: every scenario starts the app several times
def test_every_bench_scenario_yields_a_figure():
    host, bed = os.environ.get("DOCKER_HOST", ""), os.environ.get("DOCKYARD_TESTBED_DIR", "")
    if not bed or not Path(bed, "docker.pid").exists():
        if os.environ.get("DOCKYARD_TEST_DOCKER_HOST"):
            pytest.skip("an outside daemon (DOCKYARD_TEST_DOCKER_HOST): the bench smoke needs the scripts/testbed bed")
        pytest.fail("the bench smoke needs the scripts/testbed bed (its dockerd pid and sshd): run under ./scripts/test")
    done = subprocess.run([sys.executable, "-m", "bench.smoke", "--docker-host", host, "--testbed-dir", bed],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
