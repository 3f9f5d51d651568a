#!/usr/bin/env bash
# Set up (scripts/bootstrap.sh), extract the seed articles into data/positions.csv,
# then start the dashboard on $PORT (default 8501).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh

echo "run: extracting seeds/ into data/positions.csv"
.venv/bin/python -m extract seeds -o data/positions.csv --manifest seeds/manifest.csv

port="${PORT:-8501}"
echo "run: starting the dashboard on http://localhost:$port"
exec .venv/bin/streamlit run dashboard/app.py --server.port "$port"
