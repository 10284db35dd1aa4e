# Hiraku: `make run` sets everything up and serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HIRAKU := $(BIN)/hiraku
HOST ?= 127.0.0.1
PORT ?= 8000
# PostgreSQL used by the second test run; override to point elsewhere.
HIRAKU_TEST_POSTGRES_URL ?= postgresql://hiraku:hiraku@127.0.0.1:5432/hiraku
export HIRAKU_TEST_POSTGRES_URL

.PHONY: install deps run serve test test-sqlite test-postgres lint format clean docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.deps: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: $(VENV)/.deps node_modules/.installed
	$(HIRAKU) build

## install: set up everything without serving (venv, packages, front-end, database, demo)
install: deps
	$(HIRAKU) migrate --no-input
	$(HIRAKU) collectstatic --no-input --verbosity 0
	$(HIRAKU) demo

## run: install, then serve the demo at http://$(HOST):$(PORT)/
run: install
	@echo "Open http://$(HOST):$(PORT)/  (staff: http://$(HOST):$(PORT)/admin/)"
	$(HIRAKU) serve --host $(HOST) --port $(PORT)

serve:
	$(HIRAKU) serve --host $(HOST) --port $(PORT)

## test: lint, the whole suite on SQLite, then every database test again on PostgreSQL
test: deps lint test-sqlite test-postgres

lint: $(VENV)/.deps
	$(BIN)/ruff check src tests bench

format: $(VENV)/.deps
	$(BIN)/ruff format src tests bench

test-sqlite: deps
	$(BIN)/pytest -n 2 -q

test-postgres: deps
	@$(BIN)/python -m tests.postgres_available; status=$$?; \
	if [ $$status -eq 1 ]; then exit 0; elif [ $$status -ne 0 ]; then exit $$status; fi; \
	HIRAKU_TEST_DATABASE=postgresql \
	HIRAKU_DATABASE_URL=$(HIRAKU_TEST_POSTGRES_URL) \
	HIRAKU_DATASTORE_URL=$(HIRAKU_TEST_POSTGRES_URL)_datastore \
	$(BIN)/pytest -n 2 -q

clean:
	rm -rf $(VENV) node_modules var .pytest_cache

## docs: regenerate the README's command list and settings table from the code
docs: $(VENV)/.deps
	$(BIN)/python -m tests.regenerate_readme
