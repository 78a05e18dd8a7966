#!/usr/bin/env bash
# Prepares a fresh machine for roadmap-extractor: the package, its dependencies and the
# test tools (pip install -e .[dev]). Safe to run again: pip skips what is installed.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e ".[dev]"
