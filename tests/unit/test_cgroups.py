"""CgroupReader on fake cgroup trees (v1 and v2): locating, reading, refusing foreign paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.engine.cgroups import CgroupReader

CID = "3e56535d6b3998cdee985a78eae0906b65b1f22b89e7535fb7423901b9a3e7b0"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _v1(tmp_path: Path, parent: str = "docker") -> CgroupReader:
    fs = tmp_path / "cg"
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(
        f"30 25 0:26 / {fs}/cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpuacct\n"
        f"31 25 0:27 / {fs}/memory rw,relatime shared:10 - cgroup cgroup rw,memory\n"
        f"32 25 0:28 / {fs}/pids rw,relatime shared:11 - cgroup cgroup rw,pids\n"
    )
    _write(fs / "cpuacct" / parent / CID / "cpuacct.usage", "1000000000\n")
    mem = fs / "memory" / parent / CID
    _write(mem / "memory.usage_in_bytes", "10000\n")
    _write(mem / "memory.stat", "cache 500\ninactive_file 100\ntotal_inactive_file 2000\n")
    _write(mem / "memory.limit_in_bytes", "9223372036854771712\n")
    _write(fs / "pids" / parent / CID / "pids.current", "3\n")
    proc = tmp_path / "proc"
    _write(proc / "meminfo", "MemTotal:       1000 kB\n")
    _write(proc / "42" / "cgroup", f"4:memory:/{parent}/{CID}\n2:cpuacct:/{parent}/{CID}\n0::/{parent}/{CID}\n")
    _write(proc / "43" / "cgroup", "4:memory:/someone/else\n2:cpuacct:/someone/else\n")
    return CgroupReader(mountinfo=str(mountinfo), proc=str(proc))


def test_v1_default_layout_is_found_without_a_pid(tmp_path):
    reader = _v1(tmp_path)
    files = reader.guess(CID)
    assert files is not None and files.version == 1
    sample, prev = reader.read(CID, files, None)
    assert sample.cpu_percent is None  # first sample: no delta yet
    assert sample.mem_usage == 10000 - 2000
    assert sample.mem_limit == 1000 * 1024  # unlimited shows as the host's memory
    assert sample.pids == 3
    (tmp_path / "cg" / "cpuacct" / "docker" / CID / "cpuacct.usage").write_text("1500000000\n")
    second, _ = reader.read(CID, files, (prev[0], prev[1] - 1.0))
    assert second.cpu_percent == pytest.approx(50.0, rel=0.05)


def test_custom_parent_is_found_from_the_pid(tmp_path):
    reader = _v1(tmp_path, parent="isolated/bed")
    assert reader.guess(CID) is None
    files = reader.from_pid(CID, 42)
    assert files is not None and files.cpu.endswith(f"isolated/bed/{CID}/cpuacct.usage")


def test_a_pid_whose_cgroup_does_not_name_the_container_is_refused(tmp_path):
    reader = _v1(tmp_path)
    assert reader.from_pid(CID, 43) is None
    assert reader.from_pid(CID, 999) is None


def test_v2_unified(tmp_path):
    fs = tmp_path / "unified"
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(f"29 25 0:25 / {fs} rw,nosuid - cgroup2 cgroup2 rw\n")
    base = fs / "system.slice" / f"docker-{CID}.scope"
    _write(base / "cpu.stat", "usage_usec 2000\nuser_usec 1000\n")
    _write(base / "memory.current", "5000\n")
    _write(base / "memory.stat", "anon 100\ninactive_file 1000\n")
    _write(base / "memory.max", "1048576\n")
    _write(base / "pids.current", "1\n")
    reader = CgroupReader(mountinfo=str(mountinfo), proc=str(tmp_path / "proc"))
    assert reader.available
    files = reader.guess(CID)
    assert files is not None and files.version == 2
    sample, prev = reader.read(CID, files, None)
    assert (sample.mem_usage, sample.mem_limit, sample.pids) == (4000, 1048576, 1)
    assert prev[0] == 2_000_000


def test_a_vanished_cgroup_raises_oserror(tmp_path):
    reader = _v1(tmp_path)
    files = reader.guess(CID)
    (tmp_path / "cg" / "cpuacct" / "docker" / CID / "cpuacct.usage").unlink()
    with pytest.raises(OSError):
        reader.read(CID, files, None)
