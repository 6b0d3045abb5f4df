# Deepfake Literacy Lab. `make run` to serve, `make test` to test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# make test runs the suite in this many processes (pytest-xdist); 0 runs it in one.
PYTEST_WORKERS ?= 2
# The first interpreter of 3.12 or newer we can find (pyenv shims honour .python-version).
PYTHON ?= $(shell for c in python3.12 python3.13 python3.14 python3; do \
	p=$$(command -v $$c 2>/dev/null) && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: help venv run setup test lint content bench audit clean cluster-test cluster-bench

help:
	@echo "make run      set up everything and serve http://$(HOST):$(PORT)"
	@echo "make test     lint, migration and deploy checks, then the whole test suite"
	@echo "make content  regenerate the starter pack (contentgen/, its own venv; slow)"
	@echo "make bench    load benchmarks (see README)"
	@echo "make cluster-test / cluster-bench   two app servers behind HAProxy, with PostgreSQL, S3 and Redis (docs/deploying.md)"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is needed (Django 6.1 requires it). Install it, e.g. 'pyenv install 3.12'." >&2; exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@$(PY) -c 'import django, sys; v = django.VERSION; sys.exit(0 if v >= (6, 1) else "Django 6.1 or newer is required, found %s" % django.get_version())'
	@touch $@

venv: $(VENV)/.installed

setup: venv
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_starter_content
	$(PY) manage.py ensure_demo

run: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-logo --no-cache
	$(PY) scripts/check_templates.py
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=check-deploy-only-$$RANDOM$$RANDOM-not-a-real-secret-0123456789abcdef \
		DJANGO_ALLOWED_HOSTS=lab.example.org $(PY) manage.py check --deploy --fail-level WARNING
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

content:
	bash contentgen/run.sh

BENCH_VENV := bench/.venv
$(BENCH_VENV)/.installed: bench/requirements.txt
	@test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	@touch $@

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# Load benchmarks on SQLite and PostgreSQL (loopback only, bounded in time).
bench: venv $(BENCH_VENV)/.installed
	$(PY) bench/run_bench.py

# Many app servers on one machine (bench/cluster.py): PostgreSQL, SeaweedFS's S3
# gateway, Redis, two gunicorn servers and HAProxy, all on 127.0.0.1. Needs
# Debian's redis-server and haproxy; `make test` needs none of this.
$(VENV)/.cluster: requirements-cluster.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-cluster.txt
	@touch $@

cluster-test: $(VENV)/.cluster
	$(VENV)/bin/pytest bench/tests $(PYTEST_ARGS)

cluster-bench: $(VENV)/.cluster $(BENCH_VENV)/.installed
	$(PY) bench/cluster_bench.py

# Lighthouse, the Nu HTML checker and a bounded wapiti scan against a local server.
audit: venv $(BENCH_VENV)/.installed bench/node_modules/.installed
	$(PY) bench/audit.py

clean:
	rm -rf $(VENV) staticfiles test-artifacts
