# Two commands on a fresh machine: `make serve` and `make test`. Each sets up .venv from the pinned requirements.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# A fork keeps its branding in mkdocs.local.yml (INHERIT: mkdocs.yml), so upstream's config never conflicts.
CONFIG ?= $(if $(wildcard mkdocs.local.yml),mkdocs.local.yml,mkdocs.yml)
# Spread the suite over the CPUs; worksteal evens out the end, where a worker under `load` can
# sit idle while the other still holds a queue of browser tests. PYTEST_ARGS= for a serial run.
PYTEST_ARGS ?= -n auto --dist worksteal
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build validate test test-fast lint bench bench-pages bench-instructions \
	profile clean

help:
	@echo "make serve     build the playbook and serve it at http://$(HOST), rebuilding on changes"
	@echo "make test      run the whole suite (lint, data, build, links, browser)"
	@echo "make test-fast lint and every test but the browser and full-build ones"
	@echo "make build     build the site into site/"
	@echo "make validate  check every data file and print all problems"
	@echo "make bench     print build, validation and widget timings and sizes"
	@echo "make bench-pages  where the added build time per page goes, by kind of page and event"
	@echo "make bench-instructions  builds beside plain Material in instructions and memory (valgrind)"
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

# pytest exits 5 when it ran no tests (a typo in PYTEST_ARGS or a marker); say so, and fail.
NO_TESTS = { status=$$?; [ $$status -ne 5 ] || echo "make: pytest ran no tests" >&2; exit $$status; }

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS) || $(NO_TESTS)

# The quick loop while editing: no browser and no full build (a test that builds anyway fails),
# and property tests drawing fewer examples (the "fast" profile in tests/conftest.py).
test-fast: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PLAYBOOK_TEST_NO_BUILDS=1 $(BIN)/python -m pytest -m "not browser and not build" \
		--hypothesis-profile=fast $(PYTEST_ARGS) || $(NO_TESTS)

bench: $(VENV)/.dev
	$(BIN)/python -m tests.bench

bench-pages: $(VENV)/.dev
	$(BIN)/python -m tests.bench_pages

bench-instructions: $(VENV)/.dev
	$(BIN)/python -m tests.bench_instructions

profile: $(VENV)/.dev
	$(BIN)/python -m tests.profile_build

clean:
	rm -rf site profile .pytest_cache .cache
