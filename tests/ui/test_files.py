"""The files view against the real daemon: listing, a hostile file name shown safely, view
a text file, copy a 50 MB file out and in with progress, a read-only root refused."""

from __future__ import annotations

import os

import pytest

from tests.ui.helpers import pane, shown

pytestmark = pytest.mark.daemon

EVIL = "evil\x1b]0;pwned\x07\x1b[2J.txt"
BIG = 50 * 1024 * 1024


def _sh(client, cid: str, script: str) -> bytes:
    exec_id = client.exec_create(cid, ["sh", "-c", script])["Id"]
    out = client.exec_start(exec_id)
    assert client.exec_inspect(exec_id)["ExitCode"] == 0, out
    return out


async def _open_files(app, pilot, cid, until):
    assert pane(app).select_key(cid)
    await pilot.pause()
    await pilot.press("F")
    await until(pilot, lambda: type(app.screen).__name__ == "FilesScreen", what="files view")
    return app.screen


async def test_browse_view_and_copy_a_big_file_both_ways(make_app, bed, daemon_client, tmp_path, until):
    cid = bed.run("files")
    _sh(daemon_client, cid, f"mkdir -p /data && dd if=/dev/zero of=/data/big.bin bs=1048576 count=50 2>/dev/null && printf 'hello\\n' > /data/$(printf '{EVIL.encode('unicode_escape').decode()}')")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid) and app.state.containers[cid].is_running, what="row")
        files = await _open_files(app, pilot, cid, until)
        await until(pilot, lambda: files.entries or files.last_error, what="root listing")
        assert not files.last_error, files.last_error
        files.load("/data")
        await until(pilot, lambda: files.path == "/data" and len(files.entries) == 2, what="/data listing")
        names = {e.name: e for e in files.entries}
        assert names["big.bin"].size == BIG and names[EVIL].kind == "file"
        table = files.query_one("#files-table")
        shown_names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert all("\x1b" not in n and "\x07" not in n for n in shown_names), shown_names

        # Copy out, 50 MB, with progress.
        out_dir = tmp_path / "out"
        out_dir.mkdir()
        assert files.copy_out("/data/big.bin", str(out_dir))
        await until(pilot, lambda: not files.copying, timeout=60, what="copy out")
        assert not files.last_error, files.last_error
        assert os.path.getsize(out_dir / "big.bin") == BIG
        assert files.last_progress is not None and files.last_progress.total == BIG

        # The hostile name arrives on disk as it is, and is only ever shown cleaned.
        assert files.copy_out(f"/data/{EVIL}", str(out_dir))
        await until(pilot, lambda: not files.copying, timeout=30, what="copy out hostile")
        assert (out_dir / EVIL).read_text() == "hello\n"
        assert all("\x1b" not in r.command for r in app.control.store.action_log)

        # Copy in, 50 MB, with progress, into /tmp.
        local = tmp_path / "upload.bin"
        with open(local, "wb") as f:
            f.truncate(BIG)
        progress = []
        files.load("/tmp")
        await until(pilot, lambda: files.path == "/tmp", what="/tmp")
        assert files.copy_in(str(local), "/tmp")
        while files.copying:
            if files.last_progress is not None:
                progress.append(files.last_progress.done)
            await pilot.pause(0.01)
        assert not files.last_error, files.last_error
        assert _sh(daemon_client, cid, "stat -c %s /tmp/upload.bin").strip() == str(BIG).encode()
        assert files.last_progress.done == files.last_progress.total

        # View a text file in the viewer.
        files.view("/etc/hostname")
        await until(pilot, lambda: type(app.screen).__name__ == "FileViewScreen", what="file view")
        assert app.screen.lines and app.screen.lines[0]
        await until(pilot, lambda: app.screen.query("#exec-output-log") and app.screen.query_one("#exec-output-log").line_count > 0, what="the text in the viewer")


async def test_copy_into_a_read_only_root_is_refused_clearly(make_app, bed, daemon_client, tmp_path, until):
    cid = bed.run("ro", host_config=daemon_client.create_host_config(read_only=True))
    local = tmp_path / "note.txt"
    local.write_text("x")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid) and app.state.containers[cid].is_running, what="row")
        files = await _open_files(app, pilot, cid, until)
        await until(pilot, lambda: files.entries or files.last_error, what="listing")
        assert not files.last_error, files.last_error
        assert files.copy_in(str(local), "/etc")
        await until(pilot, lambda: not files.copying, timeout=20, what="refusal")
        assert "read-only" in files.last_error
