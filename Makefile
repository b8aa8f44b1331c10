# make serve | make build | make test | make bench — each sets up .venv on first use.
PYTHON ?= python3
# The program that builds the pages: mkdocs (MkDocs 1.6) or properdocs (ProperDocs 1.6).
HOST ?= mkdocs
# This Makefile's folder: tests run it from a copy of the project (make -f).
ROOT := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Material prints a banner about MkDocs 2 on every build (see docs/performance.md for versions).
export NO_MKDOCS_2_WARNING := 1

.PHONY: venv build-deps serve build test lint bench schema dist clean

# PYTHONWARNINGS=ignore: setuptools prints a generic tip about editable installs that reads like
# an error on a fresh machine.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

# The live preview (ctai_site/driver/serve.py): the page being read shows a save in about a
# second. `make serve HOST=properdocs` builds with ProperDocs.
serve: venv
	$(BIN)/ctai-site serve --dev-addr 127.0.0.1:8000 --engine $(HOST)

# The printable guide's Debian packages (fonts, Pango), installed when missing. Not for serve:
# the live preview makes no PDF.
build-deps:
	bash $(ROOT)tools/ensure-build-deps.sh

# Build into a temporary folder and swap: a failed build leaves the previous site/ untouched.
# The guides' PDFs are rendered only when their content changed (cache in .cache/guide/). The
# languages and the guides are built on every core (the plugin's `jobs`, docs/performance.md).
build: venv build-deps
	rm -rf .site.tmp
	$(BIN)/$(HOST) build --strict --site-dir .site.tmp
	rm -rf site && mv .site.tmp site

lint: venv
	$(BIN)/ruff check ctai_site tests tools
	$(BIN)/ruff format --check ctai_site tests tools
	$(BIN)/mypy

# The tool's tests run on fixture catalogues (tests/data/); the live catalogue (actions/,
# translations/, territory.yml) is checked the way its coordinator checks it: validate, then build.
test: venv lint
	bash tools/ensure-test-deps.sh
	$(BIN)/pytest
	$(BIN)/ctai-site validate actions > /dev/null
	$(BIN)/mkdocs build --strict --quiet --site-dir .site.check && rm -rf .site.check

bench: venv
	$(BIN)/python tools/bench.py

# data·inclusion's codes first: the schema reads them.
schema: venv
	$(BIN)/python tools/data_inclusion_codes.py > ctai_site/fiche/data_inclusion_codes.py
	$(BIN)/ctai-site schema > schema/fiche.schema.json
	$(BIN)/ctai-site schema territory > schema/territory.schema.json

# The release's files: the wheel and the source archive, in dist/ (what the release recipes of
# .github/workflows/release.yml and .gitlab-ci.yml publish when a version tag is pushed).
dist: venv
	rm -rf dist build
	PYTHONWARNINGS=ignore $(BIN)/python -m build --no-isolation --outdir dist . > .dist.log 2>&1 \
		|| (cat .dist.log >&2; rm -f .dist.log; exit 1)
	rm -rf .dist.log build
	@ls dist

clean:
	rm -rf site .site.tmp .site.check site_src/catalogue .cache .ctai-* dist build
