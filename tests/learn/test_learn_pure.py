"""Pure parts of the learning views: translations, lifecycle sentences, relations, layers,
isolation verdicts, cgroup readings, concept cards. No daemon."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.learn import fake_state
from tui import i18n
from tui.domain import isolation as iso, layers, lifecycle as lc, relations as rel
from tui.domain.changes import DaemonEvent
from tui.engine import introspect

ROOT = Path(i18n.__file__).parent


def _event(type_: str, action: str, **attrs) -> DaemonEvent:
    return DaemonEvent(type_, action, "4" * 64, tuple(sorted(attrs.items())), 1_700_000_000.0)


# Translations


def test_every_literal_key_exists_in_both_languages():
    """Every tr("...")/self.t("...") literal in the learning views is in the table, Korean included."""
    files = [ROOT / "control" / "navigation.py", *(ROOT / "screens").glob("*.py"), ROOT / "domain" / "relations.py", ROOT / "domain" / "lifecycle.py"]
    pattern = re.compile(r"""(?:\btr|self\.t)\(\s*f?["']([a-z_][a-z0-9_.\-]*)["']""")
    used = set()
    for path in files:
        used |= set(pattern.findall(path.read_text()))
    # keys that are data rather than literals
    used |= {n for path in files for n in re.findall(r'"((?:rel|impact|iso\.why)\.[a-z_.]+)"', path.read_text())}
    missing = sorted(k for k in used if not i18n.has(k) and not k.endswith((".", "_")))  # prefixes of f-strings are checked below
    assert not missing, missing
    untranslated = sorted(k for k in i18n.keys() if not i18n._T[k][1])
    assert not untranslated


def test_templates_have_the_same_fields_in_both_languages():
    for key in i18n.keys():
        en, ko = i18n._T[key]
        assert set(re.findall(r"{(\w+)}", en)) == set(re.findall(r"{(\w+)}", ko)), key


def test_missing_parameter_is_visible_not_an_error():
    assert i18n.tr("title.map", "en") == "Relationship map — …"
    assert i18n.tr("no.such.key", "ko") == "no.such.key"


def test_dynamic_keys_exist():
    for s in lc.STATES + ("removing",):
        assert i18n.has(f"state.{s}")
    for t in lc.TRANSITIONS:
        assert i18n.has(f"edge.{t.verb}")
    for ns in iso.NAMESPACES:
        assert i18n.has(f"iso.ns.{ns}")
    for lim in ("memory", "cpus", "cpu_quota", "cpu_shares", "pids"):
        assert i18n.has(f"iso.limit.{lim}")
    for kind in rel.Node.__annotations__ and ("container", "image", "network", "volume", "bind", "tmpfs", "port"):
        assert i18n.has(f"kind.{kind}")
    for (etype, action) in lc._COMMANDS:
        assert i18n.has(f"event.{etype}.{action}"), (etype, action)


# Lifecycle


@pytest.mark.parametrize(
    "event, en, command",
    [
        (_event("container", "create", name="web", image="busybox"), "container web was created from image busybox (not started yet)", "docker create --name web busybox"),
        (_event("container", "start", name="web"), "container web started: its main process is running", "docker start web"),
        (_event("container", "die", name="web", exitCode="137"), "container web stopped: exit code 137, killed by SIGKILL", ""),
        (_event("container", "die", name="web", exitCode="0"), "container web stopped: exit code 0, finished normally", ""),
        (_event("container", "destroy", name="web"), "container web was removed, with its writable layer", "docker rm web"),
        (_event("container", "kill", name="web", signal="15"), "container web was sent SIGTERM", "docker kill --signal SIGTERM web"),
        (_event("network", "connect", name="front", container="1" * 64), f"container {'1' * 12} was connected to network front", f"docker network connect front {'1' * 12}"),
        (_event("container", "exec_start: sh -c ls", name="web"), "a command started inside container web", "docker exec web …"),
        (_event("thing", "wobble", name="x"), "thing x: wobble", ""),
    ],
)
def test_events_are_explained_with_their_command(event, en, command):
    ex = lc.explain(event)
    assert i18n.explain(ex, "en") == en
    assert ex.command == command
    ko = i18n.explain(ex, "ko")
    assert ko and (ko != en or event.type == "thing")


def test_container_ids_in_events_become_names():
    ex = lc.explain(_event("network", "disconnect", name="front", container="1" * 64), names={"1" * 64: "web"})
    assert i18n.explain(ex, "en") == "container web was disconnected from network front"


def test_moves_from_running_include_the_dashboard_keys():
    moves = {(m.verb, m.target, m.key) for m in lc.moves_from("running")}
    assert ("pause", "paused", "p") in moves and ("stop", "exited", "s") in moves and ("kill", "exited", "K") in moves


# Relations


def test_container_map_lists_image_networks_mounts_ports():
    st = fake_state.state()
    root = rel.build(st, "containers", "1" * 64)
    flat = [(n.kind, n.label, n.detail) for n in root.walk()]
    assert ("image", "shop/app:1", "a" * 12) in flat
    assert ("network", "front", "172.19.0.2  aka shop") in flat
    assert ("network", "back", "172.20.0.2") in flat
    assert ("volume", "shop-data", "→ /data (rw)") in flat
    assert ("bind", "/srv/app.conf", "→ /etc/app.conf (ro)") in flat
    assert ("port", "8080→80/tcp", "") in flat


def test_configured_bindings_and_aliases_fill_in_from_inspect():
    raw = {"Id": "5" * 64, "NetworkSettings": {"Networks": {"front": {"Aliases": ["api", "5" * 12]}}},
           "HostConfig": {"PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "8081"}], "53/udp": None}}}
    d = rel.detail_from_inspect(raw)
    assert d.aliases_on("front") == ("api",)
    assert [str(p) for p in d.bindings] == ["8081→80/tcp"]


def test_network_removal_impact_lists_exactly_its_containers():
    st = fake_state.state()
    impact = rel.removal_impact(st, "networks", fake_state.NET_BACK)
    assert sorted(name for _, name, _ in impact.containers) == ["web", "worker"]
    assert impact.blocked and impact.running == 1
    assert "impact.network.in_use" in impact.notes
    none_net = rel.removal_impact(st, "networks", "9" * 64)
    assert none_net.containers == () and "impact.network.builtin" in none_net.notes


def test_image_and_volume_impact():
    st = fake_state.state()
    base = rel.removal_impact(st, "images", fake_state.BASE)
    assert base.containers == () and {n for _, n in base.images} == {"shop/app:1", "shop/cron:1"}
    vol = rel.removal_impact(st, "volumes", "shop-data")
    assert {n for _, n, _ in vol.containers} == {"web", "worker"}
    assert rel.removal_impact(st, "volumes", "spare").containers == ()


def test_network_map_goes_back_to_containers_and_images():
    st = fake_state.state()
    root = rel.build(st, "networks", fake_state.NET_FRONT)
    names = [(n.kind, n.label) for n in root.walk()]
    assert ("container", "web") in names and ("container", "cron") in names and ("image", "shop/cron:1") in names
    assert ("container", "worker") not in names


# Layers


def test_stack_matches_history_to_layers_and_marks_shared_chains():
    inspect_a = {"RootFS": {"Layers": ["sha256:base", "sha256:a"]}}
    history_a = [
        {"CreatedBy": '/bin/sh -c #(nop)  CMD ["sh"]', "Size": 0},
        {"CreatedBy": "/bin/sh -c echo a > /a", "Size": 2},
        {"CreatedBy": "", "Comment": "Imported from -", "Size": 1984172},
    ]
    st = layers.stack("A", "a:1", inspect_a, history_a)
    assert [(l.created_by, l.size) for l in st.layers] == [("Imported from -", 1984172), ("RUN echo a > /a", 2)]
    assert st.metadata == ('CMD ["sh"]',)
    chains = {"A": (("sha256:base", "sha256:a"), "a:1"), "B": (("sha256:base", "sha256:b"), "b:1"),
              "X": (("sha256:other", "sha256:a"), "x:1"), "BASE": (("sha256:base",), "busybox")}
    marked = layers.mark_shared([st], chains)[0]
    assert marked.layers[0].shared_with == ("b:1", "busybox")
    assert marked.layers[1].shared_with == ()  # same diff id on a different chain is not shared
    assert layers.shared_between(chains)["A"] == 1


def test_diff_entries():
    changes = layers.changes_from_diff([{"Kind": 1, "Path": "/newfile"}, {"Kind": 0, "Path": "/etc"}, {"Kind": 2, "Path": "/gone"}])
    assert [(c.kind, c.path) for c in changes] == [("C", "/etc"), ("D", "/gone"), ("A", "/newfile")]


# Isolation


def test_isolation_from_inspect_and_measured_verdicts():
    raw = {"Id": "6" * 64, "Name": "/db", "State": {"Status": "running", "Pid": 4242},
           "HostConfig": {"NetworkMode": "container:" + "7" * 64, "PidMode": "host", "IpcMode": "private", "CapAdd": ["NET_ADMIN"],
                          "CapDrop": ["MKNOD"], "SecurityOpt": ["seccomp=unconfined", "no-new-privileges:true"], "ReadonlyRootfs": True,
                          "Memory": 64 << 20, "NanoCpus": 500_000_000, "PidsLimit": 100, "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 3}}}
    report = iso.from_inspect(raw)
    assert report.namespace("net").verdict == "shared" and report.namespace("pid").verdict == "host"
    assert report.seccomp == "unconfined" and report.no_new_privileges and report.readonly_rootfs
    assert report.limit("memory").limit == 64 << 20 and report.limit("cpus").limit == 0.5 and report.limit("pids").limit == 100
    own = {"pid": "pid:[1]", "net": "net:[2]", "mnt": "mnt:[3]", "uts": "uts:[4]"}
    host = {"pid": "pid:[1]", "net": "net:[9]", "mnt": "mnt:[9]", "uts": "uts:[9]"}
    judged = iso.judge(report, own, host, {"app": {"net": "net:[2]"}})
    assert judged.local
    assert judged.namespace("pid").verdict == "host"
    assert judged.namespace("net").verdict == "shared" and judged.namespace("net").shared_with == ("app",)
    assert judged.namespace("uts").verdict == "private" and judged.namespace("uts").identity == "uts:[4]"


def _fake_proc(tmp_path, lines: str) -> Path:
    proc = tmp_path / "proc"
    (proc / "77").mkdir(parents=True)
    (proc / "77" / "cgroup").write_text(lines)
    return proc


def test_cgroup_v1_usage(tmp_path):
    cid = "8" * 64
    proc = _fake_proc(tmp_path, f"9:memory:/docker/{cid}\n8:pids:/docker/{cid}\n1:name=systemd:/docker/{cid}\n")
    root = tmp_path / "cg"
    (root / "memory" / "docker" / cid).mkdir(parents=True)
    (root / "memory" / "docker" / cid / "memory.usage_in_bytes").write_text("1048576\n")
    (root / "pids" / "docker" / cid).mkdir(parents=True)
    (root / "pids" / "docker" / cid / "pids.current").write_text("3\n")
    usage, version = introspect.cgroup_usage(77, proc, root)
    assert version == "1" and usage == {"memory": 1048576.0, "pids": 3.0}


def test_cgroup_v2_usage(tmp_path):
    proc = _fake_proc(tmp_path, "0::/system.slice/docker-abc.scope\n")
    base = tmp_path / "cg" / "system.slice" / "docker-abc.scope"
    base.mkdir(parents=True)
    (base / "memory.current").write_text("2048\n")
    (base / "pids.current").write_text("max\n")
    usage, version = introspect.cgroup_usage(77, proc, tmp_path / "cg")
    assert version == "2" and usage == {"memory": 2048.0}


# Concept cards


def test_image_card_is_tied_to_the_live_object_in_both_languages():
    from tui.screens.learn.concept import card_lines

    st = fake_state.state()
    img = st.images[fake_state.APP_A]
    en = card_lines("image", img, st, "en", stack=fake_state.app_stack())
    assert "This image has 3 layer(s); 1 are shared with busybox:latest, shop/cron:1." in en
    assert "shop/app:1 is 1.9 MiB; 2 container(s) use it." in en
    ko = card_lines("image", img, st, "ko", stack=fake_state.app_stack())
    assert "이 이미지의 레이어는 3개이며, 그중 1개를 다른 이미지와 공유합니다: busybox:latest, shop/cron:1." in ko


def test_namespace_and_cgroup_cards_use_the_isolation_report():
    from tui.screens.learn.concept import card_lines

    raw = {"Id": "6" * 64, "Name": "/db", "State": {"Status": "running", "Pid": 4242}, "HostConfig": {"Memory": 64 << 20}}
    report = iso.judge(iso.from_inspect(raw), {"pid": "pid:[1]", "net": "net:[2]", "user": "user:[3]"}, {"user": "user:[3]"}, {})
    report = iso.with_usage(report, {"memory": 1 << 20, "pids": 3}, "1")
    st = fake_state.state()
    ns = card_lines("namespace", None, st, "en", isolation=report)
    assert "db: private pid, net, mnt, uts, ipc, cgroup; the host's user, time; shared none." in ns
    cg = card_lines("cgroup", None, st, "ko", isolation=report)
    assert "db: 메모리 제한 64.0 MiB, 사용 1.0 MiB; 프로세스 3개." in cg
