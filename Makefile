# Two commands for a new user:  make run   and   make test
# Everything the service needs is installed from here (Python packages into .venv, the
# GOV.UK Frontend assets with npm); nothing relies on what was installed by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
PYTEST_WORKERS ?= 2

.PHONY: run test install install-test lock assets lint typecheck migrate demo serve test-sqlite test-postgresql test-browser bench clean

run: install assets migrate demo serve

# typecheck last, so a type error does not hide the suite's own results.
test: install-test assets lint test-sqlite test-postgresql test-browser typecheck

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Exact versions with hashes from the lock files (`make lock` writes them from pyproject.toml);
# the package itself is then installed on top without resolving anything again.
$(VENV)/.installed: requirements/run.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/run.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: requirements/test.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(VENV)/.installed $@

# After changing dependencies in pyproject.toml: `make lock`, then commit requirements/*.lock.
# `make lock UPGRADE=1` moves every package to its newest release within pyproject's ranges.
UV_VERSION := 0.13.9
LOCK_FLAGS := --universal --generate-hashes --python-version 3.11 --quiet $(if $(UPGRADE),--upgrade,)

lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml requirements/build.in $(LOCK_FLAGS) -o requirements/run.lock
	$(BIN)/uv pip compile pyproject.toml requirements/build.in --extra test $(LOCK_FLAGS) -o requirements/test.lock

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

review_service/static/css/main.css: node_modules/.installed $(wildcard assets/scss/*.scss) scripts/build_assets.mjs
	npm run build

assets: review_service/static/css/main.css

migrate: install
	$(BIN)/review-service db upgrade

demo: install
	$(BIN)/review-service demo

serve: install
	$(BIN)/review-service serve --host $(HOST) --port $(PORT)

lint: install-test
	$(BIN)/ruff check .

# mypy, configured in pyproject.toml ([tool.mypy]); its cache in .mypy_cache makes reruns quick.
typecheck: install-test
	$(BIN)/mypy

test-sqlite: install-test assets
	$(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS) -q

# PostgreSQL too when it is reachable; with CI=true an unreachable PostgreSQL is a failure.
test-postgresql: install-test assets
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		$(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS) -q --db postgresql --ignore=tests/domain --ignore=tests/letters; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(PG_URL) and CI=true: failing." >&2; exit 1; \
	else \
		echo "PostgreSQL is not reachable at $(PG_URL): skipped the PostgreSQL run."; \
	fi

test-browser: install-test assets
	$(BIN)/pytest -m browser -q tests/browser

# Load test of the production server (not part of `make test`): writes BENCHMARKS.md.
# Takes about half an hour the first time (seeding 100,000 cases twice), less afterwards.
# The checkout's own modules compiled to bytecode first, as a package installed with pip is:
# otherwise (PYTHONDONTWRITEBYTECODE) every `review-service` command it times compiles them.
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m compileall -q review_service
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) node_modules review_service/static/css review_service/static/govuk .pytest_cache
