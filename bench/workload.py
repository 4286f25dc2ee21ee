"""The workload: named containers on the isolated daemon, built with the low-level API.

Names sort so that what a measurement looks for is on the first screen of both tools
(running containers first, then by name): ``a-*`` probes, ``bench-r-*`` running,
``bench-c-*`` created-only.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import docker

IMAGE = "dockyard-test/busybox:latest"
LOGGER = "while :; do echo \"tick $(date +%T) $$\"; sleep 0.1; done"
FLOOD = "yes 'FLOOD 0123456789 the quick brown fox jumps over the lazy dog'"
# Keep the flood's json log small: the disk is shared.
LOG_LIMIT = {"Type": "json-file", "Config": {"max-size": "5m", "max-file": "2"}}


def client(host: str) -> docker.APIClient:
    return docker.APIClient(base_url=host, version="auto", timeout=60, max_pool_size=8)


def _create(api: docker.APIClient, name: str, cmd: str, start: bool, labels: dict | None = None) -> str:
    hc = api.create_host_config(network_mode="none", log_config=LOG_LIMIT)
    cid = api.create_container(IMAGE, ["sh", "-c", cmd], name=name, host_config=hc, labels={"dockyard.bench": "1", **(labels or {})})["Id"]
    if start:
        api.start(cid)
    return cid


def _existing(api: docker.APIClient, prefix: str) -> set[str]:
    return {(c.get("Names") or ["/"])[0].lstrip("/") for c in api.containers(all=True, filters={"name": prefix})}


def _build(api: docker.APIClient, specs: list[tuple[str, str, bool]], workers: int = 4) -> None:
    have = _existing(api, "bench-")
    todo = [s for s in specs if s[0] not in have]
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda s: _create(api, *s), todo))


def running(api: docker.APIClient, n: int) -> None:
    """``n`` running containers, every other one logging every 100 ms."""
    _build(api, [(f"bench-r-{i:03d}", LOGGER if i % 2 else "sleep 1000000", True) for i in range(n)])


def created(api: docker.APIClient, n: int) -> None:
    """``n`` created (never started) containers."""
    _build(api, [(f"bench-c-{i:04d}", "true", False) for i in range(n)], workers=6)


def probe(api: docker.APIClient, name: str) -> str:
    return _create(api, name, "sleep 1000000", True)


def flood(api: docker.APIClient, name: str = "a-flood") -> str:
    return _create(api, name, FLOOD, True)


def remove(api: docker.APIClient, ids_or_names) -> None:
    for ident in ids_or_names:
        try:
            api.remove_container(ident, force=True)
        except docker.errors.NotFound:
            pass


def remove_prefix(api: docker.APIClient, prefix: str) -> None:
    remove(api, [c["Id"] for c in api.containers(all=True, filters={"name": prefix})])


def _paced(per_burst: int) -> str:
    """Numbered 60-byte lines (61 with the newline), ``per_burst`` of them every 100 ms (10 or
    1,000 lines/s). The text after the number is rotated by one character per line, so two
    lines a screen apart differ in most of their cells, as real log lines do: a terminal diff
    of near-identical lines would flatter the tool."""
    return ("awk 'BEGIN{t=\"the quick brown fox jumps over the lazy dog 01\"; n=length(t); "
            "for(i=1;;i++){k=i%n; printf \"follow %06d %s%s\\n\", i, substr(t,k+1), substr(t,1,k); "
            f"if(i%{per_burst}==0){{fflush(); system(\"sleep 0.1\")}}}}}}'")


def follower(api: docker.APIClient, per_burst: int, name: str = "a-follow") -> str:
    """A container whose log the follow measurement tails (sorts first in both tools' lists)."""
    return _create(api, name, _paced(per_burst), True)


PROJECT = "aaa-bench"


def project(api: docker.APIClient, per_burst: int) -> list[str]:
    """A compose project (by its labels; no files) of three services: ``app`` prints the paced
    lines, ``db`` and ``cache`` a line every 5 s. Its merged log is what the follow measures."""
    out = []
    for service, cmd in (("app", _paced(per_burst)), ("db", "while true; do echo db ready; sleep 5; done"),
                         ("cache", "while true; do echo cache ok; sleep 5; done")):
        labels = {"com.docker.compose.project": PROJECT, "com.docker.compose.service": service,
                  "com.docker.compose.container-number": "1", "com.docker.compose.oneoff": "False"}
        out.append(_create(api, f"a-{PROJECT}-{service}-1", cmd, True, labels))
    return out
