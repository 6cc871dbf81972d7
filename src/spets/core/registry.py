"""The app registry: every Spets app declares itself on its AppConfig, and the project reads it here.

Declarations (class attributes of the AppConfig; all optional):
- `layer`: the app's place in the dependency order (lower first; an app imports only from lower layers,
  apps on one layer never import each other) — checked by import-linter (`make lint`);
- `url_prefix`: the app's pages are `<app>/urls.py` mounted at this prefix ("" = the site root);
- `url_namespace`: defaults to the app label; None mounts the names globally (the start page);
- `api_router`: dotted path of a django-ninja Router, mounted at /api/<label>/;
- `demo_order`: `spets load-demo` runs `<app>.demo.load(seed)` in this order;
- `health_check`: dotted path of a function -> {"ok": bool, ...} that `/health` runs (core/health.py);
- `pure_modules`: modules (relative to the app) that import nothing from Django; the import-linter
  contract and mypy (`make lint`) read this list.

A new app is one folder plus one line in INSTALLED_APPS: urls.py, api.py, the demo loader and the lint
contracts find it here. `pure_module_names()` works without Django settings (the linter calls it).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from django.apps import AppConfig, apps

PACKAGE = "spets"


def spets_apps() -> list[AppConfig]:
    """The installed Spets apps, in INSTALLED_APPS order (Django must be set up)."""
    return [c for c in apps.get_app_configs() if c.name.startswith(PACKAGE + ".")]


def app_configs_on_disk() -> list[type[AppConfig]]:
    """Every AppConfig class under the package, found without Django settings."""
    root = importlib.import_module(PACKAGE)
    found = []
    for info in pkgutil.iter_modules(root.__path__):
        if not info.ispkg:
            continue
        name = f"{PACKAGE}.{info.name}"
        if importlib.util.find_spec(f"{name}.apps") is None:
            continue
        module = importlib.import_module(f"{name}.apps")
        found += [
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, AppConfig) and cls is not AppConfig and cls.__module__ == module.__name__
        ]
    return sorted(found, key=lambda cls: cls.name)


def pure_module_names() -> list[str]:
    """Dotted names of every declared pure module."""
    return [f"{cls.name}.{m}" for cls in app_configs_on_disk() for m in getattr(cls, "pure_modules", ())]


def pure_module_paths() -> list[str]:
    """File paths of the pure modules, for mypy."""
    out = []
    for name in pure_module_names():
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise LookupError(f"declared pure module {name} does not exist")
        out.append(str(Path(spec.origin).relative_to(Path.cwd())))
    return out


def app_layers() -> list[list[str]]:
    """App module names grouped by declared layer, lowest first (no Django settings needed)."""
    by_layer: dict[int, list[str]] = {}
    for cls in app_configs_on_disk():
        if getattr(cls, "layer", None) is None:
            raise LookupError(f"{cls.__module__}.{cls.__name__} declares no `layer`")
        by_layer.setdefault(cls.layer, []).append(cls.name)
    return [sorted(by_layer[n]) for n in sorted(by_layer)]


def demo_loaders() -> list[str]:
    """Modules with a demo `load(seed)`, in the declared order."""
    ordered = sorted(
        (c.demo_order, c.name) for c in spets_apps() if getattr(c, "demo_order", None) is not None
    )
    return [f"{name}.demo" for _, name in ordered]


if __name__ == "__main__":  # `python -m spets.core.registry` prints the pure modules' paths (make lint)
    print(" ".join(pure_module_paths()))
