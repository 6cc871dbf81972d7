# Spets — the two commands of the README:
#   make demo   install everything and run the demo (SQLite, synthetic data for Norra Mellansverige)
#   make test   install everything and run the whole test suite (SQLite, then PostgreSQL)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
.PHONY: demo test test-sqlite test-postgres lint system-packages install install-dev bench clean

PORT ?= 8000

demo: install
	$(BIN)/spets demo --port $(PORT)

test: install-dev system-packages lint test-sqlite test-postgres

$(BIN)/python:
	@echo "== creating the virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	@echo "== installing Spets and its dependencies (the first time takes a minute or two)"
	$(BIN)/pip install --quiet --disable-pip-version-check -e .

# dev = the light test tools; browser (Playwright) and iocompare (pymrio) are the heavy optional test
# dependencies: `make test` installs all three so every test runs (in CI a skip for a missing one fails).
install-dev: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,browser,iocompare]'

# Debian's Chromium for the real-browser tests and gettext for the translation check (no browser download).
system-packages:
	@missing=""; [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install Debian packages:$$missing (sudo apt-get install$$missing)"; exit 1; fi; fi

# ruff (style, line length), import-linter (the layers, pure cores, no private imports: pyproject.toml
# and tools/contracts.py), mypy on the pure cores the apps declare (AppConfig.pure_modules).
lint:
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check --quiet src tests bench tools
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy --follow-imports=silent $$($(BIN)/python -m spets.core.registry)

# Both runs use every core (pytest-xdist): each worker has its own data directory (tests/settings.py) and
# its own test database. PYTEST_ARGS="-n 0" runs in one process (a debugger, a clean traceback).
PYTEST_ARGS ?= -n auto

test-sqlite:
	@echo "== tests on SQLite"
	env -u SPETS_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

# PostgreSQL is the production database: CI requires it; elsewhere it runs when the server answers.
test-postgres:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== tests on PostgreSQL ($(PG_TEST_URL))"; SPETS_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL at $(PG_TEST_URL) is not reachable (required in CI)"; exit 1; \
	else echo "== PostgreSQL at $(PG_TEST_URL) not reachable: PostgreSQL run skipped (set PG_TEST_URL)"; fi

bench: install-dev
	$(BIN)/pip install --quiet -e '.[bench]'
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
