# Idempotent set-up, sourced by scripts/run.sh and scripts/test.sh (or run alone: bash scripts/bootstrap.sh).
#   1. .venv/ in the checkout (python3 -m venv) if it is missing or broken;
#   2. pip install -r requirements.txt only when the file changed since the last install
#      (its sha256 is kept in .venv/.requirements.sha256);
#   3. the Debian packages chromium, chromium-driver, fonts-dejavu-core, poppler-utils
#      when missing (apt-get update once, then install; sudo only when not root;
#      without apt-get: a warning, and the set-up goes on).
# It never runs `spacy download` or `playwright install`: the spaCy model is a pip
# package in requirements.txt. Environment: PYTHON (interpreter for a new venv, default python3).

coalition_bootstrap() {
    local root py req stamp want have
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    py="${PYTHON:-python3}"
    req="$root/requirements.txt"
    stamp="$root/.venv/.requirements.sha256"
    echo "bootstrap: checkout $root"

    # 1. virtual environment
    if [ -x "$root/.venv/bin/python" ] && "$root/.venv/bin/python" -c "import sys" >/dev/null 2>&1; then
        echo "bootstrap: .venv present"
    else
        if ! command -v "$py" >/dev/null 2>&1; then
            echo "bootstrap: ERROR: '$py' not found; install Python 3.11 (or set PYTHON=/path/to/python3.11)" >&2
            return 1
        fi
        if ! "$py" -c "import sys; sys.exit(sys.version_info < (3, 11))"; then
            echo "bootstrap: ERROR: $("$py" --version 2>&1) is too old; the project needs Python >= 3.11 (set PYTHON=...)" >&2
            return 1
        fi
        echo "bootstrap: creating .venv with $("$py" --version 2>&1)"
        "$py" -m venv --clear "$root/.venv" || {
            echo "bootstrap: ERROR: '$py -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2
            return 1
        }
        rm -f "$stamp"
    fi

    # 2. Python packages, only when requirements.txt changed
    want="$(sha256sum "$req" | cut -d' ' -f1)"
    have="$(cat "$stamp" 2>/dev/null || true)"
    if [ "$want" = "$have" ]; then
        echo "bootstrap: requirements.txt unchanged since the last install (sha256 ${want:0:12}); pip skipped"
    else
        echo "bootstrap: installing requirements.txt into .venv (a fresh venv takes about a minute with pip's cache, a few without)"
        "$root/.venv/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$req" || {
            echo "bootstrap: ERROR: pip install -r requirements.txt failed" >&2
            return 1
        }
        echo "$want" > "$stamp"
        echo "bootstrap: requirements installed (sha256 ${want:0:12} stored in .venv/.requirements.sha256)"
    fi

    # 3. Debian packages (headless browser for chart export, fonts, PDF tools)
    local pkg missing=() sudo=()
    for pkg in chromium chromium-driver fonts-dejavu-core poppler-utils; do
        if ! dpkg -s "$pkg" 2>/dev/null | grep -q "^Status: install ok installed"; then
            missing+=("$pkg")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "bootstrap: Debian packages present (chromium chromium-driver fonts-dejavu-core poppler-utils)"
    elif ! command -v apt-get >/dev/null 2>&1; then
        echo "bootstrap: WARNING: apt-get is not available, so ${missing[*]} cannot be installed here;" \
             "install them by hand (chart export and PDF checks need them). Going on." >&2
    else
        if [ "$(id -u)" -ne 0 ]; then
            if command -v sudo >/dev/null 2>&1; then
                sudo=(sudo)
            else
                echo "bootstrap: WARNING: not root and no sudo, so ${missing[*]} cannot be installed; going on." >&2
                return 0
            fi
        fi
        echo "bootstrap: installing Debian packages: ${missing[*]} (apt-get update, then install)"
        if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
            echo "bootstrap: Debian packages installed"
        else
            echo "bootstrap: WARNING: apt-get could not install ${missing[*]}; going on without them." >&2
        fi
    fi
    echo "bootstrap: done"
}

coalition_bootstrap "$@"
