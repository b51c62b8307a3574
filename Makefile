# paperkg — two entry points: `make demo` and `make test`. Both create .venv if missing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
PAPERKG := $(VENV)/bin/paperkg
OUT    ?= out
LINT   := tests/cypher_lint

.PHONY: demo test install install-dev lint-cypher bench gazetteers notebooks clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $@

$(LINT)/node_modules/.installed: $(LINT)/package.json $(LINT)/package-lock.json
	cd $(LINT) && npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev $(LINT)/node_modules/.installed

demo: install
	$(PAPERKG) build data/hf-papers -o $(OUT) --workers 2
	$(PAPERKG) stats $(OUT) --top 5
	$(PAPERKG) validate $(OUT)
	@echo "== SPARQL on the embedded store (pyoxigraph): most used datasets"
	$(PAPERKG) query $(OUT) queries/most-used-datasets.rq
	@echo "== SPARQL: acronyms the corpus defines"
	$(PAPERKG) query $(OUT) queries/acronym-table.rq --format csv | head -8
	@echo "== Cypher on the embedded Bolt server (ArcadeDB): concepts named together"
	$(PAPERKG) query $(OUT) queries/top-cooccurring-concepts.cypher
	@echo "== Cypher: official code of methods evaluated on MATH-500"
	$(PAPERKG) query $(OUT) queries/official-code-for-benchmark.cypher
	$(PAPERKG) evaluate data/gold/seed_dev30.jsonl

test: install-dev
	$(PY) -m pytest -q

lint-cypher: $(LINT)/node_modules/.installed
	node $(LINT)/lint.mjs queries/*.cypher

bench: install
	cd benchmarks && ../$(PY) bench_extract.py && ../$(PY) bench_rdf.py && ../$(PY) bench_neo4j.py

# The analysis notebooks in Jupyter (installed into .venv on first use), on the demo build
notebooks: install-dev
	$(PIP) install --quiet notebook
	test -f $(OUT)/build.json || $(PAPERKG) build data/hf-papers -o $(OUT) --workers 2
	cd notebooks && ../$(VENV)/bin/jupyter notebook --ip=127.0.0.1

# Re-derive extract/gazetteers/grown.jsonl from pinned wheels (needs Debian's wamerican word list)
gazetteers: install
	test -f /usr/share/dict/words || apt-get install -y wamerican
	$(PY) -m paperkg.extract.gazetteers.grow

clean:
	rm -rf $(OUT) .pytest_cache
