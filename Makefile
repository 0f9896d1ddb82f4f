# Peerwork — two commands do all the set-up: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip --disable-pip-version-check -q
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo serve test lint bench messages install install-test chromium clean help

help:
	@echo "make demo   - install, migrate an embedded SQLite database, load the demo, serve on http://$(HOST):$(PORT)"
	@echo "make test   - install what tests need (Chromium included) and run the whole suite"
	@echo "make lint   - ruff, mypy, import layers, migrations check"
	@echo "make bench  - run every benchmark under bench/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(PIP) install -c requirements.lock -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -c requirements.lock -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

messages: $(VENV)/.installed
	@cd peerwork && ../$(BIN)/peerwork compilemessages --ignore='.venv' -v 0

demo: install messages
	$(BIN)/peerwork migrate --no-input -v 0
	PEERWORK_BASE_URL=http://$(HOST):$(PORT) $(BIN)/peerwork demo
	@echo ""
	@echo "Serving Peerwork on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/peerwork runserver $(HOST):$(PORT)

serve: install messages
	$(BIN)/peerwork runserver $(HOST):$(PORT)

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's Chromium for the browser tests…"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) >/dev/null; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install chromium' for the browser tests."; \
	  fi; \
	fi

test: install-test messages chromium
	PEERWORK_MODE=test $(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check peerwork tests bench
	$(BIN)/ruff format --check peerwork tests bench
	PEERWORK_MODE=test $(BIN)/mypy peerwork
	$(BIN)/lint-imports
	PEERWORK_MODE=test $(BIN)/peerwork makemigrations --check --dry-run

bench: install-test
	@set -e; for f in bench/*.py; do [ "$$(basename $$f)" = "_common.py" ] && continue; $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) var staticfiles
