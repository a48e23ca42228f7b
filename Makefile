# The book's two commands: `make book` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST := $(BIN)/python -m pytest
CHAPTERS := $(sort $(wildcard book/[0-9][0-9]-*.md))
# Every executable page: the chapters and the appendix (Jupytext pairs).
PAGES := $(CHAPTERS) book/apendice.md
# Chapters that train networks: the test command re-runs them in the quick profile (fewer
# images and epochs, the same code); their training outputs are bounded by asserts, every
# other output is compared with the published one.
TRAINING := $(filter book/01-% book/02-%,$(PAGES:.md=.ipynb))
# Chapters that train nothing: every strict output of theirs must be the same on any x86-64 CPU.
STEADY := $(filter-out $(TRAINING),$(PAGES:.md=.ipynb))

.PHONY: book execute site test lint unit nbval nbval-other-cpu lock clean

book: execute site

# Install (again) whenever the lock changes: exactly the locked versions, each file checked
# against its hash, then the book's own package (lib/ as rnadl) without dependencies.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# After changing a pin in pyproject.toml: resolve the whole tree again, for every platform,
# into requirements.lock (with hashes), and regenerate environment.yml from it. Commit both.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==0.13.8
	$(BIN)/uv pip compile pyproject.toml --extra book --universal --python-version 3.11 \
	  --generate-hashes --custom-compile-command "make lock" --quiet --output-file requirements.lock
	$(BIN)/python tools/environment.py

execute: $(STAMP)
	$(BIN)/python tools/execute_pages.py $(PAGES)

site: $(STAMP)
	$(BIN)/jupyter-book build . --builder html

# The whole check: unit and structure tests, every chapter re-executed against its stored
# outputs, the same strict outputs under another CPU kernel set, the site built with -W and
# looked at in a real browser.
test: lint unit nbval nbval-other-cpu
	$(PYTEST) tests -m site

# One style (ruff, configured in pyproject.toml) over the package, the tests, the tools and the
# chapters' code (their .ipynb twins hold the same code as the .md sources).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The quick part alone (seconds to a minute): the package's unit tests and the book's structure.
unit: $(STAMP)
	$(PYTEST) tests -m "not site and not network"

nbval: $(STAMP)
	RNADL_PROFILE=fast $(PYTEST) $(TRAINING) --nbval --nbval-current-env
	$(PYTEST) $(STEADY) --nbval --nbval-current-env

# oneDNN picks its kernels by instruction set; capping it at AVX2 makes this machine compute
# like another one, and so does switching oneDNN's graph rewrites on (the book runs with them
# off). A strict output that changed in either pass would fail on a reader's CPU.
nbval-other-cpu: $(STAMP)
	ONEDNN_MAX_CPU_ISA=AVX2 $(PYTEST) $(STEADY) --nbval --nbval-current-env
	TF_ENABLE_ONEDNN_OPTS=1 $(PYTEST) $(STEADY) --nbval --nbval-current-env

clean:
	rm -rf _build
