# ZI Portal developer commands. `make help` lists them.
#
# PostgreSQL and Redis come from scripts/services.sh: DATABASE_URL / REDIS_URL when set, else
# the servers on localhost, else private instances it starts under var/ (see the script's
# header). Each recipe below runs as one bash script (.ONESHELL), so the variables exported by
# `eval "$$(scripts/services.sh env)"` reach every later line of that recipe.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

VENV := .venv
# The interpreter for a new venv: python3.11 from PATH, else pyenv's shim.
PYTHON ?= $(shell command -v python3.11 || ls /root/.pyenv/shims/python3.11 2>/dev/null)
# One stamp per lock content: `make install` is a no-op until requirements.lock changes.
LOCK_SHA := $(shell sha256sum requirements.lock 2>/dev/null | cut -c1-16)
STAMP := $(VENV)/.installed-$(LOCK_SHA)
CHROMIUM ?= /usr/bin/chromium
ARGS ?=
# pytest-xdist workers for `make test` (each with its own test database, test_…_gw0, …);
# 0 runs the tests in one process, serially. Browser tests share one worker either way.
TEST_WORKERS ?= 2

# The venv's tools (python, celery, honcho, ruff) come first in every recipe.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export VIRTUAL_ENV := $(CURDIR)/$(VENV)

.PHONY: help venv install services run test lint sysdeps stop clean-var

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

venv: $(VENV)/bin/python ## create .venv with Python 3.11 when missing

$(VENV)/bin/python:
	@if [[ -z "$(PYTHON)" ]]; then
		echo "python3.11 not found: install it or run make PYTHON=/path/to/python3.11" >&2
		exit 1
	fi
	echo "==> creating $(VENV) with $(PYTHON)"
	"$(PYTHON)" -m venv $(VENV)

install: $(STAMP) ## install requirements.lock into .venv (skipped while the lock is unchanged)

$(STAMP): | $(VENV)/bin/python
	@echo "==> installing requirements.lock into $(VENV)"
	$(VENV)/bin/python -m pip install --disable-pip-version-check -q -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

services: ## find or start PostgreSQL and Redis, print their URLs
	@scripts/services.sh up

run: install ## migrate, seed demo data, serve on http://127.0.0.1:8000 with worker and beat
	@eval "$$(scripts/services.sh env)"
	export DJANGO_SETTINGS_MODULE="$${DJANGO_SETTINGS_MODULE:-zi_portal.settings.local}"
	mkdir -p var
	echo "==> migrate"
	python manage.py migrate --noinput
	# DEBUG serves static files from the apps; only a non-DEBUG settings module needs them collected.
	if [[ "$$(python -c 'from django.conf import settings; print(settings.DEBUG)')" != True ]]; then
		echo "==> collectstatic"
		python manage.py collectstatic --noinput
	fi
	echo "==> seed_demo"
	python manage.py seed_demo
	echo "==> web on http://127.0.0.1:8000, worker and beat (Ctrl-C stops all three)"
	# -e /dev/null: honcho would otherwise load .env over the URLs exported above.
	exec honcho start -f Procfile.dev -e /dev/null

sysdeps: ## install Chromium and WeasyPrint's libraries when missing (root + apt-get)
	@missing=()
	[[ -x "$(CHROMIUM)" ]] || missing+=(chromium)
	ldconfig="$$(command -v ldconfig || echo /sbin/ldconfig)"
	libs="$$("$$ldconfig" -p)"
	# WeasyPrint's documented Debian packages for installing it from wheels.
	for pair in libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
			libharfbuzz-subset.so.0:libharfbuzz-subset0; do
		grep -qF "$${pair%%:*}" <<<"$$libs" || missing+=("$${pair#*:}")
	done
	if (( $${#missing[@]} == 0 )); then exit 0; fi
	if [[ $$EUID -ne 0 ]] || ! command -v apt-get >/dev/null; then
		echo "missing system packages: $${missing[*]} (install them, e.g. sudo apt-get install -y $${missing[*]})" >&2
		exit 1
	fi
	echo "==> apt-get install $${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq "$${missing[@]}" >/dev/null

test: install sysdeps ## run pytest in TEST_WORKERS processes (default 2; extra arguments: make test ARGS="-k foo")
	@eval "$$(scripts/services.sh env --test)"
	# pyproject.toml names zi_portal.settings.test; an exported DJANGO_SETTINGS_MODULE would win.
	unset DJANGO_SETTINGS_MODULE
	export CHROMIUM_PATH="$(CHROMIUM)"
	# --dist loadgroup: the browser tests (one xdist_group, tests/conftest.py) stay in one worker.
	python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(ARGS)

lint: install ## ruff check, ruff format --check, import contracts, makemigrations --check, permissions doc fresh
	@rc=0
	echo "==> ruff check"
	ruff check . || rc=1
	echo "==> ruff format --check"
	ruff format --check . || rc=1
	echo "==> lint-imports (layers in .importlinter)"
	lint-imports --no-cache || rc=1
	echo "==> makemigrations --check"
	eval "$$(scripts/services.sh env --test)"
	DJANGO_SETTINGS_MODULE=zi_portal.settings.test python manage.py makemigrations --check --dry-run || rc=1
	echo "==> permissions_doc --check (docs/permissions.md from the capability table)"
	DJANGO_SETTINGS_MODULE=zi_portal.settings.test python manage.py permissions_doc --check || rc=1
	exit $$rc

stop: ## stop the private PostgreSQL and Redis under var/ (system servers are left alone)
	@scripts/services.sh stop

clean-var: ## stop the private instances, delete their data and var/ (beat schedule, media)
	@scripts/services.sh purge
	rm -rf var
