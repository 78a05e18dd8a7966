#!/usr/bin/env bash
# Held-out evaluation: checks the frozen files against MANIFEST.sha256, runs the extractor
# on every file of tests/heldout3/orders and scores the output against tests/heldout3/gold.
# Run from anywhere; PYTHON picks the interpreter (default .venv/bin/python of the checkout),
# OUT the output folder (default /tmp/heldout3_out). Extra arguments go to `evaluate`
# (e.g. --json report.json). Every order has a DOCX, a PDF and a borderless DOCX/PDF; no scans.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
PY="${PYTHON:-$root/.venv/bin/python}"
OUT="${OUT:-/tmp/heldout3_out}"

(cd "$here" && sha256sum --check --quiet MANIFEST.sha256) || { echo "report.sh: held-out files differ from MANIFEST.sha256" >&2; exit 2; }

cd "$root"
rm -rf "$OUT"
"$PY" cli.py extract tests/heldout3/orders --out "$OUT" --quiet
extract_rc=$?
"$PY" cli.py evaluate --gold tests/heldout3/gold --pred "$OUT" "$@"
eval_rc=$?
echo "extract exit code: $extract_rc, evaluate exit code: $eval_rc"
exit $eval_rc
