# Convenience targets; each is the pipeline step of the same name. The two commands that
# matter (and need no make) are bash scripts/run.sh and bash scripts/test.sh.
PY := .venv/bin/python

.PHONY: setup extract evaluate evaluate-articles evaluate-real bench test run

setup:                 ## .venv, requirements, Debian packages (idempotent)
	bash scripts/bootstrap.sh

extract: setup         ## seeds/ -> data/positions.csv
	$(PY) -m extract seeds -o data/positions.csv --manifest seeds/manifest.csv

evaluate: setup        ## extract the seeds and score them against tests/seeds_gold.csv
	$(PY) -m extract.evaluate --gold tests/seeds_gold.csv --articles seeds --manifest seeds/manifest.csv

evaluate-articles: setup  ## extract tests/articles/ and score them against its gold.csv
	$(PY) -m extract.evaluate --gold tests/articles/gold.csv --articles tests/articles

evaluate-real: setup   ## the real-news dev set (tests/real/texts must be re-created first, see its README)
	$(PY) -m extract.evaluate --gold tests/real/gold.csv --articles tests/real/texts --manifest tests/real/sources.csv

bench: setup           ## throughput and memory of the extraction
	$(PY) bench/bench_extract.py

test:                  ## every test
	bash scripts/test.sh

run:                   ## extract the seeds and start the dashboard
	bash scripts/run.sh
