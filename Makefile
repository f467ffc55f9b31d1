# raporty — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= data/warehouse/raporty.duckdb
APT_PACKAGES := tesseract-ocr tesseract-ocr-pol tesseract-ocr-eng poppler-utils qpdf

.PHONY: help install system-deps ingest test lint bench fixtures clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@$(BIN)/python -m compileall -q src schemas >/dev/null  # the editable install compiles nothing
	@touch $(STAMP)

install: $(STAMP) system-deps ## create .venv and install raporty with its dev tools

system-deps: ## install tesseract (Polish), poppler and qpdf with apt where missing
	@if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx pol \
	    || ! command -v pdftoppm >/dev/null 2>&1 || ! command -v qpdf >/dev/null 2>&1; then \
	  echo "installing $(APT_PACKAGES)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

ingest: install ## load every report in data/raw/ into $(DB)
	$(BIN)/raporty ingest data/raw --db $(DB)

test: install ## run the test suite (with the fixture regression figures)
	$(BIN)/python -m pytest -p no:cacheprovider

lint: install ## ruff, ruff format, mypy and the import-direction check
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench
	@mkdir -p build/typecheck && ln -sfn ../../src build/typecheck/raporty
	MYPYPATH=build/typecheck $(BIN)/mypy -p raporty
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_layers.py

bench: install ## benchmarks: prints a table and writes bench/results.json
	$(BIN)/python bench/run.py

fixtures: install ## rebuild the generated fixture documents from ../shared/seeds
	$(BIN)/python tools/make_fixtures.py

clean: ## remove the venv and the warehouse
	rm -rf $(VENV) $(DB) $(DB).wal
