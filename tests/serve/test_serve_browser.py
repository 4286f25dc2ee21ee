"""dockyard serve in a real headless browser (Debian's chromium, driven by Selenium),
against the isolated daemon: what a student sees, what their keys can and cannot do."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from selenium.webdriver.common.keys import Keys

from tests.support.daemon_proxy import DaemonProxy, upstream_from_env
from tests.support.serve import pid_alive, wait_for

pytestmark = pytest.mark.daemon

FIRST_SCREEN = 120  # seconds: a cold child (imports, first listing) on a loaded 2-core machine


def _is_full_listing(r) -> bool:
    """GET /containers/json without an id filter (a re-read after an event filters by id)."""
    return r.path == "/containers/json" and "filters" not in r.target


def _full_listings(proxy) -> int:
    return sum(1 for r in proxy.requests if _is_full_listing(r))


def _start_done(proxy) -> bool:
    """The session's start is over: after the first paint it opens the event stream and lists
    once more (docs/ARCHITECTURE.md, the walk of a start); that listing has been made."""
    events = False
    for r in list(proxy.requests):
        if r.path == "/events":
            events = True
        elif events and _is_full_listing(r):
            return True
    return False


def _dashboard(browser, server) -> str:
    browser.open(server.url)
    return browser.wait_text(lambda t: "READ-ONLY" in t and "Containers (" in t, FIRST_SCREEN, "the read-only dashboard")


def test_the_page_renders_the_dashboard_and_follows_events(serve, browser, bed):
    with DaemonProxy(upstream_from_env()).start() as proxy:
        server = serve(host=proxy.url)
        screen = _dashboard(browser, server)
        assert "live" in screen
        assert "-first-byte" in browser.body_classes()  # xterm.js drew the bytes the tap saw
        # the listing made after the first paint may come after the page shows (a CI run met it)
        wait_for(lambda: _start_done(proxy), 60, "the listing after the event stream opened")
        lists_before = _full_listings(proxy)
        assert lists_before >= 1
        name = bed.name("late")
        bed.run("late")  # created after the page opened
        browser.wait_text(name, 60, f"{name} (created after the page opened) on the page")
        # it came by event: no new full listing, the app re-read that one container
        assert _full_listings(proxy) == lists_before


def test_a_learning_view_opens_from_the_keyboard(serve, browser):
    server = serve()
    screen = _dashboard(browser, server)
    assert "containerd" not in screen
    browser.press("A")
    screen = browser.wait_text(lambda t: "Architecture" in t and "containerd" in t and "runc" in t, 60, "the architecture view")
    browser.press(Keys.ESCAPE)
    browser.wait_text(lambda t: "Containers (" in t and "runc" not in t, 60, "the dashboard again")


def test_no_mutating_key_reaches_the_daemon(serve, browser, bed, daemon_client):
    cid = bed.run("victim")
    name = bed.name("victim")
    with DaemonProxy(upstream_from_env()).start() as proxy:
        server = serve(host=proxy.url)
        _dashboard(browser, server)
        browser.wait_text(name, 60, "the running container")
        # Every key that changes something in a terminal Dockyard: lifecycle, remove, shell,
        # then the same inside the container's detail and its logs (save).
        browser.press("S", "s", "r", "p", "K", "d", "E", Keys.ENTER)
        browser.press(Keys.ENTER)
        browser.wait_text(lambda t: name in t and "Containers (" not in t, 60, "the container's detail")
        browser.press("S", "s", "r", "p", "K", "d", "E", "a")
        browser.press("l", Keys.CONTROL + "s")
        browser.wait_text(lambda t: "off in a served session" in t or "Read-only" in t, 60, "a refusal notice")
        # Escape keys one at a time: bytes that reach the app in one read ("\x1b\x1bS") parse as
        # alt-keys, as a terminal's would; a person does not type them within a millisecond.
        for _ in range(4):
            browser.press(Keys.ESCAPE)
            try:
                browser.wait_text("Containers (", 10, "the dashboard again")
                break
            except AssertionError:
                continue
        browser.wait_text("Containers (", 60, "the dashboard again")
        browser.press("S", "s", "p")
        methods = {r.method for r in proxy.requests}
        mutating = [f"{r.method} {r.path}" for r in proxy.requests if r.method not in ("GET", "HEAD")]
        assert not mutating, mutating
        assert "GET" in methods
    inspected = daemon_client.inspect_container(cid)
    assert inspected["State"]["Running"] and not inspected["State"]["Paused"], inspected["State"]
    assert inspected["RestartCount"] == 0


def test_closing_the_tab_ends_that_viewers_process(serve, browser):
    server = serve()
    _dashboard(browser, server)
    first = wait_for(lambda: server.live_viewers(), 60, "the first viewer's process")[0]
    second_tab = browser.new_tab(server.url)
    browser.wait_text("Containers (", FIRST_SCREEN, "the second tab's dashboard")
    second = wait_for(lambda: [p for p in server.live_viewers() if p != first], 60, "the second viewer's process")[0]
    browser.close_tab(second_tab)
    wait_for(lambda: not pid_alive(second), 60, "the closed tab's process to end")
    assert pid_alive(first)
    # the server logs the leave after it has reaped the child: the pid can be gone a moment earlier
    wait_for(lambda: any("a viewer left" in line for line in server.log_lines()), 60, "the server to count the viewer out")


def test_max_viewers_is_enforced(serve, browser):
    server = serve("--max-viewers", "1")
    _dashboard(browser, server)
    first = wait_for(lambda: server.live_viewers(), 60, "the first viewer")[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server.url, timeout=30)
    assert refused.value.code == 503
    assert b"full" in refused.value.read()
    # a second tab gets the refusal page, and no process
    tab = browser.new_tab(server.url)
    assert "This class is full" in browser.driver.page_source
    assert server.live_viewers() == [first]
    browser.close_tab(tab)
    # the first viewer leaves (q quits its Dockyard): the seat is free again
    browser.press("q")
    wait_for(lambda: not pid_alive(first), 60, "the first viewer's process to end")
    wait_for(lambda: "a viewer left" in server.output(), 60, "the server to count the viewer out")
    _dashboard(browser, server)
    wait_for(lambda: len(server.live_viewers()) == 1, 60, "a new viewer in the freed seat")
