"""``-H [NAME=]URL`` given several times: names, addresses, unique keys (a name could not hold
``=``: a leftover of earlier notes)."""

from __future__ import annotations

import pytest

from tui.domain.errors import DockerError
from tui.engine.hosts import fleet_sources, split_host_spec


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("unix:///run/a.sock", ("", "unix:///run/a.sock")),
        ("prod=ssh://deploy@prod", ("prod", "ssh://deploy@prod")),
        ("env=eu=ssh://h", ("env=eu", "ssh://h")),
        ("a=b=/run/d.sock", ("a=b", "/run/d.sock")),
        ("lab=h:2375", ("lab", "h:2375")),
        ("/run/d.sock", ("", "/run/d.sock")),
        ("unix:///x=y/d.sock", ("", "unix:///x=y/d.sock")),
        ("tcp://h:1/?a=b", ("", "tcp://h:1/?a=b")),
    ],
)
def test_a_host_spec_splits_at_the_names_end(spec, expected):
    assert split_host_spec(spec) == expected


def test_fleet_keys_are_the_names_or_short_addresses_and_unique():
    fleet = fleet_sources(["env=eu=unix:///run/a/docker.sock", "unix:///run/b/docker.sock", "b=tcp://127.0.0.1:2375", "ssh://u@box"], env={})
    assert [k for k, _ in fleet] == ["env=eu", "b", "b-2", "box"]
    assert [ep.host for _, ep in fleet] == ["unix:///run/a/docker.sock", "unix:///run/b/docker.sock", "tcp://127.0.0.1:2375", "ssh://u@box"]
    assert all(ep.name == k for k, ep in fleet)


def test_a_hostile_name_is_cleaned_and_a_bad_address_refused():
    ((key, _),) = fleet_sources(["ev\x1b]0;x\x07il=unix:///s"], env={})
    assert "\x1b" not in key and "\x07" not in key and key.startswith("ev")
    with pytest.raises(DockerError) as info:
        fleet_sources(["x=tcp://h:abc"], env={})
    assert "cannot parse the daemon address" in info.value.message
