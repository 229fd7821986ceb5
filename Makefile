# kefu — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
# The project runs on Python 3.11 (pyproject.toml): prefer it when the machine has several.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run serve test test-sqlite test-postgres lint bench fuzz system-deps prepare

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# Stamp files: reinstall only when the pinned lists change.
$(VENV)/.runtime: requirements.txt | $(PY)
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PIP) install -q -r requirements-dev.txt
	touch $@

# Debian packages the tests need: Chromium for the browser tests, gettext for the translation check.
system-deps:
	@scripts/install-system-deps

prepare: $(VENV)/.runtime
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0

## make run: install, migrate, load the demo company once, serve on http://127.0.0.1:8000 with the worker.
run: prepare
	$(PY) manage.py load_demo --if-empty
	@scripts/serve --demo

## make serve: the production start — the same, without demo data (create accounts yourself).
serve: prepare
	@scripts/serve

## make test: the whole suite on the database DATABASE_URL names (SQLite when unset).
test: $(VENV)/.dev system-deps
	$(PY) manage.py compile_translations
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) -m pytest

## make fuzz: the API fuzzed longer than in `make test` (FUZZ_EXAMPLES per operation, mode and token).
FUZZ_EXAMPLES ?= 100
fuzz: $(VENV)/.dev
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q -s -p no:randomly guards/tests/test_fuzz.py

## make lint: ruff's rules and formatting, and the layers contract (.importlinter: imports run downward only).
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

## make bench: the phrase guard; reports, handover, address search and appraisal at SCALE tickets
## (bench/scale.py); then kefu against django-helpdesk on both databases (bench/run.py --help; BENCH_ARGS="--tickets 10000");
## then the CPU each request costs, the agents one machine serves and two app servers (bench/capacity.py).
SCALE ?= 1000000
bench: $(VENV)/.dev
	$(PY) bench/language_guard.py
	$(PY) bench/scale.py --tickets $(SCALE)
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/capacity.py
