#!/usr/bin/env bash
# Prepares a fresh machine for roadmap-extractor and is safe to run again.
#
# 1. Debian packages the project calls (Tesseract with its Russian data for scans), installed
#    with apt-get when missing and when run as root; otherwise one line names what to install.
# 2. A virtual environment in .venv (stock Debian and Ubuntu refuse `pip install` into the
#    system Python), holding the package, its dependencies and the test tools
#    (pip install -e .[dev]).
#
# Afterwards run everything through .venv/bin/python (the README's commands do).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
DEBIAN_PACKAGES=(tesseract-ocr tesseract-ocr-rus libreoffice-writer-nogui)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "setup: installing Debian packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "setup: scans need the Debian packages ${missing[*]}: run 'sudo apt-get install ${missing[*]}'" >&2
    fi
fi

if [[ ! -x .venv/bin/python ]]; then
    echo "setup: creating the virtual environment .venv"
    if ! "$PYTHON" -m venv .venv 2>/dev/null; then
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            py_minor=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python${py_minor}-venv" >/dev/null
            rm -rf .venv
            "$PYTHON" -m venv .venv
        else
            echo "setup: cannot create a virtual environment: install python3-venv" >&2
            exit 1
        fi
    fi
fi
echo "setup: installing the package and its dependencies into .venv"
.venv/bin/python -m pip install --disable-pip-version-check --progress-bar on -q -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --disable-pip-version-check --progress-bar on -e ".[dev]" 2>&1 \
    | grep -v -e "^WARNING: Location" -e "^Requirement already satisfied" || true
.venv/bin/python -c "import extractor" || { echo "setup: the package failed to install" >&2; exit 1; }
echo "setup: done; run commands with .venv/bin/python"
