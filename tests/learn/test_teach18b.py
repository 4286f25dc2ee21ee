"""Issue 18, second pass: the union filesystem, the port path, bind mounts and tmpfs, live
memory against the limit with OOM markers, health checks read from inspect, Korean help and
palette. Every feature against the isolated daemon."""

from __future__ import annotations

import time

import pytest

from tui.domain import event_story as es

pytestmark = pytest.mark.daemon


# Health checks: Config.Healthcheck.Test from inspect, so a user's own exec is not hidden


def test_health_command_is_what_exec_events_show():
    assert es.health_command(["CMD-SHELL", "wget -q localhost"]) == "/bin/sh -c wget -q localhost"
    assert es.health_command(["CMD", "curl", "-f", "x"]) == "curl -f x"
    assert es.health_command(["NONE"]) is None and es.health_command(None) is None


async def test_a_users_exec_is_a_command_beside_hidden_health_checks(bed, daemon_client, make_app, until):
    from tui.screens.learn.events_timeline import EventsScreen

    cid = bed.run("hc", start=False, command=["sleep", "100000"],
                  healthcheck={"test": ["CMD-SHELL", "true"], "interval": 500_000_000, "start_period": 0})
    daemon_client.start(cid)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="synced")
        await until(pilot, lambda: app.state.containers[cid].health, timeout=20, what="health status")
        screen = EventsScreen()
        await app.push_screen(screen)
        await until(pilot, lambda: screen.checks.get(cid) == "/bin/sh -c true", what="the check read from inspect")
        ex = daemon_client.exec_create(cid, ["echo", "hello"])
        daemon_client.exec_start(ex["Id"])
        name = bed.name("hc")
        await until(pilot, lambda: any(s.kind == "exec" and s.command == f"docker exec {name} echo hello" for s in screen.stories),
                    what="the user's exec as a command")
        await until(pilot, lambda: any(s.kind == "health" and s.actor == cid for s in screen.stories), timeout=20, what="health runs")
        assert f"docker exec {name} echo hello" in [c.split("  (")[0] for c in screen.commands()]  # shown while checks are hidden
        assert not any(s.kind == "exec" and "/bin/sh -c true" in s.command for s in screen.stories)


# The union filesystem in the Layers view


async def test_layers_view_shows_overlay_dirs_whiteouts_mounts_and_stored_bytes(bed, daemon_client, make_app, until, tmp_path):
    import json
    import os
    import stat
    import urllib.request

    from tests.support.images import build_image
    from tui.screens.learn.layers import LayersScreen

    tag = bed.name("waste:1")
    build_image(daemon_client, tag, f"FROM {bed.image}\nRUN dd if=/dev/zero of=/big bs=1024 count=300 && echo keep > /keep\n"
                                    f"RUN rm /big\n")
    # Pushing makes the daemon record each layer's compressed digest (what a registry stores).
    registry = os.environ["DOCKYARD_TEST_REGISTRY"]
    pushed = f"{registry}/{bed.name('waste')}:1"
    daemon_client.tag(tag, f"{registry}/{bed.name('waste')}", "1")
    for _ in daemon_client.push(f"{registry}/{bed.name('waste')}", "1", stream=True, decode=True):
        pass
    req = urllib.request.Request(f"http://{registry}/v2/{bed.name('waste')}/manifests/1",
                                 headers={"Accept": "application/vnd.docker.distribution.manifest.v2+json"})
    manifest = json.load(urllib.request.urlopen(req, timeout=10))
    blob_digests = [layer["digest"] for layer in manifest["layers"]]

    daemon_client.create_volume(bed.name("data"))
    (tmp_path / "h").mkdir()
    hc = daemon_client.create_host_config(binds={bed.name("data"): {"bind": "/data", "mode": "rw"}, str(tmp_path / "h"): {"bind": "/hostdir", "mode": "ro"}},
                                          tmpfs={"/scratch": "size=8m"})
    cid = daemon_client.create_container(tag, ["sh", "-c", "rm /keep; echo hi > /data/f; sleep 100000"], name=bed.name("u"), host_config=hc)["Id"]
    daemon_client.start(cid)
    gd = daemon_client.inspect_container(cid)["GraphDriver"]["Data"]
    # The whiteout is really there: a character device 0/0 named keep in the upper dir.
    whiteout = os.path.join(gd["UpperDir"], "keep")
    st = wait_for_path(whiteout)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == 0

    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="listed")
        screen = LayersScreen("containers", app.state.containers[cid])
        await app.push_screen(screen)
        await until(pilot, lambda: screen.stack is not None and screen.union is not None, timeout=20, what="layers and union read")
        await pilot.pause()
        text = "\n".join(screen.lines())
        u = screen.union
        assert u.read_local and u.dirs.upper == gd["UpperDir"] and u.dirs.merged == gd["MergedDir"]
        assert u.dirs.lower == tuple(gd["LowerDir"].split(":")) and u.dirs.init_layer.endswith("-init/diff")
        for path in (gd["UpperDir"], gd["MergedDir"], gd["WorkDir"], u.dirs.init_layer):
            assert path in text
        assert "the -init layer" in text
        # D /keep is explained as the whiteout read from the real upper dir
        assert any(line.startswith("D /keep") and "whiteout: a character device 0/0 named keep" in line for line in text.splitlines())
        assert "/keep" in [w.path for w in u.whiteouts]
        # volume, bind and tmpfs mount points are marked as not in the layer
        assert f"volume {bed.name('data')} is mounted here: its files are not in this layer" in text
        assert "bind mount of the host's " + str(tmp_path / "h") in text
        assert "tmpfs (in memory)" in text and "/scratch" in text
        assert not any(line.startswith("A /data/f") for line in text.splitlines())  # the volume's file is not in the diff
        # 300 KiB added in layer 2 and deleted in layer 3 are still stored
        big = next(w for w in u.waste if w.path == "/big")
        assert big.size == 300 * 1024 and big.how == "deleted" and (big.added_in, big.removed_in) == (1, 2)
        assert "Deleted but stored: 300" in text and "/big  added in layer 2, deleted in layer 3" in text
        # compressed digests beside diff ids, equal to the registry's manifest
        recorded = [c.digest for diff_id in screen.stack.layers for c in u.compressed.get(diff_id.diff_id, ()) if registry in c.repository]
        assert sorted(set(recorded)) == sorted(set(blob_digests))
        assert all(d.split(":")[1][:12] in text for d in blob_digests)
        assert "does not return compressed layer digests" in text
    daemon_client.remove_image(pushed, force=True)


def wait_for_path(path):
    import os

    from tests.support.daemon import wait_for

    return wait_for(lambda: os.path.lexists(path) and os.lstat(path), timeout=10, what=path)


# cgroups in action: memory against the limit, OOM kills marked by the daemon's event


def test_memory_chart_tops_at_the_limit_and_marks_oom_kills():
    from tui.domain.memgraph import OOM_MARK, chart
    from tui.domain.models import StatsSample

    samples = [StatsSample(id="c", mem_usage=v * 1024 * 1024, mem_limit=16 * 1024 * 1024, at=float(i)) for i, v in enumerate([2, 8, 16, 1, 4])]
    c = chart(samples, [2.5], width=10, height=2, limit=16 * 1024 * 1024)
    assert c.limited and c.top == 16 * 1024 * 1024 and c.rows[0][2] == "█" and c.rows[0][0] == " "
    assert c.marks.index(OOM_MARK) == 3 and c.ooms == 1  # the first sample after the kill


async def test_isolation_view_draws_memory_against_the_limit_and_marks_the_oom_kill(bed, daemon_client, make_app, until):
    import docker

    from tui.domain.memgraph import OOM_MARK
    from tui.screens.learn.isolation import IsolationScreen

    # PID 1 survives: a child shell doubles a string until the kernel kills it, then again after a pause.
    hog = "while true; do (x=aaaaaaaa; while true; do x=$x$x; done); sleep 2; done"
    hc = daemon_client.create_host_config(mem_limit="24m", memswap_limit="24m")
    cid = daemon_client.create_container(bed.image, ["sh", "-c", "sleep 3; " + hog], name=bed.name("hog"), host_config=hc)["Id"]
    daemon_client.start(cid)
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="listed")
        screen = IsolationScreen(app.state.containers[cid])
        await app.push_screen(screen)
        await until(pilot, lambda: screen.report is not None and len(app.control.store.stats_history(cid)) >= 2, timeout=20, what="samples")
        text = str(screen.query_one("#iso-memory").render())
        assert "the top line is the limit, 24.0 MiB" in text or "the top line is the limit, 24 MiB" in text, text
        await until(pilot, lambda: screen.oom_times, timeout=60, what="an oom event")
        await until(pilot, lambda: OOM_MARK in screen.memory_chart().marks, timeout=20, what="the OOM marker")
        text = str(screen.query_one("#iso-memory").render())
        assert OOM_MARK in text and "OOM kill(s)" in text
        # the cgroup's own counter agrees (memory.oom_control / memory.events oom_kill)
        await until(pilot, lambda: screen.report is not None and (screen.report.oom_kills or 0) >= 1, timeout=20, what="oom_kill from the file")
        assert daemon_client.inspect_container(cid)["State"]["Running"]  # a child was killed, not the container


# The port path, bind mounts and tmpfs


def _proxies():
    import os

    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                argv = open(f"/proc/{name}/cmdline", "rb").read().split(b"\0")
            except OSError:
                continue
            if argv and argv[0].endswith(b"docker-proxy"):
                out[int(name)] = [a.decode() for a in argv if a]
    return out


async def test_port_card_walks_host_port_proxy_bridge_veth_to_the_container(bed, daemon_client, make_app, until):
    import os

    from textual.widgets import Tree

    from tui.screens.learn.concept import ConceptScreen
    from tui.screens.learn.relations import RelationsScreen

    net = daemon_client.create_network(bed.name("pnet"), driver="bridge")["Id"]
    hc = daemon_client.create_host_config(port_bindings={80: ("127.0.0.1",)}, network_mode=bed.name("pnet"))
    cid = daemon_client.create_container(bed.image, ["sleep", "100000"], name=bed.name("web"), ports=[80], host_config=hc)["Id"]
    daemon_client.start(cid)
    raw = daemon_client.inspect_container(cid)
    hport = raw["NetworkSettings"]["Ports"]["80/tcp"][0]["HostPort"]
    ip = raw["NetworkSettings"]["Networks"][bed.name("pnet")]["IPAddress"]
    pid = next(p for p, argv in _proxies().items() if argv[argv.index("-host-port") + 1] == hport)
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="listed")
        screen = RelationsScreen("containers", app.state.containers[cid])
        await app.push_screen(screen)
        tree = screen.query_one(Tree)

        def port_node():
            found = []

            def walk(node):
                if node.data is not None and node.data.kind == "port":
                    found.append(node)
                for child in node.children:
                    walk(child)

            walk(tree.root)
            return found[0] if found else None

        await until(pilot, port_node, what="the port in the map")
        tree.move_cursor(port_node())
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, ConceptScreen), what="the port card")
        card = app.screen
        assert card.concept == "port"
        await until(pilot, lambda: card.ports is not None, what="the port path read")
        text = card.card()
        assert f"client → 127.0.0.1:{hport} (host port) → docker-proxy pid {pid} → bridge br-" in text
        assert f"→ {ip}:80/tcp (container, network {bed.name('pnet')})" in text
        [p] = card.ports
        assert os.path.basename(os.readlink(f"/sys/class/net/{p.veth}/master")) == p.bridge == "br-" + net[:12]
        assert f"-host-port {hport} -container-ip {ip} -container-port 80" in text
        assert "No NAT rule: dockerd runs with --iptables=false" in text  # the bed runs dockerd --iptables=false


async def test_bind_and_tmpfs_cards_show_inspect_and_the_kernels_mountinfo(bed, daemon_client, make_app, until, tmp_path):
    from tui.screens.learn.concept import ConceptScreen

    host_dir = tmp_path / "shared"
    host_dir.mkdir()
    hc = daemon_client.create_host_config(binds={str(host_dir): {"bind": "/srv", "mode": "ro"}}, tmpfs={"/scratch": "size=8m"})
    cid = daemon_client.create_container(bed.image, ["sleep", "100000"], name=bed.name("mnt"), host_config=hc)["Id"]
    daemon_client.start(cid)
    pid = daemon_client.inspect_container(cid)["State"]["Pid"]
    mountinfo = open(f"/proc/{pid}/mountinfo").read()
    tmpfs_line = next(line for line in mountinfo.splitlines() if line.split()[4] == "/scratch")
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="listed")
        c = app.state.containers[cid]
        app.control.nav.open_learn("concept", "containers", c, concept="bind")
        await until(pilot, lambda: isinstance(app.screen, ConceptScreen) and app.screen.mounts is not None, what="bind card read")
        text = app.screen.card()
        assert "The host owns it" in text and "`docker volume rm` leave it alone" in text
        assert f"/srv ← host path {host_dir} (read-only, owner uid {host_dir.stat().st_uid})" in text
        assert f"the kernel (/proc/{pid}/mountinfo): ext4" in text or f"the kernel (/proc/{pid}/mountinfo): " in text
        assert "ro" in next(line for line in text.splitlines() if "mountinfo" in line).split()[-1].split(",")
        await pilot.press("escape")
        app.control.nav.open_learn("concept", "containers", c, concept="tmpfs")
        await until(pilot, lambda: isinstance(app.screen, ConceptScreen) and app.screen.concept == "tmpfs" and app.screen.mounts is not None,
                    what="tmpfs card read")
        text = app.screen.card()
        assert "/scratch: in memory (size=8m)" in text
        kernel = next(line for line in text.splitlines() if "mountinfo" in line)
        assert kernel.startswith(f"the kernel (/proc/{pid}/mountinfo): tmpfs") and "size=8192k" in kernel and "size=8192k" in tmpfs_line


# Korean: the help screen, the command palette and the pull screen under --lang ko

# Terms a Korean class keeps in English: commands, file and flag names, key names.
_TERMS = {"docker", "dockerd", "containerd", "runc", "pull", "push", "compose", "inspect", "id", "cli", "system", "df", "-v", "ssh", "url",
          "config.toml", "oom", "unhealthy", "f1", "arch", "diff", "seccomp", "apparmor", "cgroup", "capability", "key", "value", "label",
          "k", "v", "up", "down", "restart", "recreate", "build", "config", "registry", "team", "app", "esc", "ctrl", "p", "q", "tag", "ctrl+p",
          "click", "wheel"}


def _plain(renderable) -> str:
    import io

    from rich.console import Console

    console = Console(width=160, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def _english_words(text: str) -> list[str]:
    import re

    text = re.sub(r"docker( [a-z]+)+", "", text)  # a command is a command in both languages
    words = re.findall(r"[A-Za-z][A-Za-z+.\-]*", text)
    return [w for w in words if w.lower().strip(".") not in _TERMS and not w.isupper()]


def test_every_translated_binding_keeps_its_english_on_the_binding():
    """The English column of tui/i18n_ui equals the Binding's own text (the keymap and footer read it)."""
    from tui.app import DockyardApp
    from tui.i18n_ui import BINDINGS
    from tui.screens.dashboard import DashboardScreen
    from tui.widgets.pane_table import PaneTable

    import importlib
    import inspect
    import pkgutil

    import tui.screens.learn as learn

    seen = {b.id: b for b in list(DashboardScreen.BINDINGS) + list(DockyardApp.BINDINGS) + list(PaneTable.BINDINGS)}
    for m in pkgutil.iter_modules(learn.__path__):
        mod = importlib.import_module(f"tui.screens.learn.{m.name}")
        for obj in vars(mod).values():
            if inspect.isclass(obj) and obj.__module__ == mod.__name__:
                for b in getattr(obj, "BINDINGS", ()):
                    if getattr(b, "id", None):
                        seen.setdefault(b.id, b)  # learn.concept: the dashboard's text (same id, same key)
    for bid, binding in seen.items():
        assert bid in BINDINGS, f"{bid} has no Korean"
        en, tip, _, _ = BINDINGS[bid]
        assert (en, tip) == (binding.description, binding.tooltip), bid


async def test_help_and_palette_render_in_korean_with_no_english_left(bed, make_app, until):
    from textual.widgets import Static

    from tui.commands import DockyardCommands
    from tui.commands_learn import LearnCommands
    from tui.screens.dialogs.help import HelpScreen

    cid = bed.run("ko")
    app = make_app(lang="ko")
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="listed")
        dash = app.screen
        dash.pane("containers").select_key(cid)
        await pilot.pause()
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        help_screen = app.screen
        rows = dash.help_rows()
        custom = {r[2] for r in dash.custom_help_rows()}
        for group, keys, text, _ in rows:
            if text in custom:
                continue  # the user's own [[commands]]
            assert not _english_words(text), (keys, text)
        rendered = "\n".join(_plain(s.content) for s in help_screen.query(Static))
        assert "키 — 대시보드" in rendered and "흐린 키는" in rendered and "컨테이너 중지" in rendered
        assert "Stop the container" not in rendered and "Command palette" not in rendered
        await pilot.press("escape")
        name = bed.name("ko")
        entries = list(DockyardCommands(dash)._commands()) + list(LearnCommands(dash)._commands())
        names = {n for n, _, _ in entries}
        assert f"중지 {name}" in names and f"이동: 컨테이너 {name}" in names and "수업" in names and "아키텍처 (:arch)" in names
        for entry, help_text, _ in entries:
            if entry.startswith("이동: "):  # other objects' names on the shared bed: the template part is Korean
                assert " 선택 (" in help_text and not entry.startswith("go to"), entry
                continue
            for text in (entry, help_text):
                assert not _english_words(text.replace(name, "").replace(bed.image, "").replace(cid[:12], "")), text
        # The palette itself shows them: type a Korean word, pick it, and it acts
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"관계 지도")
        await pilot.pause(0.5)
        await pilot.press("enter")
        from tui.screens.learn.relations import RelationsScreen

        await until(pilot, lambda: isinstance(app.screen, RelationsScreen), what="the map opened from a Korean palette entry")
        # A learning view's own help (`?`) is Korean too
        from tui.screens.dialogs.help import screen_rows

        rows = screen_rows(app.screen)
        left = [text for _, _, text, _ in rows if _english_words(text)]
        assert rows and not left, left
        assert any("관계 지도" in text or "레이어" in text for _, _, text, _ in rows)


async def test_pull_screen_speaks_korean(bed, make_app, until):
    import os

    from textual.widgets import Input, Label, Static

    from tui.screens.dialogs.forms import FormScreen
    from tui.screens.objects.pull_push import LayerRow, TransferScreen

    from tests.support.images import build_image

    registry = os.environ["DOCKYARD_TEST_REGISTRY"]
    ref = f"{registry}/{bed.name('ko')}:1"
    build_image(bed.client, ref, f"FROM {bed.image}\nRUN echo {bed.prefix} > /unique\n")
    for _ in bed.client.push(f"{registry}/{bed.name('ko')}", "1", stream=True, decode=True):
        pass
    bed.client.remove_image(ref, force=True)  # gone locally: the pull downloads its own layer, the base one already exists
    app = make_app(lang="ko")
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced, what="synced")
        app.control.flows.pull()
        await until(pilot, lambda: isinstance(app.screen, FormScreen) and app.screen.query("#form-title"), what="pull form")
        form = app.screen
        text = " ".join(_plain(w.content) for w in form.query(Label))
        assert "이미지 pull" in text and "이미지 참조" in text and "Image reference" not in text
        assert str(form.query_one("#form-cancel").label) == "취소"
        form.query_one(Input).value = ref
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TransferScreen), what="transfer screen")
        screen = app.screen
        await until(pilot, lambda: "pull 완료" in _plain(screen.query_one("#transfer-status").content), timeout=30, what="pull done")
        title = _plain(screen.query_one(".screen-title").content).strip()
        assert title == f"pull: {ref}"
        statuses = [_plain(row.query_one(".layer-status").content).strip() for row in screen.query(LayerRow)]
        assert statuses and all(not _english_words(s) for s in statuses), statuses
        assert "뒤로" in _plain(screen.query_one("#transfer-keys").content)
    bed.client.remove_image(ref, force=True)


# Pure parts: flags, NAT rules, whiteouts, opaque directories


def test_daemon_flags_from_the_command_line_then_daemon_json():
    from tui.domain.port_path import daemon_flags

    assert daemon_flags(["dockerd", "--iptables=false"]).iptables is False
    assert daemon_flags(["dockerd", "--iptables", "false"]).iptables is False
    assert daemon_flags(["dockerd"], {"iptables": False}).iptables is False
    assert daemon_flags(["dockerd"]).iptables is True and daemon_flags(["dockerd", "--userland-proxy=false"]).userland_proxy is False


def test_nat_rule_is_matched_to_its_port():
    from tui.domain.port_path import DaemonFlags, PortPath, with_nat

    p = PortPath("80/tcp", "0.0.0.0", "8080", "web", "172.18.0.2")
    rules = ["-A DOCKER ! -i br-1 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:80",
             "-A DOCKER ! -i br-1 -p tcp -m tcp --dport 9090 -j DNAT --to-destination 172.18.0.3:80"]
    [found] = with_nat([p], DaemonFlags(True, True), rules)
    assert found.nat == "rule" and "--dport 8080" in found.nat_rule
    assert with_nat([p], DaemonFlags(True, True), None)[0].nat == "unknown"
    assert with_nat([p], DaemonFlags(False, True), rules)[0].nat == "disabled"


def test_opaque_directory_hides_the_lower_files_as_stored_bytes():
    from tui.domain.unionfs import LayerFiles, Whiteout, stored_waste

    layers = [LayerFiles({"/app/a": 10, "/app/b": 20, "/keep": 1}), LayerFiles({"/app/c": 5}, (Whiteout("/app", opaque=True),))]
    waste = stored_waste(layers)
    assert {(w.path, w.size, w.how) for w in waste} == {("/app/a", 10, "deleted"), ("/app/b", 20, "deleted")}


async def test_dashboard_footer_and_column_headers_in_korean(bed, make_app, until):
    """Under --lang ko the footer's keys and the panes' column headers are Korean, and the
    footer still fits at 80 columns (Korean takes two cells a syllable)."""
    from tests.ui.helpers import pane, shown

    cid = bed.run("ko-cols")
    for size in ((160, 45), (80, 24)):
        app = make_app(lang="ko")
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda: app.state.synced and shown(app, cid), what="rows")
            await pilot.pause(0.3)
            text = app.export_screenshot()
            assert "이름" in text and "상태" in text, "column headers"
            footer_keys = {str(ab.binding.description) for ab in app.screen.active_bindings.values() if ab.binding.show}
            assert "도움말" in footer_keys and "종료" in " ".join(footer_keys), footer_keys
            assert not any(d in footer_keys for d in ("Help", "Quit", "Filter")), footer_keys
            p = pane(app)
            assert p._widths.get("name", 0) >= 4  # the Korean header's two cells a syllable fit
