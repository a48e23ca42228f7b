# The book's two commands: `make book` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHAPTERS := $(sort $(wildcard book/[0-9][0-9]-*.md))

.PHONY: book execute site test clean

book: execute site

# Install (again) whenever the declared dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[book]'
	touch $(STAMP)

execute: $(STAMP)
	$(BIN)/python -m rnadl.notebooks $(CHAPTERS)

site: $(STAMP)
	$(BIN)/jupyter-book build . --builder html

test: $(STAMP)
	$(BIN)/python -m pytest tests book --nbval --nbval-current-env

clean:
	rm -rf _build
