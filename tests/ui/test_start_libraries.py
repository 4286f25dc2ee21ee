"""What a real start on a unix socket loads, watched from outside the process (issue 20: memory).

The dashboard's reads speak HTTP themselves (engine/lite_client.py: not http.client, which
imports ssl) and asyncio comes without ssl (tui/tls_later.py), so a session that lists,
follows events, samples stats and follows the preview's log never maps OpenSSL (~4 MB).
Textual's key names come from a table (tui/key_names.py), not from Unicode's name database,
whose pages the footer's ~20 lookups made resident (0.6-0.9 MB).
"""

from __future__ import annotations

import time

from tests.support.daemon import docker_host
from tests.support.pty_app import PtyApp, base_env


def _resident_kb(pid: int, library: str) -> int:
    """Resident kB of the mappings of one library (by file name)."""
    total, inside = 0, False
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = line.split()
            if head and "-" in head[0] and len(head) >= 5 and ":" in head[3]:
                inside = len(head) >= 6 and head[-1].rsplit("/", 1)[-1].startswith(library)
            elif inside and head[:1] == ["Rss:"]:
                total += int(head[1])
    return total


def _mapped(pid: int) -> set[str]:
    with open(f"/proc/{pid}/maps") as f:
        return {line.split()[-1].rsplit("/", 1)[-1] for line in f if "/" in line}


def test_a_session_on_a_unix_socket_never_maps_openssl(tmp_path, bed):
    bed.run("talker", "while true; do echo tick; sleep 0.2; done")
    env = base_env(tmp_path, DOCKER_HOST=docker_host())
    with PtyApp(env=env, size=(160, 45)) as app:  # wide enough for the preview (its log follows)
        app.wait_for(bed.name("talker"), timeout=60)
        app.wait_for(r"tick", timeout=60)  # the preview follows the selected container's log
        time.sleep(3)  # events, stats samples, the later stylesheets
        libraries = _mapped(app.proc.pid)
        names_kb = _resident_kb(app.proc.pid, "unicodedata")
        assert app.returncode is None
    assert not any(name.startswith(("libssl", "libcrypto", "_ssl")) for name in libraries), sorted(libraries)
    assert any(name.startswith("libpython") or name.startswith("python") for name in libraries)
    # The footer and the bindings spelt their keys without the name database: what is left is
    # the library's code and the odd character property (0.6-0.9 MB with the lookups).
    assert names_kb < 320, names_kb
