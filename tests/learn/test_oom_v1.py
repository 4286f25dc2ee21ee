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


def test_v2_file_names_are_read_from_a_fabricated_unified_tree(tmp_path):
    """NOT a proof of cgroup v2 (no v2 memory controller on this machine): the v2 branch's file
    names and the oom_kill parse, over a directory tree laid out as a v2 host lays it out."""
    from tui.domain import isolation as iso_model

    proc, root = tmp_path / "proc", tmp_path / "cgroup"
    (proc / "42").mkdir(parents=True)
    (proc / "42" / "cgroup").write_text("0::/system.slice/docker-abc.scope\n")
    d = root / "system.slice" / "docker-abc.scope"
    d.mkdir(parents=True)
    for name, text in {"memory.max": "16777216", "memory.events": "low 0\nhigh 0\nmax 9\noom 2\noom_kill 2\n", "cpu.max": "50000 100000",
                       "pids.max": "max", "cgroup.freeze": "0", "memory.current": "1048576", "cpu.stat": "nr_throttled 3\nthrottled_usec 7\n"}.items():
        (d / name).write_text(text)
    files, version = introspect.cgroup_files(42, proc, root)
    assert version == "2"
    by = {f.key: f.path for f in files}
    assert by["memory_events"] == str(d / "memory.events") and by["memory_max"] == str(d / "memory.max")
    report = iso_model.with_files(iso_model.Isolation("abc", "web", "running"), files, version)
    assert report.oom_kills == 2 and report.frozen is False and report.throttled_periods == 3
