"""Benchmark: where the extraction spends its time, stage by stage, and the total before/after.

Inputs: the corpus orders (corpus/*/order.txt and order.docx as one group, order.pdf as
another). Each measurement runs in a fresh interpreter (``--measure``) that imports the
package from a given source tree, extracts one order of tests/unseen to warm up
(dictionaries, lazy imports) and then extracts every file of the group once, so no cache
holds the measured files' own cells. ``--repeat`` runs it N times and keeps the fastest.

- Stage shares (this tree only): the stage functions that ``extractor.pipeline`` calls are
  wrapped with timers: parse, locate (tables and columns), assemble (rows -> activities),
  metadata (order header, plan title, definitions), deadlines, bodies, targets, checks;
  "other" is the rest of ``extract`` (building the contract's models, hashing the file).
- Before/after: the same measurement with the package of another tree (``--before DIR``,
  e.g. ``git archive main | tar -x -C /tmp/before``), and the totals of both trees measured
  again without timers.

    python bench/stages.py [--before DIR] [--after DIR] [--repeat 5] [--no-pdf]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# pipeline-level names (attributes of extractor.pipeline unless dotted) -> stage
STAGE_OF = {
    "parse_file": "parse",
    "locate_roadmaps": "locate",
    "first_table": "locate",
    "assemble": "assemble",
    "read_order": "metadata",
    "definitions": "metadata",
    "definition_texts": "metadata",
    "parse_deadline": "deadlines",
    "parse_plan_period": "deadlines",
    "infer_plan_period": "deadlines",
    "BodyResolver.__init__": "bodies",
    "BodyResolver.resolve": "bodies",
    "targets_for_activity": "targets",
    "checks.activity_flags": "checks",
    "checks.numbering_flags": "checks",
    "checks.order_number_flags": "checks",
    "checks.table_truncated_flags": "checks",
}
WARM_UP = sorted((ROOT / "tests" / "unseen" / "orders").glob("*/order.txt"))[:1]
STAGES = ("parse", "locate", "assemble", "metadata", "deadlines", "bodies", "targets", "checks", "other")


def corpus_groups(with_pdf: bool) -> dict[str, list[Path]]:
    orders = sorted(p for p in (ROOT / "corpus").iterdir() if p.is_dir())
    groups = {"txt+docx": [o / f"order.{fmt}" for o in orders for fmt in ("txt", "docx")]}
    if with_pdf:
        groups["pdf"] = [o / "order.pdf" for o in orders]
    return groups


def _install_timers(pipeline, spent: dict[str, float]) -> None:
    """Wrap each stage function where the pipeline looks it up; a name the tree lacks is skipped."""
    def timed(fn, stage):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - start
        return wrapper

    for name, stage in STAGE_OF.items():
        owner_name, _, attr = name.rpartition(".")
        owner = getattr(pipeline, owner_name, None) if owner_name else pipeline
        if owner is not None and hasattr(owner, attr):
            setattr(owner, attr, timed(getattr(owner, attr), stage))


def measure(tree: Path, files: list[Path], stages: bool) -> dict:
    """Run inside a fresh interpreter: one timed pass over ``files`` after a warm-up."""
    sys.path.insert(0, str(tree))
    from extractor import pipeline

    assert Path(pipeline.__file__).resolve().is_relative_to(tree.resolve()), pipeline.__file__
    spent = dict.fromkeys(STAGES, 0.0)
    if stages:
        _install_timers(pipeline, spent)
    for path in WARM_UP:
        pipeline.extract(path)
    for stage in spent:
        spent[stage] = 0.0
    start = time.perf_counter()
    for path in files:
        pipeline.extract(path)
    total = time.perf_counter() - start
    spent["other"] = total - sum(v for k, v in spent.items() if k != "other")
    return {"seconds": total, "stages": spent}


def run(tree: Path, files: list[Path], repeat: int, stages: bool) -> dict:
    """The fastest of ``repeat`` fresh-interpreter measurements."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", str(tree)]
    if stages:
        cmd.append("--stages")
    best = None
    for _ in range(repeat):
        result = subprocess.run(cmd + [str(f) for f in files], capture_output=True, text=True, cwd=tree)
        if result.returncode != 0:
            sys.exit(f"measurement in {tree} failed:\n{result.stderr}")
        found = json.loads(result.stdout.splitlines()[-1])
        if best is None or found["seconds"] < best["seconds"]:
            best = found
    return best


def print_stages(label: str, found: dict) -> None:
    total = found["seconds"]
    print(f"  {label}: {total:.3f} s with stage timers")
    for stage in STAGES:
        share = found["stages"][stage] / total if total else 0.0
        print(f"    {stage:<10} {found['stages'][stage]:7.3f} s  {share:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another source tree to time the same files with")
    parser.add_argument("--after", type=Path, default=ROOT, help="the tree measured as after (default: this one)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stages", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.files, args.stages)))
        return

    for group, files in corpus_groups(not args.no_pdf).items():
        print(f"{group}: {len(files)} files, fastest of {args.repeat} runs")
        if args.before:
            print_stages("before", run(args.before.resolve(), files, args.repeat, stages=True))
        print_stages("after" if args.before else "this tree", run(args.after.resolve(), files, args.repeat, stages=True))
        if args.before:
            # the two trees taken in turns, so that load from other processes hits both alike
            before, after = [], []
            for _ in range(args.repeat):
                before.append(run(args.before.resolve(), files, 1, stages=False)["seconds"])
                after.append(run(args.after.resolve(), files, 1, stages=False)["seconds"])
            print(f"  total without timers (fastest of {args.repeat}, in turns): before {min(before):.3f} s, "
                  f"after {min(after):.3f} s (after/before {min(after) / min(before):.2f})")


if __name__ == "__main__":
    main()
