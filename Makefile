# The book's two commands: `make book` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.8
UV := $(BIN)/uv pip install --quiet --python $(BIN)/python
PYTEST := $(BIN)/python -m pytest
# The pages and what each needs are listed once, in book/manifest.yml.
PAGES_OF := $(BIN)/python tools/pages.py
NBVAL := $(PYTEST) --nbval --nbval-current-env

.PHONY: book pages execute practice site format test lint unit nbval nbval-trains nbval-steady \
	nbval-other-cpu browser site-test lock clean

# Re-execute the pages whose code, lock, rnadl modules or settings changed since their stored
# outputs were made (all of them: make execute), write the practice notebooks, build the site.
book: pages practice site

# Install (again) whenever the lock changes: exactly the locked versions, each file checked
# against its hash (uv, pinned here, installs them), then the book's own package (lib/ as
# rnadl) without dependencies.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) --require-hashes -r requirements.lock
	$(UV) --no-deps -e .
	touch $(STAMP)

# After changing a pin in pyproject.toml: resolve the whole tree again, for every platform,
# into requirements.lock (with hashes), and regenerate environment.yml from it. Commit both.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra book --universal --python-version 3.11 \
	  --generate-hashes --custom-compile-command "make lock" --quiet --output-file requirements.lock
	$(BIN)/python tools/environment.py

pages: $(STAMP)
	$(BIN)/python tools/execute_pages.py

execute: $(STAMP)
	$(BIN)/python tools/execute_pages.py --force

practice: $(STAMP)
	$(BIN)/python tools/practice_notebooks.py

site: $(STAMP)
	$(BIN)/jupyter-book build . --builder html

# Format the code of the pages' MyST sources (ruff, through a temporary notebook).
format: $(STAMP)
	$(BIN)/python tools/format_pages.py

# The whole check: style, unit and structure tests, every page re-executed against its stored
# outputs, the float32 pages as on other CPUs, the practice notebooks run, the site built with
# -W and looked at in a real browser.
test: lint unit nbval nbval-other-cpu site-test

# One style (ruff, configured in pyproject.toml) over the package, the tests, the tools and the
# chapters' code (their .ipynb twins hold the same code as the .md sources).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The quick part alone (about a minute): the package's unit tests and the book's structure.
unit: $(STAMP)
	$(PYTEST) tests -m "not site and not network and not notebooks"

# Every page re-executed and compared with its stored outputs: the pages that train in the
# fast profile (fewer images and epochs, the same code; their training outputs are bounded by
# asserts), the others as published; then each practice notebook run with its placeholders,
# with the book's solutions and with the known wrong answers. Two groups at once, one per core.
nbval: $(STAMP)
	$(MAKE) --no-print-directory -j2 --output-sync=target nbval-trains nbval-steady

nbval-trains: $(STAMP)
	RNADL_PROFILE=fast $(NBVAL) $$($(PAGES_OF) --trains)
	$(PYTEST) tests -m notebooks -k "$$($(PAGES_OF) --trains --keyword)"

nbval-steady: $(STAMP)
	$(NBVAL) $$($(PAGES_OF) --steady)
	$(PYTEST) tests -m notebooks -k "$$($(PAGES_OF) --steady --keyword)"

# oneDNN picks its kernels by instruction set; capping it at AVX2 makes this machine compute
# like another one, and so does switching oneDNN's graph rewrites on (the book runs with them
# off). The pages whose strict outputs go through float32 kernels are re-run both ways, at
# once; a strict output that changed in either pass would fail on a reader's CPU.
nbval-other-cpu: $(STAMP)
	ONEDNN_MAX_CPU_ISA=AVX2 $(NBVAL) $$($(PAGES_OF) --float32) & avx2=$$!; \
	TF_ENABLE_ONEDNN_OPTS=1 $(NBVAL) $$($(PAGES_OF) --float32); onednn=$$?; \
	wait $$avx2 && test $$onednn -eq 0

# Find Chromium for the browser test, or install it (Playwright's own with internet, Debian's
# as root), or say in one line what to run.
browser: $(STAMP)
	$(BIN)/python tools/browser.py

site-test: browser
	$(PYTEST) tests -m site

clean:
	rm -rf _build
