"""API JSON -> frozen models, from responses recorded from the isolated test daemon (API 1.41).

fixtures/daemon_1.41.json was recorded from `scripts/testbed`'s dockerd: a running httpd
container (published port, compose labels, a named volume, a user network, a health
check), an exited one (exit 3), the test image, networks, a volume, /info, /version and
two one-shot stats samples. tests/integration/test_listing.py parses live responses too.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest

from tui.domain import parse
from tui.domain.models import Container, Port

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "daemon_1.41.json").read_text())


def _container(name: str) -> Container:
    raw = next(c for c in FIXTURE["containers"] if c["Names"] == [f"/{name}"])
    return parse.container_from_list(raw)


def test_running_container():
    c = _container("rec-web")
    assert c.name == "rec-web" and len(c.id) == 64 and c.short_id == c.id[:12]
    assert c.image == "dockyard-test/busybox:latest" and c.image_id.startswith("sha256:")
    assert c.state == "running" and c.is_running and c.status.startswith("Up ")
    assert c.health == "healthy"
    assert c.command.startswith("sh -c")
    assert c.created > 1.7e9
    (port,) = c.ports
    assert (port.private, port.proto, port.host_ip) == (80, "tcp", "127.0.0.1") and port.public
    assert str(port) == f"127.0.0.1:{port.public}→80/tcp"
    assert (c.compose_project, c.compose_service) == ("shop", "web")
    (net,) = c.networks
    assert net.network == "rec-net" and len(net.network_id) == 64 and net.ip
    (mount,) = c.mounts
    assert (mount.type, mount.name, mount.destination, mount.rw) == ("volume", "rec-vol", "/data", True)


def test_exited_container():
    c = _container("rec-exited")
    assert c.state == "exited" and not c.is_running and c.status.startswith("Exited (3)")
    assert c.health is None and c.ports == () and c.mounts == ()


def test_image():
    (raw,) = FIXTURE["images"]
    img = parse.image_from_list(raw)
    assert img.tags == ("dockyard-test/busybox:latest",) and img.name == "dockyard-test/busybox:latest"
    assert img.id.startswith("sha256:") and len(img.short_id) == 12 and not img.dangling
    assert img.size > 100_000 and img.created > 1.7e9


def test_dangling_image_and_digest_only_image():
    dangling = parse.image_from_list({"Id": "sha256:" + "a" * 64, "RepoTags": ["<none>:<none>"], "RepoDigests": None})
    assert dangling.dangling and dangling.name == "<none>:<none>" and dangling.tags == ()
    pulled = parse.image_from_list({"Id": "sha256:b", "RepoTags": None, "RepoDigests": ["reg/app@sha256:c"]})
    assert pulled.name == "reg/app:<none>" and pulled.shared_size == -1


def test_networks():
    nets = {n.name: n for n in map(parse.network_from_api, FIXTURE["networks"])}
    rec = nets["rec-net"]
    assert rec.driver == "bridge" and rec.scope == "local" and ("team", "core") in rec.labels
    assert rec.subnets and rec.gateways and not rec.builtin
    assert nets["host"].builtin and nets["none"].builtin


def test_volume():
    (raw,) = FIXTURE["volumes"]
    v = parse.volume_from_api(raw)
    assert (v.name, v.driver, v.scope, v.id) == ("rec-vol", "local", "local", "rec-vol")
    assert v.mountpoint.endswith("/rec-vol/_data") and ("keep", "yes") in v.labels and not v.anonymous
    assert parse.volume_from_api({"Name": "f" * 64}).anonymous


def test_info_and_version():
    info = parse.info_from_api(FIXTURE["info"], FIXTURE["version"])
    assert info.api_version == "1.41" and info.min_api_version == "1.12"
    assert info.engine_version == FIXTURE["version"]["Version"]
    assert info.product == "Docker Engine" and info.os_type == "linux"
    assert info.ncpu >= 1 and info.mem_total > 0 and info.storage_driver
    assert info.cgroup_version in ("1", "2")
    assert any(kind == "Volume" and name == "local" for kind, name in info.plugins)



def test_the_daemons_clock_is_read_but_not_compared():
    """/info's SystemTime (the events stream opens ``since`` a moment of it): dockerd's UTC
    with nanoseconds, or an offset; two answers that differ only in it are the same info."""
    info = parse.info_from_api(FIXTURE["info"], FIXTURE["version"])
    assert info.system_time == parse.parse_time(FIXTURE["info"]["SystemTime"]) > 1.7e9
    later = parse.info_from_api(dict(FIXTURE["info"], SystemTime="2026-11-28T23:52:05.853381907+01:00"), FIXTURE["version"])
    assert later.system_time == pytest.approx(parse.parse_time("2026-11-28T22:52:05.853381Z"))
    assert later == info
    assert parse.info_from_api({}, {}).system_time == 0.0


def test_podman_is_recognised():
    version = dict(FIXTURE["version"], Platform={"Name": "linux/amd64/fedora-39"},
                   Components=[{"Name": "Podman Engine", "Version": "5.0.0"}])
    assert parse.info_from_api(FIXTURE["info"], version).product == "Podman Engine"


def test_snapshot():
    snap = parse.snapshot(FIXTURE["containers"], FIXTURE["images"], FIXTURE["networks"], FIXTURE["volumes"],
                          parse.info_from_api(FIXTURE["info"], FIXTURE["version"]))
    assert len(snap.containers) == 2 and len(snap.images) == 1 and len(snap.volumes) == 1


@pytest.mark.parametrize(
    "value, expected",
    [
        (1764370000, 1764370000.0),
        ("2025-11-28T23:40:14.123456789Z", 1764373214.123456),
        ("2025-11-28T23:40:14Z", 1764373214.0),
        ("2025-11-29T01:40:14.5+02:00", 1764373214.5),
        ("2025-11-29T00:40:14.25+0100", 1764373214.25),
        ("2025-11-28T23:40:14.123456789z", 1764373214.123456789),
        ("2025-11-28 23:40:14Z", 0.0),
        ("0001-01-01T00:00:00Z", 0.0),
        ("", 0.0),
        (None, 0.0),
        ("garbage", 0.0),
    ],
)
def test_parse_time(value, expected):
    assert parse.parse_time(value) == pytest.approx(expected, abs=1e-5)


def test_health_states():
    base = next(c for c in FIXTURE["containers"] if c["Names"] == ["/rec-web"])
    for status, health in (("Up 1 second (health: starting)", "starting"), ("Up 2 minutes (unhealthy)", "unhealthy"), ("Up 1 hour", None)):
        assert parse.container_from_list(dict(base, Status=status)).health == health


def test_hostile_strings_are_sanitised_everywhere():
    evil = "x\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m[/]y"
    raw = dict(next(c for c in FIXTURE["containers"] if c["Names"] == ["/rec-web"]))
    raw.update(Names=[f"/{evil}"], Image=evil, Command=evil, Status=evil, Labels={evil: evil})
    c = parse.container_from_list(raw)

    def strings(obj):
        for f in fields(obj):
            v = getattr(obj, f.name)
            if isinstance(v, str):
                yield v
            elif isinstance(v, tuple):
                for item in v:
                    if isinstance(item, str):
                        yield item
                    elif isinstance(item, tuple):
                        yield from (s for s in item if isinstance(s, str))

    for s in strings(c):
        assert "\x1b" not in s and "\x9b" not in s and "\x07" not in s, repr(s)
    assert "[/]" in c.name  # markup characters stay: the UI must render them as plain text


def test_missing_fields_do_not_crash():
    c = parse.container_from_list({"Id": "abc"})
    assert c.name == "abc" and c.state == "created" and c.ports == () and c.networks == ()
    assert parse.network_from_api({}).name == ""
    assert parse.info_from_api({}, {}).product == "Docker Engine"


def test_duplicate_ports_are_folded():
    raw = {"Id": "x", "Ports": [{"PrivatePort": 80, "Type": "tcp"}] * 2 + [{"PrivatePort": 53, "Type": "udp", "PublicPort": 53, "IP": "::"}]}
    c = parse.container_from_list(raw)
    assert c.ports == (Port(53, "udp", "::", 53), Port(80, "tcp"))
    assert str(c.ports[0]) == "53→53/udp"
