# Spets — the two commands of the README:
#   make demo   install everything and run the demo (SQLite, synthetic data for Norra Mellansverige)
#   make test   install everything and run the whole test suite (SQLite, then PostgreSQL)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
# Numeric and parsing cores that import nothing from Django: type-checked in `make lint`.
PURE_CORES := $(addprefix src/spets/economy/,io.py regional.py tables.py tax.py footprint.py scenario.py) \
	$(addprefix src/spets/stats/,cube.py ops.py px.py jsonstat.py pxweb_json.py scb_csv.py clients.py catalogue.py stitch.py store.py analysis.py) \
	$(addprefix src/spets/assessment/,frameworks.py questions.py scoring.py respondents.py ghg.py benchmark.py recommend.py export.py) \
	src/spets/geo/geometry.py src/spets/companies/orgnr.py src/spets/companies/sizeclass.py

.PHONY: demo test test-sqlite test-postgres lint system-packages install install-dev bench clean

demo: install
	$(BIN)/spets demo

test: install-dev system-packages lint test-sqlite test-postgres

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'

# Debian's Chromium for the real-browser tests and gettext for the translation check (no browser download).
system-packages:
	@missing=""; [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install Debian packages:$$missing (sudo apt-get install$$missing)"; exit 1; fi; fi

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy --follow-imports=silent $(PURE_CORES)

test-sqlite:
	@echo "== tests on SQLite"
	env -u SPETS_DATABASE_URL $(BIN)/pytest

# PostgreSQL is the production database: CI requires it; elsewhere it runs when the server answers.
test-postgres:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== tests on PostgreSQL ($(PG_TEST_URL))"; SPETS_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL at $(PG_TEST_URL) is not reachable (required in CI)"; exit 1; \
	else echo "== PostgreSQL at $(PG_TEST_URL) not reachable: PostgreSQL run skipped (set PG_TEST_URL)"; fi

bench: install-dev
	$(BIN)/pip install --quiet -e '.[bench]'
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
