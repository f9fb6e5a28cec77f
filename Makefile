# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Web assets built from npm packages at set-up time (basemap, Swagger UI); not committed.
ASSETS := sitroom/server/static/vendor/world.json
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install bench fuzz clean assets browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

$(ASSETS): $(STAMP) scripts/web/package-lock.json scripts/build_web_assets.py
	command -v npm >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y npm)
	npm ci --prefix scripts/web --ignore-scripts --no-audit --no-fund
	$(PY) scripts/build_web_assets.py

assets: $(ASSETS)

# The browser tests drive Debian's Chromium; no browser is ever downloaded by playwright.
browser:
	command -v chromium >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium)

demo: $(STAMP) $(ASSETS)
	$(VENV)/bin/sitroom analyze --format report --published 2023-04-04 sitroom/data/demo/article.txt
	$(VENV)/bin/sitroom analyze --format html --published 2023-04-04 -o demo.html sitroom/data/demo/article.txt
	@echo "wrote demo.html"

test: $(STAMP) $(ASSETS) browser
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/pipeline_speed.py

# The long hostile-input runs (not part of `make test`): 10,000 generated documents through
# the pipeline, then 100 SIGKILLs of an ingest with a fresh seed.
fuzz: $(STAMP)
	$(PY) bench/fuzz_pipeline.py --count 10000 --shards 2 --json bench/output/fuzz.json
	SITROOM_CRASH_TRIALS=100 SITROOM_CRASH_SEED=$$(date +%s) $(PY) -m pytest -q tests/test_crash_ingest.py

clean:
	rm -rf $(VENV) build *.egg-info demo.html sitroom/server/static/vendor scripts/web/node_modules
