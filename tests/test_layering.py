"""The engine and the domain never import Textual; the UI never imports docker."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import tui

ROOT = Path(tui.__file__).parent


def _modules(package: str) -> list[str]:
    path = ROOT / package.split(".", 1)[1].replace(".", "/")
    return [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])]


def test_engine_and_domain_load_without_textual():
    modules = _modules("tui.engine") + _modules("tui.domain")
    code = (
        "import sys\n"
        f"for m in {modules!r}: __import__(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"textual imported by the engine/domain: {out}"


def test_domain_does_not_import_docker():
    code = (
        "import sys\n"
        f"for m in {_modules('tui.domain')!r}: __import__(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m == 'docker' or m.startswith('docker.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"docker imported by the domain: {out}"


def test_ui_modules_do_not_import_docker():
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in ("engine", "domain"):
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            if any(n == "docker" or n.startswith("docker.") for n in names):
                offenders.append(str(rel))
    assert not offenders, f"UI modules import docker: {offenders}"


# The import contracts in pyproject.toml ([tool.importlinter]), and no import cycles.

REPO = ROOT.parent


def test_import_contracts_hold():
    """lint-imports: UI layers one way; screens/widgets never reach the engine, docker or
    requests; the engine imports no Textual and no UI; the domain is pure."""
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"],
        cwd=REPO, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout


def _graph():
    import grimp

    return grimp.build_graph("tui")  # every import statement, those inside functions too


def _cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(root: str) -> None:
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def _is_package(module: str) -> bool:
    return (ROOT.parent / module.replace(".", "/") / "__init__.py").exists()


def test_no_import_cycles():
    graph = _graph()
    # A package's __init__ re-exporting its own submodule is not a cycle between modules.
    cycles = [c for c in _cycles(graph) if not (len(c) == 2 and any(_is_package(m) and all(o.startswith(m + ".") or o == m for o in c) for m in c))]
    assert cycles == [], f"import cycles: {cycles}"


def test_cycle_finder_sees_function_local_imports(tmp_path):
    """The cycle test would catch a loop hidden in a function-local import."""
    pkg = tmp_path / "cyc"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def f():\n    from . import a\n")
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); sys.path.insert(0, {str(REPO)!r})\n"
        "import grimp\nfrom tests.test_layering import _cycles\n"
        "print(_cycles(grimp.build_graph('cyc')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO).stdout
    assert "cyc.a" in out and "cyc.b" in out


def test_no_ui_module_imports_the_engine():
    graph = _graph()
    ui = [m for m in graph.modules if m.startswith(("tui.screens", "tui.widgets")) or m in ("tui.commands", "tui.commands_learn", "tui.i18n", "tui.clipboard", "tui.keymap")]
    offenders = sorted(
        f"{m} -> {imported}"
        for m in ui
        for imported in graph.find_modules_directly_imported_by(m)
        if imported.startswith("tui.engine")
    )
    assert offenders == []


def test_no_screen_starts_a_daemon_worker():
    """Every daemon call from the UI goes through app.control.ops (one runner): no screen
    or widget defines a thread worker of its own, except local file writes."""
    allowed = {("screens/detail/logs_tab.py", "_save")}  # writes the saved log file: no daemon
    found = []
    for path in list((ROOT / "screens").rglob("*.py")) + list((ROOT / "widgets").rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for deco in node.decorator_list:
                    if isinstance(deco, ast.Call) and getattr(deco.func, "id", "") == "work" and any(
                        k.arg == "thread" and getattr(k.value, "value", False) for k in deco.keywords
                    ):
                        rel = str(path.relative_to(ROOT))
                        if (rel, node.name) not in allowed:
                            found.append(f"{rel}:{node.name}")
    assert found == []
