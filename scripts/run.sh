#!/usr/bin/env bash
# Set up (scripts/bootstrap.sh), extract the seed articles into data/ (rows added from the
# dashboard are kept; the seeds' own rows are refreshed), then start the dashboard on $PORT (default 8501),
# on $ADDRESS (default 127.0.0.1: this machine only; the app has no login, see the README before widening it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh

echo "run: extracting seeds/ into data/"
.venv/bin/python -m extract seeds --manifest seeds/manifest.csv --add-to data

port="${PORT:-8501}"
address="${ADDRESS:-127.0.0.1}"
echo "run: starting the dashboard on http://$address:$port"
if [ "$address" != "127.0.0.1" ] && [ "$address" != "localhost" ]; then
  echo "run: WARNING: serving on $address: anyone who can reach it can add and remove articles; put it behind a login (README)"
fi
exec .venv/bin/streamlit run dashboard/app.py --server.port "$port" --server.address "$address"
