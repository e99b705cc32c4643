"""The core names no service: it finds them through the `gongzhi.services` entry points."""

import ast
from pathlib import Path

from gongzhi import plugins

CORE = Path(__file__).resolve().parents[1]
SERVICES = {"intake", "routing", "deliberation", "notify", "scoring", *plugins.names()}
DYNAMIC_IMPORTS = {"import_module", "__import__", "import_string", "spec_from_file_location"}


def core_files() -> list[Path]:
    return [path for path in CORE.rglob("*.py") if "tests" not in path.relative_to(CORE).parts]


def service_imports(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if _top(a.name) in SERVICES]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _top(node.module) in SERVICES:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and _called(node.func) in DYNAMIC_IMPORTS:
            found.append((node.lineno, f"{_called(node.func)}(...)"))
    return found


def _top(module: str) -> str:
    return module.split(".", 1)[0]


def _called(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def test_no_core_module_imports_a_service_by_name_or_by_a_built_name():
    files = core_files()
    assert len(files) > 30  # the walk found the core
    offences = [
        f"{path.relative_to(CORE.parent)}:{line}: {what}"
        for path in files
        for line, what in service_imports(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offences == []


def test_the_check_catches_each_kind_of_import():
    source = (
        "import routing.model\n"
        "from intake import handlers\n"
        "from . import intake\n"  # relative: the core's own module, allowed
        "import importlib\n"
        "importlib.import_module(f'{service}.events')\n"
        "__import__('scoring')\n"
    )
    assert [line for line, _ in service_imports(ast.parse(source))] == [1, 2, 5, 6]


def test_every_installed_service_is_found_through_its_entry_point():
    assert {"intake", "routing", "deliberation", "notify", "scoring"} <= set(plugins.names())
    for name, plugin in plugins.installed().items():
        assert plugin.name == name
        assert getattr(plugin.service(), "name") == name  # noqa: B009 - nameko classes carry it
        assert (plugin.migrations / "env.py").is_file()
