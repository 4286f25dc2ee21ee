"""Endpoint resolution in the docker CLI's order, contexts, TLS; never a silent fall back.

Order (as the docker CLI resolves it): --host > --context > DOCKER_HOST > DOCKER_CONTEXT >
currentContext in config.json > the default socket. An explicit flag beats any variable.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tui.engine.endpoint import DEFAULT_HOST, resolve
from tui.engine.errors import DockerError, ErrorKind


def make_context(config: Path, name: str, host: str, *, skip_verify: bool = False, tls_files=()) -> Path:
    """Write a context as `docker context create` does: meta under sha256(name)."""
    digest = hashlib.sha256(name.encode()).hexdigest()
    meta = config / "contexts" / "meta" / digest / "meta.json"
    meta.parent.mkdir(parents=True)
    meta.write_text(json.dumps({
        "Name": name,
        "Metadata": {"Description": "test"},
        "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": skip_verify}},
    }))
    tls_dir = config / "contexts" / "tls" / digest / "docker"
    if tls_files:
        tls_dir.mkdir(parents=True)
        for f in tls_files:
            (tls_dir / f).write_text("pem")
    return tls_dir


@pytest.fixture
def config(tmp_path) -> Path:
    d = tmp_path / "docker-config"
    d.mkdir()
    make_context(d, "ctx-a", "tcp://a.example:2375")
    make_context(d, "ctx-b", "ssh://user@b.example")
    (d / "config.json").write_text(json.dumps({"currentContext": "ctx-b", "auths": {}}))
    return d


def env_for(config: Path, **extra) -> dict[str, str]:
    return {"DOCKER_CONFIG": str(config), **extra}


ALL = dict(DOCKER_HOST="unix:///from/env.sock", DOCKER_CONTEXT="ctx-a")


def test_flag_beats_everything(config):
    ep = resolve(host="unix:///from/flag.sock", env=env_for(config, **ALL))
    assert (ep.host, ep.source, ep.context) == ("unix:///from/flag.sock", "flag", None)


def test_context_flag_beats_the_environment(config):
    ep = resolve(context="ctx-a", env=env_for(config, **ALL))
    assert (ep.host, ep.source, ep.context) == ("tcp://a.example:2375", "flag", "ctx-a")


def test_docker_host_beats_docker_context_and_config(config):
    ep = resolve(env=env_for(config, **ALL))
    assert (ep.host, ep.source, ep.context) == ("unix:///from/env.sock", "DOCKER_HOST", None)


def test_docker_context_beats_config(config):
    ep = resolve(env=env_for(config, DOCKER_CONTEXT="ctx-a"))
    assert (ep.host, ep.source, ep.context) == ("tcp://a.example:2375", "DOCKER_CONTEXT", "ctx-a")


def test_current_context_from_config_json(config):
    ep = resolve(env=env_for(config))
    assert (ep.host, ep.source, ep.context) == ("ssh://user@b.example", "config", "ctx-b")
    assert ep.transport == "ssh" and not ep.is_local


def test_default_socket_when_nothing_is_set(tmp_path):
    ep = resolve(env={"DOCKER_CONFIG": str(tmp_path / "empty")})
    assert (ep.host, ep.source, ep.context, ep.tls) == (DEFAULT_HOST, "default", None, None)
    assert ep.is_local and ep.transport == "unix"


def test_docker_config_defaults_to_home(tmp_path):
    make_context(tmp_path / ".docker", "home-ctx", "tcp://h:1")
    (tmp_path / ".docker" / "config.json").write_text('{"currentContext": "home-ctx"}')
    assert resolve(env={"HOME": str(tmp_path)}).host == "tcp://h:1"


def test_empty_variables_are_unset(config):
    ep = resolve(env=env_for(config, DOCKER_HOST="", DOCKER_CONTEXT=""))
    assert ep.context == "ctx-b"


def test_context_meta_is_found_by_sha256_of_the_name(tmp_path):
    name = "prod/eu west ü"  # any characters: the directory is the digest, not the name
    make_context(tmp_path, name, "tcp://10.0.0.1:2376")
    assert resolve(context=name, env=env_for(tmp_path)).host == "tcp://10.0.0.1:2376"
    assert not (tmp_path / "contexts" / "meta" / name).exists()


@pytest.mark.parametrize("how", ["flag", "DOCKER_CONTEXT", "config"])
def test_unknown_context_is_an_error_naming_it(tmp_path, how):
    env = env_for(tmp_path)
    kwargs = {}
    if how == "flag":
        kwargs["context"] = "ghost"
    elif how == "DOCKER_CONTEXT":
        env["DOCKER_CONTEXT"] = "ghost"
    else:
        (tmp_path / "config.json").write_text('{"currentContext": "ghost"}')
    with pytest.raises(DockerError) as info:
        resolve(env=env, **kwargs)
    assert info.value.kind is ErrorKind.CONFIG
    assert "'ghost'" in info.value.message and "not found" in info.value.message


def test_broken_config_and_meta_are_errors(tmp_path):
    (tmp_path / "config.json").write_text("{not json")
    with pytest.raises(DockerError) as info:
        resolve(env=env_for(tmp_path))
    assert info.value.kind is ErrorKind.CONFIG and "config.json" in info.value.message

    make_context(tmp_path / "c2", "nodocker", "x")
    meta = next((tmp_path / "c2" / "contexts" / "meta").glob("*/meta.json"))
    meta.write_text(json.dumps({"Name": "nodocker", "Endpoints": {}}))
    with pytest.raises(DockerError) as info:
        resolve(context="nodocker", env=env_for(tmp_path / "c2"))
    assert "no docker endpoint" in info.value.message


def test_default_context(config):
    ep = resolve(env=env_for(config, DOCKER_CONTEXT="default"))
    assert (ep.host, ep.context) == (DEFAULT_HOST, "default")
    (config / "config.json").write_text('{"currentContext": "default"}')
    assert resolve(env=env_for(config)).host == DEFAULT_HOST
    # --context default means DOCKER_HOST when it is set, as in the docker CLI
    ep = resolve(context="default", env=env_for(config, DOCKER_HOST="tcp://h:2375"))
    assert (ep.host, ep.context) == ("tcp://h:2375", "default")


def test_host_and_context_together_is_an_error(config):
    with pytest.raises(DockerError) as info:
        resolve(host="unix:///x", context="ctx-a", env=env_for(config))
    assert info.value.kind is ErrorKind.CONFIG and "not both" in info.value.message


@pytest.mark.parametrize(
    "given, host",
    [("/run/user/1000/docker.sock", "unix:///run/user/1000/docker.sock"), ("10.0.0.2:2375", "tcp://10.0.0.2:2375"),
     ("ssh://me@box", "ssh://me@box"), ("unix:///var/run/docker.sock", "unix:///var/run/docker.sock")],
)
def test_host_forms(given, host):
    assert resolve(host=given, env={}).host == host


# TLS


def _certs(d: Path, *names: str) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    for n in names:
        (d / n).write_text("pem")
    return d


def test_tls_verify_with_cert_path(tmp_path):
    certs = _certs(tmp_path / "certs", "ca.pem", "cert.pem", "key.pem")
    ep = resolve(env={"DOCKER_HOST": "tcp://d:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(certs)})
    assert ep.transport == "tcp+tls"
    assert ep.tls.verify is True
    assert (ep.tls.ca_cert, ep.tls.client_cert, ep.tls.client_key) == tuple(str(certs / n) for n in ("ca.pem", "cert.pem", "key.pem"))


def test_tls_verify_defaults_to_the_config_dir(tmp_path):
    _certs(tmp_path, "ca.pem", "cert.pem", "key.pem")
    ep = resolve(host="tcp://d:2376", env={"DOCKER_CONFIG": str(tmp_path), "DOCKER_TLS_VERIFY": "1"})
    assert ep.tls.verify and ep.tls.ca_cert == str(tmp_path / "ca.pem")


def test_tls_without_verification(tmp_path):
    ep = resolve(env={"DOCKER_HOST": "tcp://d:2376", "DOCKER_TLS": "1", "DOCKER_CONFIG": str(tmp_path)})
    assert ep.tls is not None and ep.tls.verify is False and ep.tls.client_cert is None
    ep = resolve(env={"DOCKER_HOST": "tcp://d:2376", "DOCKER_CERT_PATH": str(_certs(tmp_path / "c", "cert.pem", "key.pem"))})
    assert ep.tls.verify is False and ep.tls.client_cert == str(tmp_path / "c" / "cert.pem") and ep.tls.ca_cert is None


def test_no_tls_variables_no_tls():
    ep = resolve(env={"DOCKER_HOST": "tcp://d:2375"})
    assert ep.tls is None and ep.transport == "tcp"


def test_context_tls_directory(tmp_path):
    make_context(tmp_path, "secure", "tcp://s:2376", tls_files=("ca.pem", "cert.pem", "key.pem"))
    ep = resolve(context="secure", env=env_for(tmp_path))
    digest = hashlib.sha256(b"secure").hexdigest()
    base = tmp_path / "contexts" / "tls" / digest / "docker"
    assert ep.tls.verify is True and ep.tls.ca_cert == str(base / "ca.pem") and ep.tls.client_key == str(base / "key.pem")
    assert ep.describe() == "tcp://s:2376 (context secure)"


def test_context_skip_verify(tmp_path):
    make_context(tmp_path, "lax", "tcp://l:2376", skip_verify=True)
    ep = resolve(context="lax", env=env_for(tmp_path))
    assert ep.tls is not None and ep.tls.verify is False
    make_context(tmp_path, "plain", "tcp://p:2375")
    assert resolve(context="plain", env=env_for(tmp_path)).tls is None


def test_open_client_speaks_https_for_tls_and_ignores_tls_on_unix(tmp_path):
    from tui.engine.connection import open_client

    certs = _certs(tmp_path / "certs", "cert.pem", "key.pem")
    ep = resolve(env={"DOCKER_HOST": "tcp://127.0.0.1:1", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(certs)})
    client = open_client(ep, version="1.41")  # a pinned version sends no request
    try:
        assert client.base_url == "https://127.0.0.1:1" and client.verify is True
        assert client.cert == (str(certs / "cert.pem"), str(certs / "key.pem"))
    finally:
        client.close()
    # stray TLS variables must not break a unix socket
    ep = resolve(env={"DOCKER_HOST": "unix:///x.sock", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(tmp_path / "none")})
    open_client(ep, version="1.41").close()


@pytest.mark.parametrize(
    "host, why",
    [
        ("tcp://127.0.0.1:1\x1b]0;x\x07", "outside an [IPv6] address"),
        ("tcp://h:99999", "out of range"),
        ("tcp://h:abc", "integer"),
        ("ftp://x", "unknown scheme 'ftp://'"),
        ("ssh://u@h:port", "integer"),
    ],
)
def test_an_address_that_cannot_parse_is_refused_at_start(host, why, tmp_path):
    """As the docker CLI ("unable to parse docker host"): said at once, not retried on the
    connect screen; the flag and DOCKER_HOST alike, and the message carries no control."""
    for kwargs in ({"host": host, "env": {}}, {"env": {"DOCKER_HOST": host, "DOCKER_CONFIG": str(tmp_path)}}):
        with pytest.raises(DockerError) as info:
            resolve(**kwargs)
        assert info.value.kind is ErrorKind.CONFIG and why in info.value.message and "cannot parse the daemon address" in info.value.message
        assert "\x1b" not in info.value.message and "\x07" not in info.value.message


@pytest.mark.parametrize("host", ["tcp://:2375", "tcp://[::1]:2375", "tcp://127.0.0.1:9/a/path", "ssh://u@h", "ssh://u@h:2222", "unix:///x y/d.sock", "h:2375", "/run/d.sock", "https://h:2376"])
def test_addresses_that_parse_are_kept(host):
    assert resolve(host=host, env={}).host.endswith(host.lstrip("/"))
