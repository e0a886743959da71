# Two commands on a fresh machine: `make serve` and `make test`. Each sets up .venv from the pinned requirements.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# A fork keeps its branding in mkdocs.local.yml (INHERIT: mkdocs.yml), so upstream's config never conflicts.
CONFIG ?= $(if $(wildcard mkdocs.local.yml),mkdocs.local.yml,mkdocs.yml)
# Spread the suite over the CPUs; override with PYTEST_ARGS= for a serial run.
PYTEST_ARGS ?= -n auto
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build validate test lint bench profile clean

help:
	@echo "make serve     build the playbook and serve it at http://$(HOST), rebuilding on changes"
	@echo "make test      run the whole suite (lint, data, build, links, browser)"
	@echo "make build     build the site into site/"
	@echo "make validate  check every data file and print all problems"
	@echo "make bench     print build, validation and widget timings and sizes"
	@echo "make profile   profile one build; top 25 functions into profile/top25.txt"

# The runtime venv: enough to build and serve. Re-installs when a pin changes.
$(VENV)/.runtime: requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# The dev venv adds the test, lint and benchmark tools.
$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

serve: $(VENV)/.runtime
	$(BIN)/mkdocs serve -f $(CONFIG) --dev-addr $(HOST)

build: $(VENV)/.runtime
	$(BIN)/mkdocs build -f $(CONFIG) --clean --site-dir site

validate: $(VENV)/.runtime
	$(BIN)/playbook validate

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.dev
	$(BIN)/python -m tests.bench

profile: $(VENV)/.dev
	$(BIN)/python -m tests.profile_build

clean:
	rm -rf site profile .pytest_cache
