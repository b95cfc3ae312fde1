# Two commands for a newcomer: `make run` serves the app, `make test` sets up and runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test test-fast lint format bench validate package geo fonts browser-deps clean

# The stamp files make a rerun with unchanged requirements skip pip entirely.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

run: $(VENV)/.runtime-installed fonts
	$(BIN)/streamlit run app.py --server.port $(PORT)

# Chart images and briefing decks draw Chinese with Debian's fonts-wqy-microhei (never a web
# font); the app serves without it, but its image downloads then say the font is missing.
fonts:
	@if fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || [ -d /usr/share/fonts/truetype/wqy ]; then \
		true; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			fonts-wqy-microhei >/dev/null; \
	else \
		echo "fonts-wqy-microhei missing and not root: chart images and decks need it"; \
	fi

# Debian's Chromium and a CJK font for the browser tests; never a downloaded browser build.
browser-deps: fonts
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy"; then \
		echo "chromium and fonts-wqy-microhei present"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium fonts-wqy-microhei >/dev/null; \
	else \
		echo "chromium or fonts-wqy-microhei missing and not root: browser tests will skip"; \
	fi

# Tests run in parallel (pytest-xdist, one worker per core; WORKERS=n overrides). Every
# browser-marked test goes to one worker, which starts one server and one Chromium for all of
# them (tests/conftest.py), while the other workers take the AppTest and unit tests.
WORKERS ?= auto
PYTEST_PARALLEL := -n $(WORKERS) --dist loadgroup

test: $(VENV)/.dev-installed browser-deps lint
	$(BIN)/python -m civdash validate --quiet
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

# Everything but the browser: the quick loop while changing code.
test-fast: $(VENV)/.dev-installed
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "not browser"

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate: $(VENV)/.runtime-installed
	$(BIN)/python -m civdash validate

package: $(VENV)/.runtime-installed
	$(BIN)/python -m civdash package

geo: $(VENV)/.dev-installed
	$(BIN)/python -m tools.geo_build

bench: $(VENV)/.dev-installed browser-deps
	$(BIN)/python -m tools.bench
	$(BIN)/python bench/extraction.py --results bench/RESULTS.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
