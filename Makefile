# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/sitroom analyze --format report --published 2023-04-04 sitroom/data/demo/article.txt
	$(VENV)/bin/sitroom analyze --format html --published 2023-04-04 -o demo.html sitroom/data/demo/article.txt
	@echo "wrote demo.html"

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/pipeline_speed.py

clean:
	rm -rf $(VENV) build *.egg-info demo.html
