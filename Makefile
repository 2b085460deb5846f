# The two commands of the README:
#   make run    the main job: bootstrap .venv, build data/processed/, run the notebooks, write briefings
#   make test   the test suite: same bootstrap, then pytest
# Both install into .venv from constraints.txt, so every machine gets the same stack.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=

.PHONY: run test bootstrap system-deps build validate lock bench dashboard clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
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

test: $(STAMP) system-deps
	$(BIN)/python -m pytest $(ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

dashboard: $(STAMP)
	$(BIN)/shanxi dashboard $(ARGS)

# Re-pin constraints.txt from a fresh venv (review the diff, then bump pyproject bounds).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade "pip>=24"
	.venv-lock/bin/python -m pip install --quiet -e ".[dev]"
	{ sed -n '1,3p' constraints.txt; .venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^shanxi'; } > constraints.new
	mv constraints.new constraints.txt && rm -rf .venv-lock

clean:
	rm -rf reports data/processed/*.csv .pytest_cache .hypothesis
