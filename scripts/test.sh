#!/usr/bin/env bash
# Set up (scripts/bootstrap.sh), then run every test under tests/.
#   bash scripts/test.sh                          # the whole suite
#   bash scripts/test.sh -x -k evaluate           # extra pytest options, still over tests/
#   bash scripts/test.sh tests/test_evaluate.py   # given paths replace the default tests/
# Exits with pytest's exit code.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh

targets=(tests)
for arg in "$@"; do
    case "$arg" in
        -*) ;;
        *) if [ -e "${arg%%::*}" ]; then targets=(); break; fi ;;
    esac
done

echo "test: .venv/bin/python -m pytest -q -p no:cacheprovider ${targets[*]} $*"
set +e
.venv/bin/python -m pytest -q -p no:cacheprovider "${targets[@]}" "$@"
code=$?
set -e
exit "$code"
