# Two commands on a fresh machine: `make site` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve bench links lock clean portability

$(STAMP): requirements.lock package-lock.json scripts/setup.sh
	@bash scripts/setup.sh
	@touch $@

site: $(STAMP)  ## build site, data and downloads into site/
	@$(PY) scripts/build.py

test: $(STAMP)  ## the whole test suite, browser tests included
	@$(PY) -m pytest

check: $(STAMP)  ## validate all content: path:line: message per problem
	@$(PY) scripts/validate.py --prose

# T2_PREVIEW=1: a new file's template instructions are listed ("to finish: ...") instead of
# stopping the preview; any other content problem stops it with path:line messages.
serve: $(STAMP)  ## live preview at http://127.0.0.1:8000
	@T2_PREVIEW=1 $(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

bench: $(STAMP)  ## benchmarks with ratios against plain Material; writes BENCHMARKS.md
	@$(PY) scripts/bench.py

portability: $(STAMP)  ## build with MkDocs, ProperDocs and Zensical; same output tests; parity table
	@bash scripts/setup.sh portability
	@.venv-portability/bin/python scripts/portability.py --report .cache/portability.md

links: $(STAMP)  ## check the site's links to other websites (needs the network; weekly in CI)
	@$(PY) scripts/check_links.py

lock: $(STAMP)  ## re-pin every Python package after editing requirements.in
	@$(PY) -m pip install --quiet -r requirements.in
	@{ echo "# Exact pins of every Python package (pip freeze of requirements.in on Python 3.11). Regenerate: make lock"; \
	   $(PY) -m pip freeze --exclude-editable; } > requirements.lock

clean:
	rm -rf site site.tmp-* .pytest_cache
