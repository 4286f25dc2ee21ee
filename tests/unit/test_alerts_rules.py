"""The alert rules, event by event (the end-to-end test is tests/ui/test_alerts.py)."""

from tui.control.alerts import rules_from
from tui.domain.alerts import AlertTracker
from tui.domain.changes import DaemonEvent
from tui.domain.config_schema import Settings, parse


def ev(action: str, t: float, cid: str = "c1", **attrs) -> DaemonEvent:
    return DaemonEvent("container", action, cid, tuple(sorted(attrs.items())), t)


def test_defaults_from_an_empty_config():
    rules = rules_from(Settings())
    assert rules.restarts == 3 and rules.window == 300 and rules.died and rules.oom and not rules.bell


def test_config_values_reach_the_rules():
    settings, problems = parse(b"[alerts]\nrestarts = 5\nwindow = 2\nbell = true\ndied = false\n")
    assert not problems
    rules = rules_from(settings)
    assert (rules.restarts, rules.window, rules.bell, rules.died) == (5, 120, True, False)


def test_stop_is_not_an_alert_but_sigkill_is():
    tr = AlertTracker(rules_from(Settings()))
    assert tr.feed(ev("kill", 1, signal="15")) == []
    assert tr.feed(ev("die", 2, exitCode="143")) == []
    assert [a.kind for a in tr.feed(ev("kill", 10, cid="c2", signal="9"))] == []
    # a SIGKILL event's die waits for the grace: docker rm -f would destroy it meanwhile
    assert tr.feed(ev("die", 11, cid="c2", exitCode="137")) == [] and tr.held == ("c2",)
    assert [a.kind for a in tr.release("c2")] == ["died"] and tr.held == ()
    assert tr.release("c2") == []
    # killed without a kill event (the kernel, a kill -9 inside): at once
    assert [a.kind for a in tr.feed(ev("die", 20, cid="c3", exitCode="137"))] == ["died"]


def test_docker_rm_f_is_a_removal_not_a_death():
    """docker rm -f sends kill (SIGKILL), die (137) and destroy: no alert (found measuring
    memory: five removed probe containers raised five "Container died" toasts)."""
    tr = AlertTracker(rules_from(Settings()))
    assert tr.feed(ev("kill", 1, signal="9")) == []
    assert tr.feed(ev("die", 1.01, exitCode="137")) == [] and tr.held == ("c1",)
    assert tr.feed(ev("destroy", 1.05)) == [] and tr.held == ()
    assert tr.release("c1") == []
    # a kill long before a die (a SIGKILL ignored? a stuck process) is no removal's
    assert tr.feed(ev("kill", 10, cid="c2", signal="9")) == []
    assert [a.kind for a in tr.feed(ev("die", 30, cid="c2", exitCode="137"))] == ["died"]


def test_oom_then_die_is_one_incident_and_a_loop_fires_once():
    tr = AlertTracker(rules_from(Settings()))
    assert [a.kind for a in tr.feed(ev("oom", 1))] == ["oom"]
    assert tr.feed(ev("die", 1.1, exitCode="137")) == []
    kinds = []
    for n in range(10):
        kinds += [a.kind for a in tr.feed(ev("die", 100 + n, cid="l", exitCode="1"))]
        kinds += [a.kind for a in tr.feed(ev("start", 100.5 + n, cid="l"))]
    assert kinds == ["died", "restart-loop"]


def test_unhealthy_once_until_healthy_again():
    tr = AlertTracker(rules_from(Settings()))
    kinds = [a.kind for t in range(3) for a in tr.feed(ev("health_status: unhealthy", t))]
    assert kinds == ["unhealthy"]
    tr.feed(ev("health_status: healthy", 5))
    assert [a.kind for a in tr.feed(ev("health_status: unhealthy", 6))] == ["unhealthy"]
