"""The scoring core stays pure: no Django (or any other web/database) import in these modules."""

import ast
from pathlib import Path

import spets.assessment

PURE_MODULES = [
    "errors",
    "frameworks",
    "questions",
    "scoring",
    "ghg",
    "respondents",
    "benchmark",
    "recommend",
    "dma_layout",
    "radar",
]
ALLOWED_THIRD_PARTY = {"yaml", "numpy"}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def test_pure_modules_import_only_the_standard_library_yaml_and_numpy():
    import sys

    folder = Path(spets.assessment.__file__).parent
    for name in PURE_MODULES:
        for module in _imports(folder / f"{name}.py"):
            assert module in sys.stdlib_module_names or module in ALLOWED_THIRD_PARTY, (
                f"{name}.py imports {module}"
            )
