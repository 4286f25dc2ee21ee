"""Issue 18, cgroups in action: the OOM path proven on this bed's cgroup v1 against a container
whose own PID 1 is killed for memory (16 MiB limit, busybox sh doubling a string). The cgroup v2
path (memory.max / memory.events) cannot be proven here: the machine mounts the memory
controller on v1 and the unified hierarchy has only hugetlb (see docs/notes/teach18c.md).
The isolation view's chart and counter for a child killed inside a living container are
tests/learn/test_teach18b.py::test_isolation_view_draws_memory_against_the_limit_and_marks_the_oom_kill."""

from __future__ import annotations

import time

import pytest

from tests.learn.test_teach_truth import _stories
from tui import i18n
from tui.engine import introspect

pytestmark = pytest.mark.daemon


def test_a_container_killed_for_memory_on_cgroup_v1_is_told_as_oom(bed, daemon_client):
    since = time.time() - 1
    hc = daemon_client.create_host_config(mem_limit="16m", memswap_limit="16m")
    hog = "sleep 3; x=aaaaaaaaaa; while true; do x=$x$x; done"
    cid = daemon_client.create_container(bed.image, ["sh", "-c", hog], name=bed.name("oomv1"), host_config=hc)["Id"]
    daemon_client.start(cid)
    pid = daemon_client.inspect_container(cid)["State"]["Pid"]
    files, version = introspect.cgroup_files(pid)
    by = {f.key: f for f in files}
    assert version == "1", "this bed is cgroup v1; the v2 path is not proven here"
    assert by["memory_max"].path.startswith("/sys/fs/cgroup/memory/") and by["memory_max"].path.endswith("memory.limit_in_bytes")
    assert int(by["memory_max"].raw) == 16 * 1024 * 1024
    assert by["memory_events"].path.endswith("memory.oom_control") and "oom_kill 0" in by["memory_events"].raw
    assert daemon_client.wait(cid, timeout=60)["StatusCode"] == 137
    state = daemon_client.inspect_container(cid)["State"]
    assert state["OOMKilled"] is True  # the kernel's OOM killer, not a signal from anyone
    stories = _stories(daemon_client, since, cid, oom_killed={cid})
    actions = [e.action for s in stories for e in s.events]
    assert "oom" in actions, actions  # the daemon's own oom event came before the die
    last = stories[-1]
    assert last.kind == "oom" and last.cause == "oom" and last.code == "137" and not last.command
    assert "ran out of memory: the kernel killed its process (OOM, exit code 137)" in i18n.story(last, "en")
    assert "메모리 부족: 커널이 프로세스를 죽임" in i18n.story(last, "ko")
