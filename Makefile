# The two commands of the README:
#   make run    the main job: bootstrap .venv, build data/processed/, run the notebooks, write briefings
#   make test   the test suite: same bootstrap, then pytest (every test not marked browser, server or slow)
#   make test-all   make test, then the tests it leaves out (Chromium, JupyterLab and Voila servers, a
#               second full notebook suite); CI (.ci/run) runs both
#   make lint   ruff: lint (ruff check) and formatting (ruff format --check); configured in pyproject.toml
# Both install into .venv from constraints.txt, so every machine gets the same stack
# (scripts/bootstrap.sh: uv when it can be had, else pip; SHANXI_NO_UV=1 forces pip).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=

# The tiers (README, "Tests and benchmarks"): the markers that move a test from `make test` to
# `make test-all`.  Both print the slowest tests and check per-file times against tests/budget.json.
# make test runs on two workers (pytest-xdist; a file's tests stay on one worker, and the session's
# site is built once for both); the browser and server tier runs in one process (one Chromium).
SLOW_TIER := browser or server or slow
PYTEST := $(BIN)/python -m pytest --hypothesis-profile=ci --durations=15
WORKERS := -n 2 --dist loadfile

.PHONY: run test test-all lint fuzz bootstrap system-deps build validate lock bench dashboard clean

$(STAMP): pyproject.toml constraints.txt scripts/bootstrap.sh
	@bash scripts/bootstrap.sh --venv $(VENV) --python "$(PYTHON)"
	@touch $(STAMP)

bootstrap: $(STAMP)

# Debian packages pip cannot install (Chromium, Noto CJK fonts); a no-op when present.
system-deps:
	@bash scripts/install-system-deps.sh

build: $(STAMP)
	$(BIN)/shanxi build

validate: $(STAMP)
	$(BIN)/shanxi validate

run: $(STAMP)
	@bash scripts/install-system-deps.sh fonts-noto-cjk
	$(BIN)/shanxi build
	$(BIN)/shanxi run $(ARGS)

test: $(STAMP)
	@bash scripts/install-system-deps.sh fonts-noto-cjk
	$(PYTEST) $(WORKERS) -m "not ($(SLOW_TIER))" --budget=test $(ARGS)

test-all: test system-deps
	$(PYTEST) -m "$(SLOW_TIER)" --budget=test-all $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Property tests of the reliability layer with many more examples (the `fuzz` hypothesis profile), and
# the mutation harness re-running the verdicts for every accepted mutation.
fuzz: $(STAMP)
	$(BIN)/python -m pytest tests/test_reliability.py tests/test_meaning.py tests/test_printed.py tests/test_growth.py tests/test_mutations.py -p no:cacheprovider --hypothesis-profile=fuzz --timeout=3600 $(ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

dashboard: $(STAMP)
	$(BIN)/shanxi dashboard $(ARGS)

# Re-pin constraints.txt from a fresh venv (review the diff, then bump pyproject bounds).
lock:
	rm -rf .venv-lock
	@bash scripts/bootstrap.sh --venv .venv-lock --python "$(PYTHON)" --unpinned
	{ sed -n '1,3p' constraints.txt; .venv-lock/bin/python -m pip freeze --exclude-editable | grep -v -i -e '^shanxi' -e '^uv=='; } > constraints.new
	mv constraints.new constraints.txt && rm -rf .venv-lock

clean:
	rm -rf reports data/processed/*.csv .pytest_cache .hypothesis .cache
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m shanxi_analysis.core.cache clear; fi
