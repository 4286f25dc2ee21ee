"""The union-filesystem parts of the Layers view, as rich Text: overlay directories, whiteouts,
mount points over the merged tree, deleted-but-stored bytes, compressed beside diff digests."""

from __future__ import annotations

from typing import Callable

from rich.text import Text

from ...domain.format import size as human_size
from ...domain.layers import Change, LayerStack
from ...domain.unionfs import UnionFs, mount_for

T = Callable[..., str]


def directories(t: T, u: UnionFs) -> Text:
    """lower (with -init), upper, merged, work: where each lives and what it is for."""
    d = u.dirs
    text = Text(t("union.title", driver=d.driver if d else "?"), style="bold")
    if d is None:
        text.append("\n" + t("union.why.driver"), style="dim")
        return text
    if d.merged:
        text.append("\n" + t("union.merged", path=d.merged))
    if d.upper:
        text.append("\n" + t("union.upper", path=d.upper))
    if d.work:
        text.append("\n" + t("union.work", path=d.work))
    text.append("\n" + t("union.lower", n=len(d.lower)))
    n_image = len(d.image_lower)
    i = n_image
    for path in d.lower:
        text.append(f"\n        {path}\n          ", style="")
        if path == d.init_layer:
            text.append(t("union.init"), style="dim")
        else:
            text.append(t("union.image_layer", i=i, n=n_image), style="dim")
            i -= 1
    if d.upper:
        text.append("\n" + t("union.cat", path=d.upper), style="dim")
    if u.why_not:
        text.append("\n" + t(u.why_not), style="dim italic")
    if u.truncated:
        text.append("\n" + t("union.truncated"), style="dim italic")
    return text


def mounts(t: T, u: UnionFs) -> Text | None:
    if not u.mounts:
        return None
    text = Text(t("union.mounts"), style="bold")
    for m in u.mounts:
        text.append(f"\n  {m.destination}  ", style="bold")
        text.append(mount_note(t, m), style="dim")
    return text


def mount_note(t: T, m) -> str:
    if m.kind == "volume":
        return t("union.mount.volume", name=m.name or m.source)
    if m.kind == "bind":
        return t("union.mount.bind", source=m.source)
    return t("union.mount.tmpfs")


def change_note(t: T, change: Change, u: UnionFs | None) -> str:
    """What one `docker diff` entry really is: a whiteout, a mount point, or a plain change."""
    if u is None:
        return ""
    m = mount_for(change.path, u.mounts)
    if m is not None and m.destination == change.path:
        return mount_note(t, m)
    if change.kind == "D":
        w = next((w for w in u.whiteouts if w.path == change.path), None)
        if w is not None:
            return t("union.opaque") if w.opaque else t("union.whiteout", path=change.path.rsplit("/", 1)[-1])
    return ""


def whiteouts(t: T, u: UnionFs) -> Text | None:
    if not u.read_local or not u.whiteouts:
        return None
    text = Text(t("union.whiteouts", n=len(u.whiteouts)), style="bold")
    for w in u.whiteouts[:50]:
        text.append(f"\n  c 0/0  {w.path}" if not w.opaque else f"\n  opaque  {w.path}")
    text.append("\n" + t("union.deleted_note"), style="dim")
    return text


def waste(t: T, u: UnionFs, limit: int = 20) -> Text | None:
    if not u.read_local:
        return None
    if not u.waste:
        return Text(t("union.waste.none"), style="dim")
    text = Text(t("union.waste.title", size=human_size(u.wasted_bytes)), style="bold")
    for w in u.waste[:limit]:
        text.append("\n  " + t("union.waste.row", size=human_size(w.size), path=w.path, added=w.added_in + 1,
                                removed=w.removed_in + 1, how=t(f"union.how.{w.how}")))
    if len(u.waste) > limit:
        text.append("\n  " + t("layers.more", n=len(u.waste) - limit), style="dim")
    text.append("\n" + t("union.waste.note"), style="dim")
    return text


def digests(t: T, u: UnionFs | None, diff_id: str) -> str:
    """The compressed digest(s) the daemon recorded for this layer, beside the diff id."""
    if u is None or not u.read_local:
        return ""
    found = u.compressed.get(diff_id) or ()
    if not found:
        return t("union.digest.none")
    return "\n".join(t("union.digest.compressed", digest=c.digest.split(":", 1)[-1][:12], repo=c.repository or "?") for c in found[:3])


def digest_source(t: T, u: UnionFs | None, api: str, stack: LayerStack) -> str:
    version = api or "1.41"
    if u is not None and u.read_local:
        return t("union.digest.api", version=version, where="image/<driver>/distribution/v2metadata-by-diffid")
    return t("union.digest.unavailable", version=version)
