PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= marsad.db
SHARED ?= ../shared
NTREX := $(SHARED)/data/ntrex-ar-en/documents.dev.jsonl

.PHONY: run test install dev clean

$(BIN)/marsad: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/marsad

dev: $(VENV)/.dev

run: install
	$(BIN)/marsad --db $(DB) ingest "src/marsad/data/sample/*.txt"
	@if [ -f $(NTREX) ]; then $(BIN)/marsad --db $(DB) ingest $(NTREX) --format ntrex || true; fi
	$(BIN)/marsad --db $(DB) stats
	$(BIN)/marsad --db $(DB) articles
	$(BIN)/marsad --db $(DB) serve --host 127.0.0.1 --port 8000

test: dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
