# The commands a newcomer needs. Everything runs offline: models load from installed packages.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= stance.db
OUT ?= out
PORT ?= 8501
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run install dev test test-fast lint bench analyze chromium clean

run: install analyze
	$(BIN)/python -m stance.dashboard.serve app.py --server.address 127.0.0.1 --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false -- --db $(DB)

install: $(VENV)/.installed

# torch first and pinned: an unpinned torch (asked for by sentence-transformers) pulls a CUDA build.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e .
	touch $@

dev: $(VENV)/.dev

$(VENV)/.dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

analyze: install
	$(BIN)/stance analyze seeds --db $(DB) --out $(OUT)

# Debian's chromium drives the browser tests (Playwright cannot download its own browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: dev chromium
	$(BIN)/python -m pytest

test-fast: dev
	$(BIN)/python -m pytest -m "not slow and not browser"

lint: dev
	$(BIN)/ruff check stance tests app.py scripts

bench: dev
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(OUT) .pytest_cache
