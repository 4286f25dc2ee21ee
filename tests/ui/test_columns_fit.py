"""Columns sized by content: names, tags and ports get the spare width first, SCOPE and
CREATED keep only what they need, and a maximized pane re-lays out (issue 15, item 11)."""

from __future__ import annotations

import pytest

from tests.ui.helpers import pane, shown

pytestmark = pytest.mark.daemon


def width_of(app, kind: str, column: str) -> int:
    return pane(app, kind)._widths.get(column, 0)


async def test_long_names_and_tags_get_the_width(make_app, bed, daemon_client, test_image, until):
    repo = f"localhost:5050/{bed.prefix}-team/a-rather-long-image-name"
    for tag in ("1.2.3", "1.2", "1", "latest"):
        daemon_client.tag(test_image, repo, tag)
    net_name = bed.name("a-network-with-a-long-name")
    nid = bed.network("a-network-with-a-long-name")
    cid = bed.run("web", ports=[80], port_bindings={80: 18080})
    try:
        app = make_app()
        async with app.run_test(size=(160, 45)) as pilot:
            await until(pilot, lambda: app.state.synced and shown(app, cid) and shown(app, nid, "networks"), what="rows")
            await pilot.press("v")  # the preview off: the four panes share the whole width
            await until(pilot, lambda: not app.screen.preview.display, what="the preview hidden")
            image = next(i for i in app.state.images.values() if any(t.startswith(repo) for t in i.tags))
            await until(pilot, lambda: shown(app, image.id, "images"), what="the image row")
            label = pane(app, "images")._cells[image.id][1].plain
            await until(pilot, lambda: width_of(app, "images", "name") >= len(label), what=f"the whole tag ({label!r}, widths {pane(app, 'images')._widths}, columns {[c.key for c in pane(app, 'images').columns]})")
            assert width_of(app, "networks", "name") >= len(net_name)
            assert width_of(app, "networks", "scope") <= 5  # "local"
            before = dict(pane(app, "images")._widths)
            images_table = pane(app, "images").table
            app.screen.maximize(images_table)
            await until(pilot, lambda: sum(pane(app, "images")._widths.values()) > sum(before.values()) + 20, what=f"re-laid out when maximized (was {before})")
            assert {"id", "created", "size", "used", "name"} <= set(pane(app, "images")._widths)
            app.screen.minimize()
    finally:
        for tag in ("1.2.3", "1.2", "1", "latest"):
            try:
                daemon_client.remove_image(f"{repo}:{tag}")
            except Exception:
                pass
