#!/usr/bin/env bash
# Held-out evaluation: checks the frozen files against MANIFEST.sha256, runs the extractor
# on every file of tests/dev4/orders and scores the output against tests/dev4/gold.
# Run from anywhere; PYTHON picks the interpreter (default .venv/bin/python of the checkout),
# OUT the output folder (default /tmp/dev4_out). Extra arguments go to `evaluate`
# (e.g. --json report.json). The scans (order_scan.pdf of 303 and 310) fail while the
# tool has no OCR; extraction errors are reported and the evaluation still runs.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
PY="${PYTHON:-$root/.venv/bin/python}"
OUT="${OUT:-/tmp/dev4_out}"

(cd "$here" && sha256sum --check --quiet MANIFEST.sha256) || { echo "report.sh: held-out files differ from MANIFEST.sha256" >&2; exit 2; }

cd "$root"
rm -rf "$OUT"
"$PY" cli.py extract tests/dev4/orders --out "$OUT" --quiet
extract_rc=$?
"$PY" cli.py evaluate --gold tests/dev4/gold --pred "$OUT" "$@"
eval_rc=$?
echo "extract exit code: $extract_rc, evaluate exit code: $eval_rc"
exit $eval_rc
