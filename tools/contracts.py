"""Three import-linter contract types of our own (configured in pyproject.toml, run by `make lint`).

- `registry_layers`: the layers contract, with the apps' layers read from their AppConfigs (`layer`: a
  number, lower first; apps on one number are independent siblings), so a new app declares its place in
  its own apps.py. `above`/`below` name the project's wiring modules around the apps.
- `pure`: every module an app declares in its AppConfig's `pure_modules` (spets.core.registry) imports
  nothing from Django, directly or through another module. The list is read from the apps, so a new
  pure module is declared once, beside the app.
- `no_private_imports`: no `from spets.x.y import _helper` across modules. A helper another module
  needs gets a public name and a proper home (often spets.core).
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output
from importlinter.contracts.layers import LayersContract


class RegistryLayersContract(LayersContract):
    type_name = "registry_layers"
    above = fields.ListField(subfield=fields.StringField(), required=False)
    below = fields.ListField(subfield=fields.StringField(), required=False)

    def __init__(self, name, session_options, contract_options):
        from spets.core.registry import app_layers

        layers = [" | ".join(names) for names in reversed(app_layers())]
        options = dict(contract_options)
        options["layers"] = list(options.get("above", [])) + layers + list(options.get("below", []))
        super().__init__(name, session_options, options)


class PureModulesContract(Contract):
    type_name = "pure"
    forbidden = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        from spets.core.registry import pure_module_names

        chains = []
        for module in pure_module_names():
            if module not in graph.modules:
                chains.append([module, "(declared pure, but no such module)"])
                continue
            for banned in self.forbidden:  # type: ignore[attr-defined]
                chain = graph.find_shortest_chain(importer=module, imported=banned)
                if chain:
                    chains.append(list(chain))
        return ContractCheck(kept=not chains, metadata={"chains": chains})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Declared pure modules reach a forbidden package:", bold=False)
        output.new_line()
        for chain in check.metadata["chains"]:
            output.print_error("- " + " -> ".join(chain), bold=False)
        output.new_line()


def _source_file(module: str) -> Path | None:
    """The module's file, found without importing anything (importing a package may need settings)."""
    top, _, rest = module.partition(".")
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(list(spec.submodule_search_locations)[0]).joinpath(*rest.split(".")) if rest else None
    if base is None:
        return Path(list(spec.submodule_search_locations)[0]) / "__init__.py"
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def _private_names(module: str) -> list[tuple[int, str, str]]:
    """(line, imported module, name) for every `from other import _name` in a module's source."""
    path = _source_file(module)
    if path is None:
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        source = node.module or ""
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            source = ".".join(base + ([source] if source else []))
        for alias in node.names:
            name = alias.name
            if name.startswith("_") and not name.startswith("__") and source != module:
                found.append((node.lineno, source, name))
    return found


class NoPrivateImportsContract(Contract):
    type_name = "no_private_imports"
    packages = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        roots = tuple(self.packages)  # type: ignore[attr-defined]
        found = []
        for module in sorted(graph.modules):
            if module.startswith(roots):
                found += [(module, *hit) for hit in _private_names(module)]
        return ContractCheck(kept=not found, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error(
            "Private names imported from another module (give them a public home):", bold=False
        )
        output.new_line()
        for module, line, source, name in check.metadata["found"]:
            output.print_error(f"- {module} (l.{line}) imports {name} from {source}", bold=False)
        output.new_line()
