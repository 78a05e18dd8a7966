"""Benchmark: files per second of a batch with 1 and with 2 workers on the corpus copied 20 times.

Inputs: the corpus's order.txt, order.docx and order.pdf linked ``--copies`` times (20 by
default: 300 files) into a temporary folder, plus the five scans once (they fail fast with
"OCR needed" until OCR exists). Each run is ``extractor.batch.run_batch`` into a fresh
output folder, the way ``extract`` runs it; the time is the whole run (pool start, every
file, writing outputs and run files). Reported per worker count: seconds, files per second,
and the speed-up of each count over one worker (target on 2 cores: at least 1.7).

Also measured: what replacing a worker costs (start one through the fork server and give it
a trivial task), since a file over its time limit costs a worker.

    python bench/batch.py [--copies 20] [--workers 1 2] [--repeat 1]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.batch import BatchOptions, run_batch  # noqa: E402
from extractor.pool import WorkerPool  # noqa: E402

FORMATS = ("txt", "docx", "pdf")


def make_copies(folder: Path, copies: int) -> int:
    orders = sorted(p.name for p in (ROOT / "corpus").iterdir() if p.is_dir())
    count = 0
    for k in range(copies):
        for name in orders:
            for fmt in FORMATS:
                link = folder / f"copy_{k:02d}" / name / f"order.{fmt}"
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(ROOT / "corpus" / name / f"order.{fmt}")
                count += 1
    for name in orders:
        link = folder / "scans" / name / "order_scan.pdf"
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(ROOT / "corpus" / name / "order_scan.pdf")
        count += 1
    return count


def one_run(inputs: Path, out: Path, workers: int) -> tuple[float, int, int]:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    report = run_batch([str(inputs)], out, BatchOptions(workers=workers))
    seconds = time.perf_counter() - started
    ok = sum(r.status == "ok" for r in report.results)
    return seconds, len(report.results), ok


def identity(x: int) -> int:
    return x


def worker_start_seconds(samples: int = 5) -> float:
    """Seconds from starting a fresh worker to its first answer (the pool kept warm)."""
    with WorkerPool(1) as pool:
        pool.submit(0, identity, (0,), seconds_per_page=60)
        list(pool.completions())  # the fork server is up
    best = float("inf")
    for _ in range(samples):
        started = time.perf_counter()
        with WorkerPool(1) as pool:
            pool.submit(0, identity, (0,), seconds_per_page=60)
            list(pool.completions())
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="keep the fastest of N runs per worker count")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        inputs = Path(tmp) / "in"
        files = make_copies(inputs, args.copies)
        print(f"{files} files ({args.copies} x corpus txt/docx/pdf + 5 scans), {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f}")
        times: dict[int, float] = {}
        for workers in args.workers:
            best = None
            for _ in range(args.repeat):
                seconds, total, ok = one_run(inputs, Path(tmp) / "out", workers)
                best = seconds if best is None else min(best, seconds)
            times[workers] = best
            print(f"workers={workers}: {best:7.1f} s  {total / best:6.2f} files/s  ({ok} ok of {total})")
        base = times.get(1)
        if base:
            for workers, seconds in times.items():
                if workers != 1:
                    print(f"speed-up {workers} workers over 1: {base / seconds:.2f}x")
        print(f"starting a worker and its first answer: {worker_start_seconds() * 1000:.0f} ms")


if __name__ == "__main__":
    main()
