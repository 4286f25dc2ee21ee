"""Issue 18 / 15.13: the statements the learning views make are true. Event stories are
checked on the real daemon's events; lifecycle edges, cards and Korean are pure."""

from __future__ import annotations

import time

import docker
import pytest

from tui import i18n
from tui.domain import event_story as es, lifecycle as lc
from tui.engine.events import normalise

# Lifecycle


def edges():
    return {(t.source, t.target, t.verb) for t in lc.TRANSITIONS}


def test_restart_is_stop_plus_start_not_restarting():
    assert ("running", "restarting", "restart") not in edges()
    assert ("running", "running", "restart") in edges()
    assert ("exited", "restarting", "policy") in edges() and ("restarting", "running", "policy") in edges()
    assert "stop + start" in i18n.tr("life.restart_truth", "en")


def test_missing_edges_are_drawn():
    for edge in [("image", "created", "create"), ("image", "running", "run"), ("running", "exited", "exit"),
                 ("paused", "exited", "stop"), ("created", "removed", "remove"), ("dead", "removed", "remove")]:
        assert edge in edges(), edge


def test_die_has_no_command_and_stop_is_not_a_kill():
    die = _ev("container", "die", name="web", exitCode="0")
    assert lc.explain(die).command == ""


def _ev(etype, action, t=0.0, actor="c1", **attrs):
    from tui.domain.changes import DaemonEvent

    return DaemonEvent(etype, action, actor, tuple(sorted(attrs.items())), t)


def test_untag_does_not_show_the_id_as_the_tag():
    untag = _ev("image", "untag", actor="sha256:" + "a" * 64, name="sha256:" + "a" * 64)
    [s] = es.group([untag])
    assert i18n.story(s, "en") == "a tag was removed from image " + "a" * 12
    assert i18n.story(s, "en", ("shop:1",)) == "tag shop:1 was removed from image " + "a" * 12


def test_automatic_network_steps_are_not_commands():
    evs = [_ev("container", "create", 0, name="web", image="busybox"), _ev("network", "connect", 0.01, actor="n1", name="bridge", container="c1"),
           _ev("container", "start", 0.05, name="web")]
    [s] = es.group(evs)
    assert s.kind == "run" and s.command.startswith("docker run") and s.steps == 3
    alone = es.group([_ev("network", "connect", 100, actor="n1", name="front", container="c1")], names={"c1": "web"})
    assert alone[0].command == "docker network connect front web"


def test_health_check_runs_are_their_own_stories_hidden_by_default():
    evs = [_ev("container", "exec_create: /bin/sh -c true", 0, name="web", execID="e1"),
           _ev("container", "exec_start: /bin/sh -c true", 0.01, name="web", execID="e1"),
           _ev("container", "exec_die", 0.2, name="web", execID="e1", exitCode="0")]
    [s] = es.group(evs, healthchecks={"c1": "/bin/sh -c true"})
    assert s.kind == "health" and s.automatic


# The real daemon's events


def _events(client, since, until_):
    return [normalise(e) for e in client.events(since=since, until=until_, decode=True)]


def _stories(client, since, cid, **kw):
    evs = [e for e in _events(client, since, time.time() + 0.5) if cid in (e.actor_id, e.attr("container"))]
    return es.group(evs, **kw)


pytestmark_daemon = pytest.mark.daemon


@pytest.mark.daemon
def test_docker_run_stop_kill_exit_are_named(bed, daemon_client):
    since = time.time() - 1
    # A process that ignores SIGTERM: docker stop -t 1 needs SIGKILL.
    cid = daemon_client.create_container(bed.image, ["sh", "-c", "trap '' TERM; while true; do sleep 1; done"], name=bed.name("stubborn"),
                                         stop_signal="SIGTERM")["Id"]
    daemon_client.start(cid)
    time.sleep(0.5)
    daemon_client.stop(cid, timeout=1)
    time.sleep(2.5)
    daemon_client.start(cid)
    time.sleep(0.5)
    daemon_client.kill(cid)
    time.sleep(2.5)
    quick = bed.run("quick", start=False, command=["sh", "-c", "exit 3"])
    daemon_client.start(quick)
    daemon_client.wait(quick, timeout=10)
    stories = _stories(daemon_client, since, cid)
    kinds = [s.kind for s in stories]
    assert kinds[:4] == ["create", "start", "stop", "start"] or kinds[:3] == ["run", "stop", "start"], kinds
    stop = next(s for s in stories if s.kind == "stop")
    assert stop.command == f"docker stop {bed.name('stubborn')}" and stop.signal == "SIGTERM" and stop.grace == 1
    assert stop.cause == "stopped" and stop.code == "137"
    assert "SIGTERM, then SIGKILL after 1 s" in i18n.story(stop, "en")
    kill = next(s for s in stories if s.kind == "kill")
    assert kill.command == f"docker kill {bed.name('stubborn')}" and kill.cause == "killed"
    # No story of this container is a `docker network connect/disconnect`
    assert not any("network" in s.command for s in stories)
    exited = _stories(daemon_client, since, quick)
    assert exited[-1].kind == "exited" and exited[-1].automatic and exited[-1].cause == "exited" and exited[-1].code == "3"
    assert "exited by itself" in i18n.story(exited[-1], "en")


@pytest.mark.daemon
def test_oom_kill_is_not_a_stop(bed, daemon_client):
    since = time.time() - 1
    cid = bed.run("hog", start=False, command=["sh", "-c", "x=aaaaaaaaaa; while true; do x=$x$x; done"], mem_limit="16m")
    try:
        daemon_client.update_container(cid, memswap_limit="16m")
    except docker.errors.APIError:
        pass
    daemon_client.start(cid)
    daemon_client.wait(cid, timeout=60)
    oom = bool(daemon_client.inspect_container(cid)["State"]["OOMKilled"])
    stories = _stories(daemon_client, since, cid, oom_killed={cid} if oom else set())
    last = stories[-1]
    assert last.kind in ("oom", "exited") and not last.command
    if oom:
        assert last.kind == "oom" and last.cause == "oom"


# Isolation reads the kernel's files


@pytest.mark.daemon
def test_cpus_half_is_read_from_cpu_max_with_its_path(bed, daemon_client):
    from tui.engine import introspect
    from tui.engine.endpoint import resolve

    hc = daemon_client.create_host_config(nano_cpus=500_000_000, pids_limit=50, mem_limit="64m")
    cid = daemon_client.create_container(bed.image, ["sleep", "1000"], name=bed.name("half"), host_config=hc)["Id"]
    ep = resolve()
    report = introspect.isolation(daemon_client, ep, cid)
    assert {ns.verdict for ns in report.namespaces} == {"configured"}  # not running: nothing is private yet
    daemon_client.start(cid)
    report = introspect.isolation(daemon_client, ep, cid)
    quota = report.limit("cpu_quota")
    assert quota.limit == 50000 and quota.period == 100000 and quota.path.endswith(("cpu.max", "cpu.cfs_quota_us"))
    assert report.limit("cpus").limit == 0.5
    assert report.limit("memory").limit == 64 * 1024 * 1024 and report.limit("memory").path
    assert report.limit("pids").limit == 50
    for f in report.cgroup_files:
        now = open(f.path).read().strip().splitlines()[0].split()[0]
        if f.key == "memory_current":  # a live figure: it may have moved since the report read it
            assert now.isdigit() and f.raw.strip().isdigit()
        else:
            assert now in f.raw
    daemon_client.pause(cid)
    try:
        assert introspect.isolation(daemon_client, ep, cid).frozen is True
    finally:
        daemon_client.unpause(cid)



def test_network_card_says_dns_by_name_only_on_user_defined_networks():
    from tui.domain.models import Network
    from tui.domain.state import State
    from tui.screens.learn.concept import card_lines

    st = State()
    for name, driver, dns in [("bridge", "bridge", False), ("host", "host", False), ("none", "null", False), ("shop", "bridge", True)]:
        text = " ".join(card_lines("network", Network(id=name, name=name, driver=driver), st, "en"))
        assert ("embedded DNS" in text) == dns, name
        assert "on every network" not in text


def test_architecture_facts_keep_registries_ranges_mirrors_and_drivers_apart():
    from tui.domain.architecture import from_daemon

    info = {"LiveRestoreEnabled": False, "Plugins": {"Volume": ["local"], "Network": ["bridge", "host"]},
            "RegistryConfig": {"IndexConfigs": {"docker.io": {"Secure": True, "Mirrors": ["https://m.example"]}},
                               "InsecureRegistryCIDRs": ["127.0.0.0/8"], "Mirrors": []}}
    facts = from_daemon(info, {"Components": [{"Name": "Engine", "Version": "20.10"}, {"Name": "runc", "Version": "1.1"}]}, [])
    assert facts.registries == (("docker.io", True),) and facts.insecure_ranges == ("127.0.0.0/8",)
    assert facts.mirrors == ("https://m.example",) and facts.plugins == () and dict(facts.drivers)["Volume"] == ("local",)
    assert facts.live_restore is False and facts.runtime == "runc"
    pod = from_daemon({}, {"Platform": {"Name": "linux/amd64"}, "Components": [{"Name": "Podman Engine", "Version": "4"},
                                                                                {"Name": "Conmon", "Version": "2"}, {"Name": "OCI Runtime (crun)", "Version": "1"}]})
    assert pod.podman and pod.runtime == "crun" and pod.component("crun") == "1"


@pytest.mark.daemon
def test_architecture_draws_the_shim_and_pid_1_with_live_pids(bed, daemon_client):
    import os

    from tui.engine import introspect
    from tui.engine.endpoint import resolve

    cid = bed.run("arch")
    facts = introspect.architecture(daemon_client, resolve(), cid)
    pid = daemon_client.inspect_container(cid)["State"]["Pid"]
    assert facts.live_restore is daemon_client.info().get("LiveRestoreEnabled", False)
    assert facts.process.pid == pid
    ppid = int(next(l for l in open(f"/proc/{pid}/status") if l.startswith("PPid:")).split()[1])
    assert facts.parent.pid == ppid and facts.parent.name.startswith("containerd-shim")
    # runc is not running under this container's shim: it ran once. (Other daemons on a shared
    # machine may be running runc for their own containers right now, and processes vanish
    # while /proc is listed: look only at the shim's children, and tolerate races.)
    def children_of(parent: int) -> list[str]:
        names = []
        for p in os.listdir("/proc"):
            try:
                status = open(f"/proc/{p}/status").read()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if int(fields.get("PPid", "0").strip() or 0) == parent:
                names.append(fields.get("Name", "").strip())
        return names

    assert "runc" not in children_of(ppid)


@pytest.mark.daemon
def test_images_built_on_it_appear_for_multi_step_builds(bed, daemon_client):
    from tests.support.images import build_image
    from tui.domain import relations as rel
    from tui.domain.models import Image
    from tui.domain.state import State
    from tui.engine import introspect
    from tui.engine.endpoint import resolve

    base = build_image(daemon_client, bed.name("base:1"), f"FROM {bed.image}\nRUN echo base > /base\n")
    top = build_image(daemon_client, bed.name("top:1"), f"FROM {bed.name('base:1')}\nRUN echo 1 > /1\nRUN echo 2 > /2\nENV X=1\n")
    try:
        parent = daemon_client.inspect_image(top)["Parent"]
        assert parent != base  # the parent link names an intermediate step, not the base
        chains = introspect.chains(daemon_client, resolve())
        state = State(images={base: Image(base, (bed.name("base:1"),)), top: Image(top, (bed.name("top:1"),), parent_id=parent)})
        assert [i.id for i in rel.child_images(state, base)] == []  # what the parent link alone says
        assert [i.id for i in rel.child_images(state, base, chains)] == [top]
        root = rel.build(state, "images", base, chains=chains)
        assert any(n.label == "rel.children" for n in root.children)
    finally:
        daemon_client.remove_image(top, force=True)
        daemon_client.remove_image(base, force=True)


@pytest.mark.daemon
async def test_lifecycle_view_kill_and_remove_ask_first_and_the_stop_band_counts_down(bed, daemon_client, make_app, until):
    from textual.widgets import Button

    from tui.screens.dialogs.confirm import ConfirmScreen
    from tui.screens.learn.lifecycle import LifecycleScreen

    # sleep as PID 1 ignores SIGTERM: docker stop waits for the grace period, the band shows it
    cid = bed.run("life", start=False, command=["sleep", "100000"], stop_timeout=5)
    daemon_client.start(cid)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers and app.state.containers[cid].state == "running", what="running")
        screen = LifecycleScreen(app.state.containers[cid])
        await app.push_screen(screen)
        await until(pilot, lambda: screen.stop_timeout == 5, what="stop timeout read")
        await pilot.press("s")
        await until(pilot, lambda: "SIGKILL in" in screen.pending_text(), what="stop band")
        assert "SIGTERM sent" in screen.pending_text()
        await until(pilot, lambda: app.state.containers[cid].state == "exited", timeout=20, what="stopped")
        states: list[str] = []  # the container's state as the store published it, changes only

        def note(state) -> None:
            c = state.containers.get(cid)
            now = c.state if c is not None else "removed"
            if not states or states[-1] != now:
                states.append(now)

        app.control.store.state_signal.subscribe(screen, note)
        daemon_client.start(cid)
        await until(pilot, lambda: screen.now == "running", what="running again")
        # Twice under heavy load (a full benchmark beside the run) the state went back to
        # "exited" after "running" and K, pressed in between, did not apply (CI 1 of session 8;
        # not explained, not reproduced on a quieter machine in 50 rounds). Press again while
        # the view says running; the states seen are in the message if it still fails.
        for attempt in range(3):
            await until(pilot, lambda: screen.now == "running", what=f"running again (states {states})")
            await pilot.press("K")
            try:
                await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what=f"kill asks (states {states})")
                break
            except AssertionError:
                if attempt == 2:
                    raise
        await until(pilot, lambda: not app.screen.query_one("#ok", Button).disabled, what="armed")
        app.screen.query_one("#ok", Button).press()
        await until(pilot, lambda: app.state.containers[cid].state == "exited", what="killed")
        assert daemon_client.inspect_container(cid)["State"]["ExitCode"] == 137
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="remove asks")
        await until(pilot, lambda: not app.screen.query_one("#ok", Button).disabled, what="armed")
        app.screen.query_one("#ok", Button).press()
        await until(pilot, lambda: cid not in app.state.containers, what="removed")
        await until(pilot, lambda: screen.now == "removed", what="the view shows removed")
