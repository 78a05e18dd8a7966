"""Benchmark: pages per second of the PDF parser against the bare pdfplumber pass, and peak memory.

Inputs: the corpus PDFs (corpus/*/order.pdf) and a PDF of about 300 pages made by joining
them over and over (in a temporary folder, with pypdf or pikepdf if installed, else
poppler's pdfunite). Three passes over each input:

- ``bare``: pdfplumber opens each page, calls ``extract_tables()`` and closes it: the yardstick;
- ``parse``: ``extractor.parsers.pdf.parse``;
- ``pipeline``: ``extractor.pipeline.extract``, the whole extraction (where it exists).

Each measurement runs in a fresh interpreter (``--measure``), which reports its pages, the
seconds of the work (imports left out), the peak RSS after the imports and at the end. The
ratio printed is our seconds over the bare pass's seconds on the same input (the target is
at most 1.5). ``--repeat`` keeps the fastest of N runs.

    python bench/pdf.py [--repeat 1] [--pages 300] [--no-pipeline]
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODES = ("bare", "parse", "pipeline")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def measure(mode: str, paths: list[str]) -> dict:
    """Run one pass in this interpreter; return pages, seconds and peak memory."""
    import pdfplumber

    if mode == "parse":
        from extractor.parsers.pdf import parse
    elif mode == "pipeline":
        from extractor.pipeline import extract
    rss_before = peak_rss_mb()
    pages = 0
    started = time.perf_counter()
    for path in paths:
        if mode == "bare":
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_tables()
                    page.close()
                    pages += 1
        elif mode == "parse":
            pages += parse(path).page_count
        else:
            pages += extract(path).source.pages
    seconds = time.perf_counter() - started
    return {"pages": pages, "seconds": seconds, "rss_after_imports_mb": rss_before, "peak_rss_mb": peak_rss_mb()}


def run_measurement(mode: str, paths: list[Path], repeat: int) -> dict:
    best = None
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--measure", mode, *map(str, paths)],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    return best


def page_count(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def join_pdfs(sources: list[Path], target_pages: int, out: Path) -> tuple[int, str]:
    """A PDF of ``target_pages`` pages (pdfunite: the first whole round of files past it)
    cycling through ``sources``; returns its page count and the tool used."""
    try:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        readers = [PdfReader(str(s)) for s in sources]
        while len(writer.pages) < target_pages:
            for reader in readers:
                for page in reader.pages:
                    if len(writer.pages) < target_pages:
                        writer.add_page(page)
        with out.open("wb") as f:
            writer.write(f)
        return len(writer.pages), "pypdf"
    except ImportError:
        pass
    try:
        import pikepdf

        with pikepdf.new() as joined:
            opened = [pikepdf.open(s) for s in sources]
            while len(joined.pages) < target_pages:
                for pdf in opened:
                    for page in pdf.pages:
                        if len(joined.pages) < target_pages:
                            joined.pages.append(page)
            joined.save(out)
            for pdf in opened:
                pdf.close()
        return target_pages, "pikepdf"
    except ImportError:
        pass
    if not shutil.which("pdfunite"):
        sys.exit("bench/pdf.py: need pypdf, pikepdf or pdfunite (poppler-utils) to join PDFs")
    counts = [page_count(s) for s in sources]
    files: list[Path] = []
    total = 0
    while total < target_pages:
        for s, n in zip(sources, counts):
            files.append(s)
            total += n
    subprocess.run(["pdfunite", *map(str, files), str(out)], check=True)
    return total, "pdfunite"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measure", nargs="+", metavar=("MODE", "PDF"), help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest is kept")
    parser.add_argument("--pages", type=int, default=300, help="pages of the joined PDF")
    parser.add_argument("--no-pipeline", action="store_true", help="leave out the whole-pipeline pass")
    args = parser.parse_args()
    if args.measure:
        mode, *paths = args.measure
        print(json.dumps(measure(mode, paths)))
        return 0

    corpus = sorted((ROOT / "corpus").glob("*/order.pdf"))
    modes = ["bare", "parse"]
    try:
        import extractor.pipeline  # noqa: F401
        if not args.no_pipeline:
            modes.append("pipeline")
    except ImportError:
        pass
    with tempfile.TemporaryDirectory(prefix="bench_pdf_") as tmp:
        joined = Path(tmp) / "joined.pdf"
        joined_pages, tool = join_pdfs(corpus, args.pages, joined)
        inputs = [(f"corpus ({len(corpus)} files)", corpus), (f"joined ({tool})", [joined])]
        print(f"{'input':<20} {'pages':>5}  " + "  ".join(f"{m + ' p/s':>12}" for m in modes)
              + "  " + "  ".join(f"{m + ' ratio':>14}" for m in modes[1:])
              + "  " + "  ".join(f"{m + ' peak MB':>16}" for m in modes))
        for label, paths in inputs:
            results = {m: run_measurement(m, paths, args.repeat) for m in modes}
            pages = results["bare"]["pages"]
            speeds = "  ".join(f"{r['pages'] / r['seconds']:>12.1f}" for r in results.values())
            ratios = "  ".join(f"{results[m]['seconds'] / results['bare']['seconds']:>14.2f}" for m in modes[1:])
            peaks = "  ".join(
                f"{r['peak_rss_mb']:>7.0f} (+{r['peak_rss_mb'] - r['rss_after_imports_mb']:>4.0f})"
                for r in results.values())
            print(f"{label:<20} {pages:>5}  {speeds}  {ratios}  {peaks}")
    print("ratio: seconds of the pass over seconds of the bare pdfplumber pass on the same input "
          "(target <= 1.5); peak MB: peak RSS of the pass's own interpreter (+ growth after imports)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
