"""tui/tls_later.py: asyncio without OpenSSL until a TLS connection needs it (issue 20: memory).

Each case runs in a fresh interpreter (ssl and asyncio load once per process)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

_PRELUDE = r"""
import json, sys
from tui import tls_later
deferred = tls_later.defer()
import asyncio, socket
out = {"deferred": deferred, "after_defer": sorted(m for m in ("ssl", "_ssl") if m in sys.modules)}

async def plain_round_trip():
    # loop.sock_* ask whether the socket is an ssl.SSLSocket: that must not load ssl
    loop = asyncio.get_running_loop()
    a, b = socket.socketpair()
    a.setblocking(False); b.setblocking(False)
    await loop.sock_sendall(a, b"ping")
    data = await loop.sock_recv(b, 4)
    a.close(); b.close()
    return data.decode()

out["plain"] = asyncio.run(plain_round_trip())
out["after_plain"] = sorted(m for m in ("ssl", "_ssl") if m in sys.modules)
"""

_TLS = r"""
import ssl as _direct  # (urllib3 imports ssl itself: asyncio must then use that module)
CERT, KEY = sys.argv[1], sys.argv[2]

async def tls_round_trip():
    server_ctx = ssl_mod().SSLContext(ssl_mod().PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(CERT, KEY)
    client_ctx = ssl_mod().create_default_context(cafile=CERT)

    async def echo(reader, writer):
        writer.write(await reader.readline()); await writer.drain(); writer.close()

    server = await asyncio.start_server(echo, "127.0.0.1", 0, ssl=server_ctx)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=client_ctx, server_hostname="localhost")
    writer.write(b"over tls\n"); await writer.drain()
    line = await reader.readline()
    writer.close(); server.close(); await server.wait_closed()
    return line.decode().strip()

def ssl_mod():
    return sys.modules["ssl"]

out["tls"] = asyncio.run(tls_round_trip())
import asyncio.base_events, asyncio.selector_events, asyncio.sslproto
out["bound"] = [m.ssl is sys.modules["ssl"] for m in (asyncio.base_events, asyncio.selector_events, asyncio.sslproto)]
"""


def _run(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code + "\nprint(json.dumps(out))", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_asyncio_loads_without_ssl_and_runs_plain_sockets():
    out = _run(_PRELUDE)
    assert out["deferred"] is True
    assert out["after_defer"] == [] and out["after_plain"] == []
    assert out["plain"] == "ping"


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    openssl = shutil.which("openssl")
    assert openssl, "openssl is needed (scripts/testbed installs it for the TLS daemon)"
    where = tmp_path_factory.mktemp("tls")
    cert, key = where / "cert.pem", where / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return str(cert), str(key)


def test_a_tls_connection_through_asyncio_loads_ssl_then(cert):
    out = _run(_PRELUDE + _TLS, *cert)
    assert out["after_plain"] == []
    assert out["tls"] == "over tls"
    assert out["bound"] == [True, True, True]


def test_asyncio_first_used_for_tls_loads_ssl_itself(cert):
    """No ``import ssl`` by anyone else: the stand-in loads it when asyncio first needs it."""
    code = _PRELUDE + _TLS.replace("import ssl as _direct", "pass").replace(
        'return sys.modules["ssl"]', 'return sys.modules.get("ssl") or asyncio.sslproto.ssl')
    out = _run(code, *cert)
    assert out["tls"] == "over tls" and out["bound"] == [True, True, True]


def test_nothing_is_deferred_once_asyncio_is_loaded():
    out = _run("import asyncio, json, sys\nfrom tui import tls_later\nout = {'deferred': tls_later.defer(), 'ssl': 'ssl' in sys.modules}")
    assert out == {"deferred": False, "ssl": True}


def test_only_the_deferring_threads_import_of_ssl_fails():
    """The session's threads run while the entry point defers: one that needs ssl then (docker-py
    for a tcp+TLS daemon) gets it."""
    code = r"""
import json, sys, threading
from tui import tls_later
finder = tls_later._NotInThisThread()
sys.meta_path.insert(0, finder)
out = {}
try:
    import ssl
    out["main"] = "loaded"
except ImportError:
    out["main"] = "refused"
def other():
    import ssl
    out["thread"] = ssl.OPENSSL_VERSION.split()[0]
t = threading.Thread(target=other); t.start(); t.join()
sys.meta_path.remove(finder)
"""
    assert _run(code) == {"main": "refused", "thread": "OpenSSL"}
