"""Pure parts of images/networks/volumes/compose/disk: form parsing, progress folding,
df maths, project grouping."""

from __future__ import annotations

import pytest

from tui.domain import compose, run_spec, docker_cli, transfer as tr
from tui.domain.disk import usage_from_df
from tui.domain.models import Container


def test_run_spec_parses_cli_like_fields():
    spec = run_spec.build(
        "busybox:latest",
        name="web-1",
        command="sh -c 'echo hi'",
        env="A=1 B='two words'",
        ports="8080:80, 127.0.0.1:8443:443/tcp 53/udp",
        volumes="data:/data /srv:/srv:ro",
        network="backend",
        restart="always",
    )
    assert spec.command == ("sh", "-c", "echo hi")
    assert spec.env == (("A", "1"), ("B", "two words"))
    assert [p.cli() for p in spec.ports] == ["8080:80", "127.0.0.1:8443:443", "53/udp"]
    assert [v.cli() for v in spec.volumes] == ["data:/data", "/srv:/srv:ro"]
    assert docker_cli.line("run", *spec.cli_args()) == (
        "docker run -d --name web-1 -p 8080:80 -p 127.0.0.1:8443:443 -p 53/udp -e A=1 -e 'B=two words' "
        "-v data:/data -v /srv:/srv:ro --network backend --restart always busybox:latest sh -c 'echo hi'"
    )


@pytest.mark.parametrize(
    "field,value,needle",
    [("ports", "80:99999", "out of range"), ("ports", "x:80", "ports"), ("volumes", "data", "volumes"), ("env", "NOVALUE", "env"), ("name", "bad name!", "name")],
)
def test_run_spec_names_the_bad_field(field, value, needle):
    with pytest.raises(run_spec.SpecError) as info:
        run_spec.build("img", **{field: value})
    assert needle in str(info.value)


def test_progress_folds_layers_and_keeps_byte_counts():
    p = tr.Progress()
    for raw in [
        {"status": "Pulling from x", "id": "1"},
        {"status": "Pulling fs layer", "id": "abc"},
        {"status": "Downloading", "id": "abc", "progressDetail": {"current": 50, "total": 200}},
        {"status": "Download complete", "id": "abc"},
        {"status": "Already exists", "id": "def"},
    ]:
        p = p.advance(tr.fact_from_stream(raw))
    abc = p.layers[0]
    assert (abc.layer, abc.current, abc.total) == ("abc", 50, 200)
    assert p.layers[1].done and p.layers[1].fraction == 1.0
    p = p.advance(tr.fact_from_stream({"status": "Pull complete", "id": "abc"}))
    assert p.fraction == 1.0
    failed = p.advance(tr.fact_from_stream({"error": "boom\x1b[31m", "errorDetail": {"message": "boom"}}))
    assert failed.error.startswith("boom") and "\x1b" not in failed.error and failed.finished


def test_disk_usage_maths_like_the_cli():
    raw = {
        "LayersSize": 1000,
        "Images": [
            {"Id": "a", "Size": 600, "SharedSize": 100, "Containers": 1},
            {"Id": "b", "Size": 400, "SharedSize": 100, "Containers": 0},
        ],
        "Containers": [{"Id": "c1", "State": "running", "SizeRw": 30}, {"Id": "c2", "State": "exited", "SizeRw": 20}],
        "Volumes": [{"Name": "v1", "UsageData": {"Size": 10, "RefCount": 1}}, {"Name": "v2", "UsageData": {"Size": 5, "RefCount": 0}}, {"Name": "v3", "UsageData": {"Size": -1, "RefCount": -1}}],
        "BuildCache": [{"ID": "x", "Size": 7, "InUse": True, "Shared": False}, {"ID": "y", "Size": 3, "InUse": False, "Shared": False}],
    }
    rows = [c.cli_row() for c in usage_from_df(raw).summary()]
    assert rows == [
        {"Type": "Images", "TotalCount": "2", "Active": "1", "Size": "1kB", "Reclaimable": "500B (50%)"},
        {"Type": "Containers", "TotalCount": "2", "Active": "1", "Size": "50B", "Reclaimable": "20B (40%)"},
        {"Type": "Local Volumes", "TotalCount": "3", "Active": "1", "Size": "15B", "Reclaimable": "5B (33%)"},
        {"Type": "Build Cache", "TotalCount": "2", "Active": "1", "Size": "10B", "Reclaimable": "3B"},
    ]


def _c(cid, project="", service="", state="running"):
    labels = tuple(sorted(((compose.PROJECT_LABEL, project), (compose.SERVICE_LABEL, service)))) if project else ()
    return Container(id=cid, name=cid, image="img", state=state, labels=labels)


def test_grouping_by_project_label():
    projects = compose.group([_c("a1", "shop", "web"), _c("a2", "shop", "db", "exited"), _c("b1", "blog", "web"), _c("lone")])
    assert [p.name for p in projects] == ["blog", "shop"]
    shop = projects[1]
    assert shop.services == ("db", "web") and shop.container_ids == ("a2", "a1")
    assert (shop.running, shop.total, shop.state) == (1, 2, "partial")
    assert compose.is_header_key(shop.key) and not compose.is_header_key("a1")
    assert docker_cli.compose("shop", "stop") == "docker compose -p shop stop"
