# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make report   create .venv, install, regenerate every report into reports/
#   make test     create the same .venv, lint, run every test (notebooks included)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: report test notebooks check data lab bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

report: $(STAMP)
	$(PY) -m analysis report

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest
	$(PY) -m pytest --nbval notebooks --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider \
	  || (echo "A notebook's stored outputs differ from a fresh run: after changing data or code, run 'make notebooks'."; exit 1)

notebooks: $(STAMP)
	$(PY) -m analysis report --refresh-notebooks

check: $(STAMP)
	$(PY) -m analysis check

data: $(STAMP)
	$(PY) -m analysis datapackage

lab: $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,lab]"
	$(VENV)/bin/jupyter lab notebooks/

# Every ratio of issue 14 (each step against its reference, interleaved) at 10^5 and 10^6 rows; add 1e7 by hand:
#   .venv/bin/python benchmarks/ratios.py --sizes 1e7 --steps load snapshot statistics checks --repeats 1
# Wall time and memory of each step alone: .venv/bin/python benchmarks/bench_scale.py --sizes 1e4 1e5 1e6
bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,bench]"
	$(PY) benchmarks/ratios.py --sizes 1e5 1e6

clean:
	rm -rf $(VENV) .pytest_cache
