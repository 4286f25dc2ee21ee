"""What makes this a container: namespaces (private, the host's, or shared with another
container), cgroup limits beside current use, capabilities, privileged, seccomp/AppArmor,
read-only rootfs, restart policy. Measured from /proc when the daemon is local."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain.fleet_state import obj_key
from ...domain.format import percent, size as human_size
from ...domain.isolation import Isolation, Limit
from ...domain.memgraph import OOM_MARK, chart
from .base import LearnScreen
from ..mounted import unless_closed


class IsolationScreen(LearnScreen):
    BINDINGS = [
        Binding("r", "reread", "Re-read", id="isolation.reread", tooltip="Read namespaces and cgroups again"),
        Binding("g", "concept('cgroup')", "Cgroups", id="isolation.cgroup", tooltip="Explain cgroups, tied to this container"),
    ]
    TITLE_KEY = "title.isolation"
    KEYS_KEY = "keys.isolation"
    CONCEPT = "namespace"

    def __init__(self, container: Any) -> None:
        super().__init__(classes="learn isolation")
        self.container = container
        self.report: Isolation | None = None
        self.oom_times: list[float] = []  # when the daemon reported an `oom` event for this container
        self._last_sample = 0.0
        self._reread_pending = False

    def title_params(self):
        return {"name": self.container.name}

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="iso-body"):
            yield Static(Text(self.t("loading"), style="italic"), id="iso-head")
            yield Static(id="iso-ns", classes="iso-section")
            yield Static(id="iso-cgroups", classes="iso-section")
            yield Static(id="iso-memory", classes="iso-section")
            yield Static(id="iso-security", classes="iso-section")

    def on_mount(self) -> None:
        self.query_one("#iso-body").focus()
        self.app.control.want_stats("isolation", [obj_key(self.container, self.container.id)])
        store = self.app.control.store
        self.oom_times = [e.time for e in store.events.events if self._is_oom(e)]
        store.state_signal.subscribe(self, self._on_state)
        store.event_signal.subscribe(self, self._on_event)
        self._read()

    def on_unmount(self) -> None:
        self.app.control.want_stats("isolation", [])

    def action_reread(self) -> None:
        self._read()

    # Live memory against the limit, with OOM kills marked

    def _is_oom(self, event) -> bool:
        return event.type == "container" and event.action == "oom" and event.actor_id == self.container.id

    def _on_event(self, event) -> None:
        if not self._is_oom(event):
            return
        self.oom_times.append(event.time)
        self._draw_memory()
        if not self._reread_pending:  # the cgroup's own oom_kill count, read again (at most every 2 s)
            self._reread_pending = True
            self.set_timer(2.0, self._reread_after_oom)

    def _reread_after_oom(self) -> None:
        self._reread_pending = False
        self._read()

    def _on_state(self, state) -> None:
        sample = state.stats.get(obj_key(self.container, self.container.id))
        if sample is not None and sample.at > self._last_sample:
            self._last_sample = sample.at
            self._draw_memory()

    def memory_chart(self, width: int = 60):
        lim = self.report.limit("memory") if self.report is not None else None
        limit = int(lim.limit) if lim is not None and lim.limit else None
        return chart(self.app.control.store.stats_history(self.container.id), self.oom_times, width, 5, limit)

    def _draw_memory(self) -> None:
        width = max(20, min(120, self.size.width - 14))
        c = self.memory_chart(width)
        text = Text(self.t("iso.mem.title"), style="bold")
        if c.latest is None:
            text.append("\n" + self.t("iso.mem.waiting"), style="dim italic")
            self.query_one("#iso-memory", Static).update(text)
            return
        top = human_size(c.top)
        text.append("\n" + self.t("iso.mem.now", used=human_size(c.latest), top=top) if c.limited else
                    "\n" + self.t("iso.mem.now_unlimited", used=human_size(c.latest), top=top))
        for i, row in enumerate(c.rows):
            label = (self.t("iso.mem.limit_label") if c.limited else top) if i == 0 else ""
            text.append(f"\n{label[:10]:>10} ", style="dim")
            text.append(row, style="bold red" if i == 0 and c.limited and row.strip() else "")
        text.append(f"\n{'OOM':>10} ", style="dim")
        text.append(c.marks, style="bold red")
        if self.oom_times:
            text.append("\n" + self.t("iso.mem.ooms", n=len(self.oom_times), mark=OOM_MARK), style="bold")
        text.append("\n" + self.t("iso.mem.note"), style="dim")
        self.query_one("#iso-memory", Static).update(text)

    def _read(self) -> None:
        cid = self.container.id
        self.read(lambda session: session.isolation(cid), self.show, self._failed)

    @unless_closed
    def _failed(self, message: str) -> None:
        self.query_one("#iso-head", Static).update(Text(self.t("error", message=message)))

    @unless_closed
    def show(self, report: Isolation) -> None:
        self.report = report
        head = Text()
        if report.pid > 0:
            head.append(self.t("iso.pid", pid=report.pid), style="bold")
        else:
            head.append(self.t("iso.not_running"), style="bold")
        head.append("\n")
        head.append(self.t("iso.measured", pid=report.pid) if report.local else self.t(report.why_not or "iso.why.remote"), style="dim")
        self.query_one("#iso-head", Static).update(head)
        self.query_one("#iso-ns", Static).update(self._namespaces(report))
        self.query_one("#iso-cgroups", Static).update(self._cgroups(report))
        self.query_one("#iso-security", Static).update(self._security(report))
        self._draw_memory()

    def _namespaces(self, report: Isolation):
        table = Table(title=self.t("iso.namespaces"), title_justify="left", title_style="bold", box=None, expand=True, padding=(0, 1))
        table.add_column(self.t("iso.col.ns"), no_wrap=True, width=6)
        table.add_column(self.t("iso.col.verdict"), ratio=2, overflow="fold")
        table.add_column(self.t("iso.col.identity"), ratio=3, overflow="fold")
        table.add_column(self.t("iso.col.what"), ratio=3, overflow="fold")
        for ns in report.namespaces:
            if ns.verdict == "shared":
                verdict = self.t("iso.verdict.shared", names=", ".join(ns.shared_with))
            elif ns.verdict == "configured":
                verdict = self.t("iso.verdict.configured", mode=ns.mode) if ns.mode and ns.mode != "private" else self.t("iso.verdict.configured_private")
            else:
                verdict = self.t(f"iso.verdict.{ns.verdict}")
            ident = Text(ns.identity or (ns.mode or "—"))
            if ns.host_identity and ns.host_identity != ns.identity:
                ident.append("  " + self.t("iso.host_is", ident=ns.host_identity.split(":", 1)[-1]), style="dim")
            table.add_row(Text(ns.name, style="bold"), Text(verdict, style="" if ns.verdict == "private" else "bold"), ident,
                          Text(self.t(f"iso.ns.{ns.name}"), style="dim"))
        return table

    def _limit_value(self, lim: Limit) -> str:
        if lim.limit is None:
            return self.t("iso.default_shares") if lim.key == "cpu_shares" else self.t("unlimited")
        if lim.key == "memory":
            return human_size(lim.limit)
        if lim.key == "cpus":
            return f"{lim.limit:g}"
        if lim.key == "cpu_quota":
            return f"{lim.limit:g} / {lim.period} µs"
        if lim.key == "pids":
            return f"{lim.limit:g}"
        return f"{lim.limit:g}"

    def _limit_used(self, lim: Limit) -> str:
        if lim.key in ("cpus", "cpu_quota"):
            sample = self.app.control.store.state.stats.get(obj_key(self.container, self.container.id))
            return self.t("iso.used", used=percent(sample.cpu_percent)) if sample and sample.cpu_percent is not None else ""
        if lim.used is None:
            return ""
        return self.t("iso.used", used=human_size(lim.used) if lim.key == "memory" else f"{lim.used:g}")

    def _cgroups(self, report: Isolation):
        from rich.console import Group

        table = Table(title=self.t("iso.cgroups", version=report.cgroup_version or "?"), title_justify="left", title_style="bold",
                      box=None, expand=True, padding=(0, 1))
        table.add_column(self.t("iso.col.cg_what"), ratio=2, overflow="fold")
        table.add_column(self.t("iso.col.cg_limit"), ratio=2, overflow="fold")
        table.add_column(self.t("iso.col.cg_used"), ratio=1, overflow="fold")
        table.add_column(self.t("iso.col.cg_file"), ratio=4, overflow="fold")
        for lim in report.limits:
            table.add_row(Text(self.t(f"iso.limit.{lim.key}")), Text(self._limit_value(lim), style="bold"), Text(self._limit_used(lim)),
                          Text(lim.path or self.t("iso.configured_only"), style="dim"))
        extra = Text()
        if report.throttled_periods is not None:
            extra.append(self.t("iso.throttled", n=report.throttled_periods, ms=(report.throttled_usec or 0) // 1000) + "\n")
        if report.frozen is not None:
            extra.append(self.t("iso.frozen.yes" if report.frozen else "iso.frozen.no") + "\n")
        if report.oom_kills is not None:
            extra.append(self.t("iso.oom_kills", n=report.oom_kills) + "\n")
        if report.cgroup_files:
            extra.append(self.t("iso.files_note") + "\n", style="dim")
            for f in report.cgroup_files:
                first = f.raw.splitlines()[0] if f.raw else ""
                extra.append(f"  cat {f.path}  ", style="dim")
                extra.append(first[:40] + "\n")
        return Group(table, extra) if extra else table

    def _security(self, report: Isolation) -> Text:
        yes, no = self.t("yes"), self.t("no")
        lines = [self.t("iso.security")]
        lines.append(self.t("iso.privileged_warn") if report.privileged else self.t("iso.privileged", value=no))
        if report.cap_add:
            lines.append(self.t("iso.cap_add", caps=", ".join(report.cap_add)))
        if report.cap_drop:
            lines.append(self.t("iso.cap_drop", caps=", ".join(report.cap_drop)))
        if not report.cap_add and not report.cap_drop:
            lines.append(self.t("iso.caps_default"))
        lines.append(self.t("iso.seccomp", value=report.seccomp))
        lines.append(self.t("iso.apparmor", value=report.apparmor or self.t("none")))
        lines.append(self.t("iso.nnp", value=yes if report.no_new_privileges else no))
        lines.append(self.t("iso.readonly", value=yes if report.readonly_rootfs else no))
        policy = report.restart_policy + (f":{report.restart_max}" if report.restart_max else "")
        lines.append(self.t("iso.restart", value=policy))
        text = Text(lines[0], style="bold")
        for line in lines[1:]:
            text.append("\n  " + line)
        return text

    def concept_target(self):
        return "namespace", "containers", self.container

    def concept_facts(self) -> dict:
        return {"isolation": self.report} if self.report is not None else {}
