#!/usr/bin/env python3
"""OCR speed and the resolution choice, on the corpus scans (or any scans given).

``python bench/ocr.py`` measures, in one run, one thread on each side (OMP_THREAD_LIMIT=1):

- end to end: seconds per page of ``extract`` in one process (each page read by
  ``ocr_unit``, then the document built from them; the build time shared out over its pages);
- (a) the Debian ``tesseract`` command on the same pages rendered at 300 dpi (what a user
  would run: ``tesseract page.png - -l rus``);
- (b) bare full-page tesserocr OCR (the same engine, one ``Recognize`` a page) of the same
  page images at the pipeline's own resolution: the pipeline's overhead is end to end / (b);
- peak memory (max RSS) of this process after all of that;
- two workers: the pages of all files spread over two worker processes, against one.

The three per-page measurements run one after the other on each page, so that the load of a
shared machine weighs on them alike.

``python bench/ocr.py --dpi 200 300 400`` reads the scans at each resolution and prints the
activity F1, deadline periods accuracy and responsible F1 against the gold with the seconds
per page: the figures behind ``ImageSettings.dpi``.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.evaluate import compare  # noqa: E402
from extractor.parsers import image as images  # noqa: E402
from extractor.parsers import ocr, ocr_unit, ocr_units, scan  # noqa: E402
from extractor.pipeline import extract  # noqa: E402


def corpus_scans() -> list[Path]:
    return sorted((ROOT / "corpus").glob("*/order_scan.pdf"))


def debian_cli(path: Path, index: int) -> float:
    gray, _, _ = images.render_pdf_page(path, index, settings=replace(images.SETTINGS, dpi=300))
    import cv2

    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        cv2.imwrite(str(png), gray)
        env = dict(os.environ, OMP_THREAD_LIMIT="1", TESSDATA_PREFIX=str(ocr.find_tessdata()))
        started = time.perf_counter()
        subprocess.run(["tesseract", str(png), "-", "-l", "rus", "--dpi", "300"], check=True,
                       capture_output=True, env=env)
        return time.perf_counter() - started


def bare_tesserocr(path: Path, index: int) -> float:
    gray, dpi, _ = images.render_pdf_page(path, index)
    api = ocr.engine()
    started = time.perf_counter()
    api.SetImageBytes(gray.tobytes(), gray.shape[1], gray.shape[0], 1, gray.shape[1])
    api.SetSourceResolution(dpi)
    api.Recognize()
    api.GetUTF8Text()
    elapsed = time.perf_counter() - started
    api.Clear()
    return elapsed


def _unit(job: tuple[str, int]):
    return job, ocr_unit(Path(job[0]), job[1])


def workers_wall(files: list[Path], workers: int) -> float:
    jobs = [(str(f), i) for f in files for i in ocr_units(f)]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        done = dict(pool.map(_unit, jobs))
    for f in files:
        extract(f, ocr_pages={i: done[(str(f), i)] for i in ocr_units(f)})
    return time.perf_counter() - started


def speed(files: list[Path]) -> dict:
    """The three measurements page by page, one after the other on the same page, so that
    the load of a shared machine weighs on them alike."""
    e2e, cli, bare = [], [], []
    for f in files:
        pages, times = {}, []
        for index in ocr_units(f):
            started = time.perf_counter()
            pages[index] = ocr_unit(f, index)
            times.append(time.perf_counter() - started)
            cli.append(debian_cli(f, index))
            bare.append(bare_tesserocr(f, index))
        started = time.perf_counter()
        extract(f, ocr_pages=pages)
        build = (time.perf_counter() - started) / max(1, len(times))  # the document, shared out
        e2e += [t + build for t in times]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    one = workers_wall(files, 1)
    two = workers_wall(files, 2)
    med = statistics.median
    return {
        "pages": len(e2e), "dpi": images.SETTINGS.dpi,
        "end_to_end_s_per_page_median": round(med(e2e), 3),
        "debian_tesseract_300dpi_s_per_page_median": round(med(cli), 3),
        "bare_tesserocr_s_per_page_median": round(med(bare), 3),
        "end_to_end_over_debian_cli": round(med(e2e) / med(cli), 3),
        "end_to_end_over_bare_tesserocr": round(med(e2e) / med(bare), 3),
        "per_page_ratio_over_bare_median": round(med(a / b for a, b in zip(e2e, bare)), 3),
        "peak_rss_mib": round(rss / 1024, 1),
        "one_worker_s_total": round(one, 1), "two_workers_s_total": round(two, 1),
        "two_worker_speedup": round(one / two, 2),
    }


def by_dpi(files: list[Path], dpis: list[int]) -> list[dict]:
    rows = []
    for dpi in dpis:
        settings = replace(scan.SETTINGS, image=replace(images.SETTINGS, dpi=dpi))
        reports, seconds, pages = [], 0.0, 0
        for f in files:
            started = time.perf_counter()
            read = {i: scan.pdf_page_ocr(f, i, settings=settings) for i in ocr_units(f)}
            order = json.loads(extract(f, ocr_pages=read).to_json())
            seconds += time.perf_counter() - started
            pages += len(read)
            gold = json.loads((ROOT / "gold" / f"{f.parent.name}.json").read_text(encoding="utf-8"))
            reports.append(compare(gold, order, f.parent.name))
        rows.append({
            "dpi": dpi, "s_per_page": round(seconds / pages, 2),
            "activity_f1": [round(r.activities.f1 or 0, 3) for r in reports],
            "deadline_periods": [round(r.fields["deadline_periods"].accuracy or 0, 3) for r in reports],
            "responsible_f1": [round(r.responsible.f1 or 0, 3) for r in reports],
        })
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="scans (default: corpus/*/order_scan.pdf)")
    parser.add_argument("--dpi", type=int, nargs="+", help="compare these resolutions against the gold")
    args = parser.parse_args()
    files = args.files or corpus_scans()
    if args.dpi:
        by_dpi(files, args.dpi)
    else:
        print(json.dumps(speed(files), indent=2))


if __name__ == "__main__":
    main()
