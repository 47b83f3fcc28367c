# Two commands for a new user: `make run` and `make test`. Everything else is plumbing.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
export GONGHUI_VAR_DIR ?= $(CURDIR)/var
# Under faketime (README, Development) pip gets the real clock, or the index's TLS certificate looks expired or
# not yet valid; the stamp takes pyproject.toml's real time, so running under a moved clock reinstalls nothing.
PIP := env -u LD_PRELOAD $(BIN)/python -m pip

.PHONY: run test lint format serve worker migrate demo messages clean bench-votes bench-checkin

$(STAMP): pyproject.toml
	@PY=$$(./scripts/find-python) || exit 1; \
	if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $$PY"; $$PY -m venv $(VENV) || exit 1; \
	fi
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	@env -u LD_PRELOAD touch -r pyproject.toml $(STAMP)

migrate: $(STAMP)
	$(BIN)/gonghui migrate --noinput
	$(BIN)/gonghui collectstatic --noinput --verbosity 0

demo: migrate
	$(BIN)/gonghui demo --if-empty

# Serves the site, runs the background task worker beside it and queues the daily sweeps hourly (`gonghui up`);
# one Ctrl-C stops all.
run: demo
	@$(BIN)/gonghui logins --address http://$(HOST):$(PORT)/
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	@$(BIN)/gonghui up --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/gonghui makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

# Browser tests drive Debian's Chromium; install it when we are allowed to (CI runs as root).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then env -u LD_PRELOAD sh -c 'apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk'; \
		else echo "Browser tests need Debian's chromium: sudo apt-get install chromium fonts-noto-cjk"; exit 1; fi; \
	fi

test: $(STAMP) lint chromium
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

messages: $(STAMP)
	cd src/gonghui && ../../$(BIN)/gonghui makemessages -l zh_Hans --no-obsolete

clean:
	rm -rf $(VENV) var

# The congress vote storm (docs/benchmarks.md): needs the PostgreSQL server on 127.0.0.1:5432 and Redis;
# creates and drops the database gh_bench_votes.
bench-votes: $(STAMP)
	$(BIN)/python bench/vote_storm.py $(BENCH_ARGS)

# The activity check-in storm (docs/benchmarks.md): 2,000 members scan one activity's QR code; needs the same
# PostgreSQL server and Redis; creates and drops the database gh_bench_checkin.
bench-checkin: $(STAMP)
	$(BIN)/python bench/checkin_storm.py $(BENCH_ARGS)
