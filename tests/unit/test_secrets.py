"""secrets: what is masked, what is not."""

from __future__ import annotations

import pytest

from tui.domain.secrets import (
    MASK,
    is_secret_key,
    mask_env,
    mask_mapping,
    mask_value,
    redact_text,
    secret_values,
)

SECRET = [
    "DB_PASSWORD", "MYSQL_ROOT_PASSWORD", "PGPASSWORD", "dbPassword", "db.password",
    "PASSWD", "HTPASSWD", "GPG_PASSPHRASE", "DB_PWD", "SMTP_PASS", "REDIS_PASS",
    "API_KEY", "apiKey", "APIKEY", "ACCESS_KEY", "AWS_SECRET_ACCESS_KEY", "PRIVATE_KEY",
    "TLS_KEY", "KEY", "SSH_KEYS", "SSHKEY", "x-api-key",
    "GITHUB_TOKEN", "githubToken", "GITHUBTOKEN", "X-Auth-Token", "ACCESS_TOKEN",
    "CLIENT_SECRET", "clientSecret", "secret", "SESSION_SECRET",
    "GOOGLE_APPLICATION_CREDENTIALS", "AWS_CREDS", "credential",
    "AUTH", "BASIC_AUTH", "OAUTH_CLIENT_ID", "BASICAUTH", "Authorization",
    "traefik.http.middlewares.admin.basicauth.users",
    "PRIVATE", "SESSION_ID", "sessionId", "COOKIE_NAME", "SIGNATURE", "JWT_ISSUER",
]
NOT_SECRET = [
    "PATH", "HOME", "HOSTNAME", "LANG", "TERM", "PWD", "OLDPWD", "NODE_VERSION",
    "MONKEY", "TURKEY", "WHISKEY", "KEYBOARD_LAYOUT", "KEYCLOAK_URL", "HOTKEY",
    "TOKENIZERS_PARALLELISM", "PASSENGER_APP_ENV", "COMPASS", "BYPASS_CACHE",
    "org.opencontainers.image.authors", "com.docker.compose.project",
    "com.docker.compose.config-hash", "TLS_CERT", "SSL_CERT_FILE", "maintainer",
]


@pytest.mark.parametrize("name", SECRET)
def test_secret_names(name: str) -> None:
    assert is_secret_key(name)


@pytest.mark.parametrize("name", NOT_SECRET)
def test_not_secret_names(name: str) -> None:
    assert not is_secret_key(name)


def test_mask_value() -> None:
    assert mask_value("DB_PASSWORD", "hunter2") == MASK
    assert mask_value("DB_PASSWORD", "") == ""
    assert mask_value("PATH", "/usr/bin") == "/usr/bin"
    assert (
        mask_value("DATABASE_URL", "postgres://app:hunter2@db:5432/app")
        == f"postgres://app:{MASK}@db:5432/app"
    )
    assert mask_value("REDIS_URL", "redis://:s3cret@cache:6379") == f"redis://:{MASK}@cache:6379"
    assert mask_value("UPSTREAM", "http://host:8080/a@b") == "http://host:8080/a@b"
    assert mask_value("UPSTREAM", "http://user@host/") == "http://user@host/"


def test_mask_env() -> None:
    env = ["DB_PASSWORD=hunter2", "PATH=/bin:/usr/bin", "API_KEY=a=b=c", "INHERITED", "EMPTY_TOKEN="]
    assert mask_env(env) == [
        f"DB_PASSWORD={MASK}",
        "PATH=/bin:/usr/bin",
        f"API_KEY={MASK}",
        "INHERITED",
        "EMPTY_TOKEN=",
    ]


def test_mask_mapping() -> None:
    labels = {
        "com.docker.compose.project": "shop",
        "traefik.http.middlewares.auth.basicauth.users": "admin:$apr1$xyz",
        "app.secret": "abc",
    }
    assert mask_mapping(labels) == {
        "com.docker.compose.project": "shop",
        "traefik.http.middlewares.auth.basicauth.users": MASK,
        "app.secret": MASK,
    }


def test_secret_values() -> None:
    assert secret_values(["DB_PASSWORD=hunter2", "PATH=/bin", "TOKEN=", "X"]) == ["hunter2"]
    assert secret_values({"API_KEY": "k-123", "HOME": "/root"}) == ["k-123"]


def test_redact_text() -> None:
    cmd = "docker run -e DB_PASSWORD=hunter2 -e API_KEY=hunter2-extended -e N=1 img"
    out = redact_text(cmd, ["hunter2", "hunter2-extended", "1", "abc", ""])
    assert out == f"docker run -e DB_PASSWORD={MASK} -e API_KEY={MASK} -e N=1 img"
    assert redact_text("no secrets here", []) == "no secrets here"
    assert redact_text("a.b*c+d", ["b*c+"]) == f"a.{MASK}d"  # regex metacharacters literal
    assert redact_text("pull https://u:pw99@reg.example/x", []) == f"pull https://u:{MASK}@reg.example/x"
