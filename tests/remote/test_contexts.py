"""The live context reader and the probe, against the bed's daemons."""

from __future__ import annotations

import pytest

from tests.remote.conftest import bed_var, create_context
from tui.domain.hosts import ContextInfo

pytestmark = pytest.mark.daemon


def test_a_context_created_while_running_is_listed_and_probed(docker_config, tls_certs, monkeypatch):
    from tui.engine.contexts import endpoint_for, list_contexts
    from tui.engine.probe import probe

    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    before = list_contexts()
    assert [c.name for c in before] == ["default"] and before[0].current
    tls_host = bed_var("DOCKYARD_TEST_TLS_HOST")
    create_context(docker_config, "dyt-live", tls_host, ca=tls_certs / "ca.pem", cert=tls_certs / "cert.pem", key=tls_certs / "key.pem", description="bed \x1b]0;TLS\x07 daemon")
    create_context(docker_config, "dyt-ssh", bed_var("DOCKYARD_TEST_SSH_HOST"))
    after = {c.name: c for c in list_contexts()}
    assert set(after) == {"default", "dyt-live", "dyt-ssh"}
    live = after["dyt-live"]
    assert isinstance(live, ContextInfo)
    assert live.host == tls_host and live.transport == "tcp+tls"
    assert live.tls_ca and live.tls_cert and live.tls_key and not live.skip_tls_verify
    assert "\x1b" not in live.description and "\x07" not in live.description and "bed" in live.description
    assert after["dyt-ssh"].transport == "ssh" and not after["dyt-ssh"].has_tls

    found = probe(endpoint_for("dyt-live"))
    assert found.ok, found.error
    assert found.engine_version and found.api_version and found.ping_ms is not None and found.ping_ms >= 0
    assert found.total is not None and found.running is not None and found.running <= found.total


def test_probe_over_ssh_counts_containers_and_closes_its_child(ssh_endpoint, bed):
    from tests.remote.conftest import ssh_children
    from tests.support.daemon import wait_for
    from tui.engine.probe import probe

    bed.run("probed")
    found = probe(ssh_endpoint)
    assert found.ok, found.error
    assert found.transport == "ssh (forward)"
    assert found.running >= 1 and found.total >= found.running
    wait_for(lambda: not ssh_children(), timeout=5, what="the probe's ssh child gone")


def test_probe_reports_an_error_instead_of_raising(ssh_env):
    from tui.engine.endpoint import resolve
    from tui.engine.probe import probe

    found = probe(resolve(host="ssh://root@dockyard-bed", env={}))
    assert not found.ok and found.error.startswith("ssh: ") and found.ping_ms is None


def test_broken_context_is_listed_with_its_error(docker_config):
    from tui.engine.contexts import list_contexts

    broken = docker_config / "contexts" / "meta" / ("0" * 64)
    broken.mkdir(parents=True)
    (broken / "meta.json").write_text("{not json")
    names = {c.name: c for c in list_contexts({"DOCKER_CONFIG": str(docker_config)})}
    bad = [c for c in names.values() if c.error]
    assert len(bad) == 1 and "cannot read" in bad[0].error
