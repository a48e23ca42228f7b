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
# The book is published from the JPEG copy of CIFAR-10 (the one a data folder holds); online,
# the loaders would otherwise take the official set, and every page that reads it would differ
# from its stored outputs.
export RNADL_CIFAR10 ?= jpeg

.PHONY: book pages execute practice site student sandbox grade format test lint unit nbval nbval-trains nbval-steady \
	nbval-other-cpu browser site-test lock clean

# Re-execute the pages whose code, lock, rnadl modules or settings changed since their stored
# outputs were made (all of them: make execute), write the practice notebooks, build the site:
# one after the other, also under make -j, since each step reads what the one before wrote.
book:
	$(MAKE) --no-print-directory pages
	$(MAKE) --no-print-directory practice
	$(MAKE) --no-print-directory site

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

# The student edition's site, _build/estudiante/html, from the same pages and the student
# notebooks (tools/student_site.py): no answers, the lesson's key code left to the student.
student: $(STAMP)
	$(BIN)/python tools/practice_notebooks.py
	$(BIN)/python tools/student_site.py

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
unit: sandbox
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

site-test: browser tex
	$(PYTEST) tests -m site

# Both editions as PDFs (tools/pdf.py: Sphinx's LaTeX builder and XeLaTeX from the stored
# outputs; Chromium draws the explorer's overview): the full book,
# _build/pdf/redes-neuronales-semanas-9-10.pdf, then the student edition (built first),
# _build/pdf/redes-neuronales-semanas-9-10-estudiante.pdf; each also copied into its site,
# whose every page links it.
.PHONY: pdf tex

pdf: tex browser
	$(BIN)/python tools/pdf.py --source . --site _build/html
	$(MAKE) --no-print-directory student
	$(BIN)/python tools/pdf.py --source _build/estudiante/src --site _build/estudiante/html

# Find TeX for the PDF, or install it (Debian's packages, as root), or say in one line what to run.
tex: $(STAMP)
	$(BIN)/python tools/tex.py

# Grade the submissions in a folder: make grade SUBMISSIONS=carpeta (tools/grade.py). Each student
# notebook runs in a sandbox of its own (bubblewrap, installed first when missing, as root, or a
# line says what to run) and each answer sheet (.yml) is read; the key is the full edition's.
# Writes carpeta/calificaciones.csv and carpeta/retroalimentacion/; points and limits are in
# calificacion.yml.
.PHONY: grade
# Find bubblewrap, the grader's sandbox, or install it (Debian's package, as root), or say in
# one line what to run.
sandbox: $(STAMP)
	$(BIN)/python tools/grade.py --install-sandbox

grade: sandbox
	@test -n "$(SUBMISSIONS)" || { echo "Diga la carpeta: make grade SUBMISSIONS=carpeta"; exit 2; }
	$(BIN)/python tools/grade.py "$(SUBMISSIONS)"

clean:
	rm -rf _build
