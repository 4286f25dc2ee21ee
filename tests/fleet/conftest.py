"""The remote bed's fixtures (contexts, TLS certificates, ssh config) for the fleet tests."""

from tests.remote.conftest import docker_config, ssh_env, tls_certs  # noqa: F401
