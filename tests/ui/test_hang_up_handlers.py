"""The app catches SIGHUP and SIGTERM only when it runs for real (tests/remote/test_ssh_app.py
has the pty runs): under run_test a SIGTERM stays the test runner's, which a UI test's app
had taken (a CI run stopped with SIGTERM failed the test that was running and went on)."""

from __future__ import annotations

import signal

from tests.ui.fake_daemon import FakeSession
from tests.ui.test_fast_tier import fake_app, ready


async def test_a_test_apps_run_leaves_sigterm_and_sighup_alone():
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP)}
    app = fake_app(FakeSession)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert {sig: signal.getsignal(sig) for sig in before} == before
        await pilot.press("q")
