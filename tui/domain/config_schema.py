"""The typed schema of ``config.toml``: every value checked at start, never a crash.

``parse(data, source)`` takes the file's bytes and returns a ``Settings`` (frozen, typed,
defaults wherever a value was wrong) and a tuple of ``Problem`` (line, key, what was
found, what was expected, what is used instead). Nothing here raises on bad input:
invalid UTF-8, a TOML syntax error, a table where a value belongs (``keymap = "x"``), a
number where a table belongs (``logs = 5``), ``inf``/``nan``, out-of-range integers and
unknown keys all become problems and the defaults stand.

Tables::

    [keymap]                 binding id = "keys" (comma-separated) or ["k1", "k2"]
    [logs]                   tail, context, buffer (max_lines is the old name of buffer)
    [[hosts]]                name, url | context, group, readonly, colour  (dockyard --fleet)
    [ssh]                    command = "ssh" or ["ssh", "-F", "cfg"]      (DOCKYARD_SSH_COMMAND wins)
    [alerts]                 enabled, died, oom, unhealthy, restarts, window (minutes), bell
                             (cpu and memory: not used yet); [alerts.hosts.NAME] the same
                             keys (not bell) for one fleet host
    [ui]                     preview = true|false (unset: shown at >= 140 columns)
    [[commands]]             name, command, mode = "background"|"terminal", key, kinds

Every string is outside text: values are checked against ``sanitize`` (a control
character is a problem, not a value), and messages show values cleaned.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Mapping

from .custom_commands import CustomCommand, unknown_placeholders
from .hosts import address_problem
from .sanitize import clean, clean_name

__all__ = [
    "AlertSettings",
    "HostEntry",
    "LogSettings",
    "Problem",
    "Settings",
    "SshSettings",
    "UiSettings",
    "parse",
]

TAIL_MAX = 1_000_000
BUFFER_MIN, BUFFER_MAX = 100, 2_000_000
CONTEXT_MAX = 1_000


@dataclass(frozen=True, slots=True)
class Problem:
    line: int | None  # 1-based; None when the file as a whole is at fault
    key: str  # dotted path, "" for the whole file
    message: str  # already cleaned: safe to show

    def describe(self, source: str = "config.toml") -> str:
        where = f"{source} line {self.line}" if self.line else source
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class LogSettings:
    tail: int = 1000
    context: int = 2
    buffer: int = 10_000  # tui.domain.logbuffer.DEFAULT_MAX

    def as_mapping(self) -> Mapping[str, int]:
        return MappingProxyType({"tail": self.tail, "context": self.context, "buffer": self.buffer})


@dataclass(frozen=True, slots=True)
class HostEntry:
    name: str
    url: str | None = None
    context: str | None = None
    group: str = ""
    readonly: bool = False
    colour: str = ""


@dataclass(frozen=True, slots=True)
class SshSettings:
    command: tuple[str, ...] = ("ssh",)


@dataclass(frozen=True, slots=True)
class AlertSettings:
    enabled: bool = True
    cpu: float | None = None  # percent of one core, e.g. 90 or 250
    memory: float | None = None  # percent of the limit
    restarts: int | None = None  # restarts within the alert window that make a loop (None: 3, 0: off)
    unhealthy: bool = True
    died: bool = True  # a non-zero exit nobody asked for
    oom: bool = True  # killed by the kernel's OOM killer
    window: float = 5.0  # minutes, for the restart loop
    bell: bool = False  # ring the terminal bell with each alert
    hosts: tuple = ()  # (host name, AlertSettings) pairs from [alerts.hosts.NAME]: a fleet host's own rules

    def for_host(self, host: str) -> "AlertSettings":
        """The rules of one fleet host: its [alerts.hosts.NAME] table, else these."""
        return next((a for name, a in self.hosts if name == host), self)


@dataclass(frozen=True, slots=True)
class UiSettings:
    preview: bool | None = None  # None: shown when the terminal is wide enough


@dataclass(frozen=True, slots=True)
class Settings:
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    logs: LogSettings = LogSettings()
    hosts: tuple[HostEntry, ...] = ()
    ssh: SshSettings = SshSettings()
    alerts: AlertSettings = AlertSettings()
    ui: UiSettings = UiSettings()
    commands: tuple[CustomCommand, ...] = ()


# One key as Textual names it ("x", "ctrl+x", "f1", "question_mark", "X", "ä"): modifiers,
# then one printable character or a lower-case name. A name Textual does not know is
# refused at start by ``keymap_check`` (it needs Textual's vocabulary).
_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[^\s,\x00-\x1f\x7f-\x9f\ufffd]|[a-z0-9_]{2,})$")
_COLOUR = re.compile(r"^(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}|[a-z_]+[0-9]*)$")
_HOST_SCHEMES = ("unix://", "tcp://", "ssh://", "npipe://", "http://", "https://")


def _show(value: Any) -> str:
    """A found value as the message shows it: TOML-ish, cleaned, cut short."""
    if isinstance(value, str):
        text = '"' + value + '"'
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list):
        text = "an array"
    else:
        text = repr(value)
    text = clean_name(text)
    return text if len(text) <= 60 else text[:57] + "..."


class _Lines:
    """Where each dotted key was written, by a light scan of the TOML text."""

    _HEADER = re.compile(r"^\s*\[(\[)?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
    _ASSIGN = re.compile(r"^\s*((?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+)(?:\s*\.\s*(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+))*)\s*=")

    def __init__(self, text: str) -> None:
        self.where: dict[str, int] = {}
        table = ""
        counts: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), 1):
            header = self._HEADER.match(line)
            if header:
                name = self._key(header.group(2))
                if header.group(1):  # [[array]]
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                    table = f"{name}[{index}]"
                else:
                    table = name
                self.where.setdefault(table, number)
                continue
            assign = self._ASSIGN.match(line)
            if assign:
                key = self._key(assign.group(1))
                self.where.setdefault(f"{table}.{key}" if table else key, number)

    @staticmethod
    def _key(raw: str) -> str:
        parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_\-]+)", raw)
        return ".".join(a or b or c for a, b, c in parts)

    def line(self, key: str) -> int | None:
        while key:
            if key in self.where:
                return self.where[key]
            key = key.rsplit(".", 1)[0] if "." in key else ""
        return None


class _Checker:
    def __init__(self, lines: _Lines) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(line if line is not None else self.lines.line(key), clean_name(key), clean(message)))

    def wrong(self, key: str, found: Any, expected: str, used: str) -> None:
        self.problem(key, f"found {_show(found)}, expected {expected}; using {used}")

    def table(self, data: Mapping[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key, {})
        if isinstance(value, dict):
            return value
        self.wrong(key, value, "a table", "the defaults")
        return {}

    def integer(self, table: Mapping[str, Any], path: str, key: str, default: int, low: int, high: int) -> int:
        if key not in table:
            return default
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.wrong(f"{path}.{key}", value, f"a whole number from {low:,} to {high:,}", str(default))
            return default
        return value

    def number(
        self, table: Mapping[str, Any], path: str, key: str, low: float, high: float, default: float | None = None, unit: str = ""
    ) -> float | None:
        """``table[key]`` if it is a number from ``low`` to ``high``; else ``default`` (None: no limit)."""
        if key not in table:
            return default
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
            used = "no limit" if default is None else f"{default:g}{unit}"
            self.wrong(f"{path}.{key}", value, f"a number from {low:g} to {high:g}", used)
            return default
        return float(value)

    def boolean(self, table: Mapping[str, Any], path: str, key: str, default: bool) -> bool:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, bool):
            self.wrong(f"{path}.{key}", value, "true or false", "true" if default else "false")
            return default
        return value

    def text(self, table: Mapping[str, Any], path: str, key: str, default: str | None) -> str | None:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, str) or clean_name(value) != value or not value.strip():
            self.wrong(f"{path}.{key}", value, "a non-empty string without control characters", _show(default) if default else "nothing")
            return default
        return value

    def unknown(self, table: Mapping[str, Any], path: str, known: tuple[str, ...]) -> None:
        for key in table:
            if key not in known:
                self.problem(f"{path}.{key}" if path else key, f"unknown setting (known: {', '.join(known)}); ignored")


def _keymap(c: _Checker, data: Mapping[str, Any]) -> Mapping[str, str]:
    out: dict[str, str] = {}
    for binding, value in _flatten(c.table(data, "keymap")).items():
        path = f"keymap.{binding}"
        keys = value if isinstance(value, list) else value.split(",") if isinstance(value, str) else None
        if keys is None or not keys:
            c.wrong(path, value, 'keys as a string ("ctrl+x,f5") or an array of strings', "the default key")
            continue
        names = [k.strip() if isinstance(k, str) else k for k in keys]
        bad = [k for k in names if not isinstance(k, str) or not _KEY.match(k)]
        if bad or clean_name(binding) != binding:
            c.wrong(path, bad[0] if bad else binding, "key names such as x, ctrl+x, f5 (no spaces or control characters)", "the default key")
            continue
        out[binding] = ",".join(names)
    return MappingProxyType(out)


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    # TOML reads `container.stop = "x"` as a nested table; binding ids are dotted names.
    out: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _logs(c: _Checker, data: Mapping[str, Any]) -> LogSettings:
    table = dict(c.table(data, "logs"))
    d = LogSettings()
    if "max_lines" in table and "buffer" not in table:
        table["buffer"] = table.pop("max_lines")
    c.unknown(table, "logs", ("tail", "context", "buffer", "max_lines"))
    return LogSettings(
        tail=c.integer(table, "logs", "tail", d.tail, 0, TAIL_MAX),
        context=c.integer(table, "logs", "context", d.context, 0, CONTEXT_MAX),
        buffer=c.integer(table, "logs", "buffer", d.buffer, BUFFER_MIN, BUFFER_MAX),
    )


def _hosts(c: _Checker, data: Mapping[str, Any]) -> tuple[HostEntry, ...]:
    value = data.get("hosts", [])
    if not isinstance(value, list):
        c.wrong("hosts", value, "[[hosts]] tables", "no hosts")
        return ()
    out: list[HostEntry] = []
    seen: set[str] = set()
    for index, entry in enumerate(value):
        path = f"hosts[{index}]"
        if not isinstance(entry, dict):
            c.wrong(path, entry, "a [[hosts]] table", "nothing (entry skipped)")
            continue
        c.unknown(entry, path, ("name", "url", "context", "group", "readonly", "colour"))
        name = c.text(entry, path, "name", None)
        url = c.text(entry, path, "url", None)
        context = c.text(entry, path, "context", None)
        if name is None:
            c.problem(path, "a host needs a name; entry skipped")
            continue
        if name in seen:
            c.problem(f"{path}.name", f"a second host named {_show(name)}; entry skipped")
            continue
        if ("url" in entry) == ("context" in entry):
            c.problem(path, "give exactly one of url or context; entry skipped")
            continue
        if url is None and context is None:
            continue  # the one given was refused above, with its reason
        if url is not None and not url.startswith(_HOST_SCHEMES) and not url.startswith("/"):
            c.wrong(f"{path}.url", url, "unix://, tcp://, ssh:// or a socket path", "nothing (entry skipped)")
            continue
        unreadable = address_problem(url) if url is not None and not url.startswith("/") else ""
        if unreadable:
            c.wrong(f"{path}.url", url, f"a daemon address ({unreadable})", "nothing (entry skipped)")
            continue
        colour = c.text(entry, path, "colour", "") or ""
        if colour and not _COLOUR.match(colour):
            c.wrong(f"{path}.colour", colour, "a colour name or #rrggbb", "no colour")
            colour = ""
        seen.add(name)
        out.append(
            HostEntry(
                name=name,
                url=url,
                context=context,
                group=c.text(entry, path, "group", "") or "",
                readonly=c.boolean(entry, path, "readonly", False),
                colour=colour,
            )
        )
    return tuple(out)


def _ssh(c: _Checker, data: Mapping[str, Any]) -> SshSettings:
    table = c.table(data, "ssh")
    c.unknown(table, "ssh", ("command",))
    if "command" not in table:
        return SshSettings()
    value = table["command"]
    words = value.split() if isinstance(value, str) else value if isinstance(value, list) else None
    if not words or not all(isinstance(w, str) and w and clean_name(w) == w for w in words):
        c.wrong("ssh.command", value, 'a command such as "ssh" or ["ssh", "-F", "file"]', '"ssh"')
        return SshSettings()
    return SshSettings(command=tuple(words))


def _alerts(c: _Checker, data: Mapping[str, Any]) -> AlertSettings:
    table = c.table(data, "alerts")
    c.unknown(table, "alerts", ("enabled", "cpu", "memory", "restarts", "unhealthy", "died", "oom", "window", "bell", "hosts"))
    base = _alert_rules(c, table, "alerts", AlertSettings())
    hosts = table.get("hosts", {})
    if not isinstance(hosts, dict) or not all(isinstance(v, dict) for v in hosts.values()):
        c.wrong("alerts.hosts", hosts, "tables such as [alerts.hosts.NAME]", "the same rules on every host")
        hosts = {}
    per_host = []
    for name, sub in hosts.items():
        if clean_name(name) != name or not name.strip():
            c.wrong("alerts.hosts", name, "a host name without control characters", "nothing for it")
            continue
        path = f"alerts.hosts.{name}"
        c.unknown(sub, path, ("enabled", "cpu", "memory", "restarts", "unhealthy", "died", "oom", "window"))
        per_host.append((name, _alert_rules(c, sub, path, base)))
    return replace(base, hosts=tuple(per_host))


def _alert_rules(c: _Checker, table: Mapping[str, Any], path: str, base: AlertSettings) -> AlertSettings:
    """The rules in ``table`` (``[alerts]`` or one ``[alerts.hosts.NAME]``), ``base`` for the rest."""
    restarts = table.get("restarts", base.restarts)
    if restarts is not None and (isinstance(restarts, bool) or not isinstance(restarts, int) or not 0 <= restarts <= 1_000_000):
        used = "the default" if base.restarts is None else str(base.restarts)
        c.wrong(f"{path}.restarts", restarts, "a whole number from 0 to 1,000,000", used)
        restarts = base.restarts
    return AlertSettings(
        enabled=c.boolean(table, path, "enabled", base.enabled),
        cpu=c.number(table, path, "cpu", 0, 100_000, base.cpu),
        memory=c.number(table, path, "memory", 0, 100, base.memory),
        restarts=restarts,
        unhealthy=c.boolean(table, path, "unhealthy", base.unhealthy),
        died=c.boolean(table, path, "died", base.died),
        oom=c.boolean(table, path, "oom", base.oom),
        window=c.number(table, path, "window", 0.1, 10_080, base.window, " minutes"),
        bell=c.boolean(table, path, "bell", base.bell),
    )


def _ui(c: _Checker, data: Mapping[str, Any]) -> UiSettings:
    table = c.table(data, "ui")
    c.unknown(table, "ui", ("preview",))
    return UiSettings(preview=c.boolean(table, "ui", "preview", False) if "preview" in table else None)


def _commands(c: _Checker, data: Mapping[str, Any]) -> tuple:
    value = data.get("commands", [])
    if not isinstance(value, list):
        c.wrong("commands", value, "[[commands]] tables", "no commands")
        return ()
    out = []
    seen: set[str] = set()
    for index, entry in enumerate(value):
        path = f"commands[{index}]"
        if not isinstance(entry, dict):
            c.wrong(path, entry, "a [[commands]] table", "nothing (entry skipped)")
            continue
        c.unknown(entry, path, ("name", "command", "mode", "key", "kinds"))
        name = c.text(entry, path, "name", None)
        command = c.text(entry, path, "command", None)
        if name is None or command is None:
            c.problem(path, "a command needs a name and a command; entry skipped")
            continue
        if name in seen:
            c.problem(f"{path}.name", f"a second command named {_show(name)}; entry skipped")
            continue
        bad = unknown_placeholders(command)
        if bad:
            c.problem(f"{path}.command", f"unknown placeholder {{{bad[0]}}} (known: {{id}} {{name}} {{image}} {{host}}); entry skipped")
            continue
        mode = c.text(entry, path, "mode", "background") or "background"
        if mode not in ("background", "terminal"):
            c.wrong(f"{path}.mode", mode, '"background" or "terminal"', '"background"')
            mode = "background"
        key = c.text(entry, path, "key", "") or ""
        if key and not _KEY.match(key):
            c.wrong(f"{path}.key", key, "a key name such as ctrl+g or f5", "no key")
            key = ""
        kinds = entry.get("kinds", ["containers"])
        if not isinstance(kinds, list) or not kinds or not all(k in ("containers", "images", "networks", "volumes") for k in kinds):
            c.wrong(f"{path}.kinds", kinds, 'a list of "containers", "images", "networks", "volumes"', '["containers"]')
            kinds = ["containers"]
        seen.add(name)
        out.append(CustomCommand(name=name, command=command, mode=mode, key=key, kinds=tuple(kinds)))
    return tuple(out)


_TOP = ("keymap", "logs", "hosts", "ssh", "alerts", "ui", "commands")
_TOML_LINE = re.compile(r"\(at line (\d+)")


def parse(data: bytes) -> tuple[Settings, tuple[Problem, ...]]:
    """Validate the whole file; return settings (defaults where wrong) and every problem."""
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(line, "", f"not valid UTF-8 (byte {data[exc.start]:#04x}); the bad bytes are read as \ufffd"))
        text = data.decode("utf-8", errors="replace")
    import tomllib  # only with a file to read (~4 ms of the start otherwise)

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        problems.append(Problem(int(found.group(1)) if found else None, "", clean(f"not valid TOML ({exc}); every setting uses its default")))
        return Settings(), tuple(problems)
    c = _Checker(_Lines(text))
    c.problems = problems
    c.unknown(doc, "", _TOP)
    settings = Settings(
        keymap=_keymap(c, doc),
        logs=_logs(c, doc),
        hosts=_hosts(c, doc),
        ssh=_ssh(c, doc),
        alerts=_alerts(c, doc),
        ui=_ui(c, doc),
        commands=_commands(c, doc),
    )
    return settings, tuple(sorted(c.problems, key=lambda p: p.line or 0))
