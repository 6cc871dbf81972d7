"""The architecture's rules are enforced, not only written: `make lint` (import-linter with the contracts in
pyproject.toml and tools/contracts.py) fails on an upward import, a private helper imported from another
module, and Django in a pure core; and the app registry finds every app's declarations."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


@pytest.fixture(scope="module")
def broken_copy(tmp_path_factory):
    """A copy of the project with one violation of each rule planted."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(
        ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__", "locale", "static")
    )
    shutil.copytree(ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    spets = root / "src" / "spets"
    (spets / "companies" / "upward.py").write_text("from spets.assessment import models  # noqa\n")
    (spets / "geo" / "peek.py").write_text("from spets.geo.maps import _private_helper  # noqa\n")
    (spets / "geo" / "cycle_a.py").write_text("from spets.geo import cycle_b  # noqa\n")
    (spets / "geo" / "cycle_b.py").write_text("from spets.geo import cycle_a  # noqa\n")
    pure = spets / "geo" / "geometry.py"
    pure.write_text(pure.read_text() + "\nimport django  # noqa\n")
    return root


def lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is a dev dependency")
def test_lint_fails_on_an_upward_import_a_private_import_a_cycle_and_django_in_a_pure_core(broken_copy):
    result = lint(broken_copy)
    assert result.returncode != 0
    out = " ".join(result.stdout.split())
    assert "spets.companies is not allowed to import spets.assessment" in out
    assert "spets.companies.upward -> spets.assessment.models" in out
    assert "spets.geo.peek (l.1) imports _private_helper from spets.geo.maps" in out
    assert "spets.geo.geometry -> django" in out
    assert "No import cycles between the modules of an app BROKEN" in out
    assert "No cycles are allowed in spets.geo" in out and ".cycle_b -> .cycle_a" in out


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is a dev dependency")
def test_the_project_itself_keeps_every_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "BROKEN" not in result.stdout


def test_the_registry_finds_each_apps_declarations():
    from spets.core.registry import demo_loaders, pure_module_names, spets_apps

    labels = [c.label for c in spets_apps()]
    assert labels[:2] == ["core", "geo"] and "site" in labels
    assert demo_loaders()[0] == "spets.core.demo"
    assert demo_loaders().index("spets.companies.demo") < demo_loaders().index("spets.assessment.demo")
    assert "spets.economy.io" in pure_module_names() and "spets.geo.geometry" in pure_module_names()


HELLO_FILES = {
    "__init__.py": "",
    "apps.py": """from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can


class HelloConfig(AppConfig):
    name = "spets.hello"
    label = "hello"
    layer = 6
    url_prefix = "hello/"
    api_router = "spets.hello.api.router"
    nav = [(70, "hello:index", _("Hello"), Can.READ_COMPANY_DATA)]
    demo_order = 60
    pure_modules = ("greeting",)
""",
    "greeting.py": 'def greet(name: str) -> str:\n    return f"Hej {name}"\n',
    "urls.py": """from django.urls import path

from spets.hello.views.index import index

app_name = "hello"
urlpatterns = [path("", index, name="index")]
""",
    "views/__init__.py": "",
    "views/index.py": """from django.http import HttpResponse

from spets.core.permissions import page_view
from spets.hello.greeting import greet


@page_view
def index(request):
    return HttpResponse(greet(request.user.get_username()))
""",
    "api.py": """from ninja import Router

router = Router(tags=["hello"])


@router.get("/greeting")
def greeting(request):
    return {"text": "Hej"}
""",
    "demo.py": "def load(seed: int) -> dict:\n    return {}\n",
}

HELLO_CHECK = """
import django
django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS.append("testserver")
from django.test import Client
from django.core.management import call_command
from spets.core.models import User
from spets.core.registry import demo_loaders, pure_module_names
call_command("migrate", verbosity=0)
user = User.objects.create_user("anna", password="x", role="advisor")
client = Client()
client.force_login(user)
assert client.get("/hello/").content == b"Hej anna"
assert client.get("/api/hello/greeting").json() == {"text": "Hej"}
assert b'href="/hello/"' in client.get("/atlas/").content  # the navigation has the entry
assert "spets.hello.demo" in demo_loaders() and "spets.hello.greeting" in pure_module_names()
print("hello ok")
"""


def test_a_new_app_is_one_folder_plus_one_line_in_installed_apps(tmp_path):
    """CONTRIBUTING.md's checklist: pages, API, navigation, demo loader and lint find the app by itself."""
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copytree(ROOT / "tools", tmp_path / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    hello = tmp_path / "src" / "spets" / "hello"
    for name, text in HELLO_FILES.items():
        (hello / name).parent.mkdir(parents=True, exist_ok=True)
        (hello / name).write_text(text)
    settings = tmp_path / "src" / "spets" / "settings.py"
    text = settings.read_text()
    assert text.count('    "spets.site",\n') == 1
    settings.write_text(
        text.replace('    "spets.site",\n', '    "spets.hello",\n    "spets.site",\n')
    )  # the one line

    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(tmp_path / "src"),
        "DJANGO_SETTINGS_MODULE": "spets.settings",
        "SPETS_DEMO": "1",
        "SPETS_DATA_DIR": str(tmp_path / "data"),
    }
    run = subprocess.run(
        [sys.executable, "-c", HELLO_CHECK],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.stdout.strip().endswith("hello ok"), run.stderr[-3000:]
    if LINT_IMPORTS.exists():  # and it keeps the contracts: its layer and its pure module are checked too
        result = lint(tmp_path)
        assert result.returncode == 0, result.stdout[-3000:]
