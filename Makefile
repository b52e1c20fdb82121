# Everything a fresh machine needs: `make test` and `make demo` create the environment themselves.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export XDG_RUNTIME_DIR ?= /tmp

.PHONY: env test typecheck lint demo soak bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

env: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -m "not soak and not stress" -q
	$(PY) -m mypy --config-file mypy.ini
	$(VENV)/bin/streamlib check src examples tests soak
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(PY) -m mypy --config-file mypy.ini

lint: $(STAMP)
	$(PY) -m ruff check .

demo: $(STAMP)
	$(PY) examples/camera_with_bouncing_ball.py --frames 150 --output out/camera_with_bouncing_ball.mp4

soak: $(STAMP)
	$(PY) -m soak --out out/soak
	$(PY) -m pytest -m "soak or stress" -q

bench: $(STAMP)
	$(PY) -m streamlib.bench --results-dir benchmarks/results

# The API reference from the docstrings (mkdocs.yml; pages in docs/), into site/. --strict:
# a broken link, a missing object or a docstring griffe cannot parse fails the build.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir site

clean:
	rm -rf $(VENV) out site .mypy_cache .pytest_cache .ruff_cache
