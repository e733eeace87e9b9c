# The two commands that matter: `make demo` and `make test`. Both set up from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo test lint typecheck unit format clean assets bench screenshots

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "MissingHub needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: export DJANGO_SETTINGS_MODULE = missinghub.settings.demo
demo: install
	$(BIN)/missinghub migrate --noinput
	$(BIN)/missinghub synth --scale council --seed 1 --out var/synth --end-date today --load
	$(BIN)/missinghub protocol apply --since-days 14
	$(BIN)/missinghub demo_setup
	$(BIN)/missinghub runserver $(HOST):$(PORT)

test: install lint typecheck security unit

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports --no-cache

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Every speed and memory target, measured side by side with its peer (bench/run.py, docs/performance.md).
SCALE ?= council
bench: install
	$(BIN)/python bench/run.py --scale $(SCALE)

# The main pages of the demo county as pictures in docs/screenshots/ (needs Debian's chromium).
screenshots: install
	$(BIN)/python tools/screenshots.py --out docs/screenshots

# Static security analysis: fails on any high-severity finding.
security: install
	$(BIN)/bandit --quiet --recursive --severity-level high --exclude '*/tests/*' src

format: install
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# Rebuild the committed GOV.UK Frontend styles and scripts (needs Node.js and npm).
assets:
	frontend/build.sh
