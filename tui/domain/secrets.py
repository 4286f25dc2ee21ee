"""Keep secrets off the screen: env vars, labels and the action log.

A name is secret when it looks like it holds a credential. The rules favour
masking: a false positive costs a keypress to reveal, a false negative leaks a
password onto a shared screen or into a screenshot.

A name is split into words at non-alphanumerics and camelCase humps
(``dbPassword`` -> DB, PASSWORD; ``traefik.http.basicauth.users`` -> ...,
BASICAUTH, USERS), case-insensitively. It is secret when:

* it contains, anywhere (even glued, as in ``PGPASSWORD``): PASSWORD, PASSWD,
  PASSPHRASE, SECRET, CREDENTIAL, APIKEY, ACCESSKEY, PRIVATEKEY, or TOKEN
  (but not TOKENIZ..., so ``TOKENIZERS_PARALLELISM`` is left alone);
* a word is one of PWD, PASS, KEY, KEYS, AUTH, AUTHN, AUTHZ, AUTHORIZATION,
  PRIVATE, SESSION, SESSIONID, COOKIE, COOKIES, SIGNATURE, CREDS, JWT,
  BEARER, SALT, PSK, or a known glued key (SSHKEY, MASTERKEY, AUTHKEY,
  LICENSEKEY, ENCRYPTIONKEY, SIGNINGKEY), or ends in AUTH (OAUTH, BASICAUTH).

KEY must be a whole word, so MONKEY, TURKEY and KEYBOARD_LAYOUT are not
secret; AUTHOR(S) is not AUTH. The shell's own ``PWD``/``OLDPWD`` hold the
working directory and are not secret, ``DB_PWD`` is. CERT is deliberately
absent: certificates are public (their private keys match KEY).

Values are masked whatever their key when they are URLs with a password
(``postgres://app:hunter2@db/app`` under ``DATABASE_URL``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = [
    "MASK",
    "is_secret_key",
    "mask_value",
    "mask_env",
    "mask_mapping",
    "secret_values",
    "redact_text",
    "mask_document",
    "secret_spans",
]

MASK = "••••••"

_SUBSTRINGS = re.compile(
    r"PASSWORD|PASSWD|PASSPHRASE|SECRET|CREDENTIAL|APIKEY|ACCESSKEY|PRIVATEKEY"
    r"|TOKEN(?!IZ)"
)
_WORDS = frozenset(
    {
        "PWD", "PASS", "KEY", "KEYS", "AUTH", "AUTHN", "AUTHZ", "AUTHORIZATION",
        "PRIVATE", "SESSION", "SESSIONID", "COOKIE", "COOKIES", "SIGNATURE",
        "CREDS", "JWT", "BEARER", "SALT", "PSK",
        "SSHKEY", "MASTERKEY", "AUTHKEY", "LICENSEKEY", "ENCRYPTIONKEY", "SIGNINGKEY",
    }
)
_NOT_SECRET = frozenset({"PWD", "OLDPWD"})  # the shell's working directory
_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")

# scheme://user:PASSWORD@host -- '@' in a password must be %-encoded, so the
# password is the run up to the last '@' before any '/' or space.
_URL_PASSWORD = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:)[^/\s@]+(?=@)")

# Shorter values ("1", "yes", "dev") would shred free text when redacted.
_MIN_REDACT = 4


def is_secret_key(name: str) -> bool:
    """True when an env var or label name looks like it holds a credential."""
    upper = name.upper()
    if upper in _NOT_SECRET:
        return False
    if _SUBSTRINGS.search(upper):
        return True
    words = _SEPARATORS.split(_HUMP.sub("_", name))
    for word in words:
        word = word.upper()
        if word in _WORDS or (word.endswith("AUTH") and word != "AUTH"):
            return True
    return False


def _mask_url_passwords(s: str) -> str:
    if "://" not in s:
        return s
    return _URL_PASSWORD.sub(lambda m: m.group(1) + MASK, s)


def mask_value(key: str, value: str) -> str:
    """``MASK`` for a secret key's value, else ``value`` with URL passwords masked.

    An empty value stays empty: "not set" is useful to see and reveals nothing.
    """
    if not value:
        return value
    if is_secret_key(key):
        return MASK
    return _mask_url_passwords(value)


def mask_env(entries: Iterable[str]) -> list[str]:
    """Mask ``KEY=VALUE`` strings (container Config.Env); bare ``KEY`` kept."""
    out = []
    for entry in entries:
        key, sep, value = entry.partition("=")
        out.append(f"{key}={mask_value(key, value)}" if sep else entry)
    return out


def mask_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """Mask a name -> value mapping (labels, compose environment)."""
    return {key: mask_value(key, value) for key, value in mapping.items()}


def secret_values(env: Iterable[str] | Mapping[str, str]) -> list[str]:
    """The values ``mask_env``/``mask_mapping`` would hide, for ``redact_text``."""
    pairs = (
        env.items()
        if isinstance(env, Mapping)
        else (entry.partition("=")[::2] for entry in env)
    )
    return [value for key, value in pairs if value and is_secret_key(key)]


def redact_text(s: str, secrets: Iterable[str]) -> str:
    """Replace each known secret value (4+ chars) in free text with ``MASK``.

    Longest first, so a secret that contains another is hidden whole. URL
    passwords are masked too. For the action log, e.g. ``docker run -e
    DB_PASSWORD=...``.
    """
    values = sorted({v for v in secrets if len(v) >= _MIN_REDACT}, key=len, reverse=True)
    if values:
        s = re.sub("|".join(map(re.escape, values)), MASK, s)
    return _mask_url_passwords(s)


def mask_document(doc: object) -> object:
    """A copy of an inspect document with every ``Env`` list and ``Labels`` map masked.

    Containers keep them in Config, images in Config and ContainerConfig, networks and
    volumes at the top; walking the whole tree catches them wherever an API version puts them.
    """
    if isinstance(doc, Mapping):
        out = {}
        for key, value in doc.items():
            if key == "Env" and isinstance(value, list):
                out[key] = mask_env(str(v) for v in value)
            elif key == "Labels" and isinstance(value, Mapping):
                out[key] = mask_mapping({str(k): str(v) for k, v in value.items()})
            else:
                out[key] = mask_document(value)
        return out
    if isinstance(doc, list):
        return [mask_document(v) for v in doc]
    if isinstance(doc, str):
        return _mask_url_passwords(doc)
    return doc


def secret_spans(s: str, secrets: Iterable[str]) -> list[tuple[int, int]]:
    """Where ``redact_text`` would mask in ``s``: (start, end) pairs, in order."""
    values = sorted({v for v in secrets if len(v) >= _MIN_REDACT}, key=len, reverse=True)
    spans = [m.span() for m in re.finditer("|".join(map(re.escape, values)), s)] if values else []
    spans += [(m.end(1), m.end()) for m in _URL_PASSWORD.finditer(s)]
    spans.sort()
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out
