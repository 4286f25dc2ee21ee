"""dockyard serve in a real headless browser: the same realistic daemon as scripts/screenshots,
the real server and child, Chromium's own screenshot (PNG) into screenshots/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import docker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from screenshots import populate  # noqa: E402
from tests.support.serve import Browser, ServeProcess  # noqa: E402

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")


def main() -> None:
    client = docker.APIClient(base_url=os.environ["DOCKER_HOST"], version="auto")  # the private bed, never the default socket
    populate(client)
    with ServeProcess() as server, Browser(width=1400, height=860) as browser:
        browser.open(server.url)
        browser.wait_text(lambda t: "shop-web-1" in t and "payments-api" in t and "grafana" in t, 120, "the populated dashboard")
        browser.wait_text(lambda t: "%" in t, 60, "CPU figures")
        browser.screenshot(OUT / "serve-browser.png")
        browser.press("A")
        browser.wait_text(lambda t: "containerd" in t and "runc" in t, 60, "the architecture view")
        browser.screenshot(OUT / "serve-browser-architecture.png")
    print(f"wrote {OUT}/serve-browser.png and serve-browser-architecture.png")


if __name__ == "__main__":
    main()
