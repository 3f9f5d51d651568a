#!/usr/bin/env bash
# Set up (scripts/bootstrap.sh), extract the seed articles into data/ (rows added from the
# dashboard are kept; the seeds' own rows are refreshed), then start the dashboard on $PORT (default 8501).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh

echo "run: extracting seeds/ into data/"
.venv/bin/python -m extract seeds --manifest seeds/manifest.csv --add-to data

port="${PORT:-8501}"
echo "run: starting the dashboard on http://localhost:$port"
exec .venv/bin/streamlit run dashboard/app.py --server.port "$port"
