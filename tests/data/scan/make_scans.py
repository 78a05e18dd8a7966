"""Simulated scans of our own documents, for the OCR tests and for measuring OCR.

Takes text PDFs (our own: ``tests/data/pdf``, ``tests/unseen/orders``); gives image-only
files made the way a scanner and a careless office would: pages rendered, turned by a small
angle, blurred, noised, JPEG-compressed, with paper and ink levels of grey. Deterministic:
each page's noise is seeded by the output name and page number.

``python tests/data/scan/make_scans.py`` (re)writes the small committed test files beside
this script; ``--unseen DIR`` writes one scan per unseen order (several degradation kinds in
turn) into DIR, for measuring (not committed: ``bench/ocr.py`` and the report use them).
"""
from __future__ import annotations

import argparse
import io
import random
import statistics
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent.parent
SEED = 20261206


@dataclass(frozen=True)
class Degradation:
    dpi: int = 200
    angle: float = 1.0  # degrees, counter-clockwise; the sign alternates page by page
    blur: float = 0.6  # Gaussian radius, px
    noise: float = 8.0  # sigma of Gaussian noise, grey levels
    jpeg_quality: int = 60
    paper: int = 244
    ink: int = 30


KINDS = {
    "plain": Degradation(angle=0.4, blur=0.4, noise=4.0, jpeg_quality=85),
    "turned": Degradation(angle=2.0),
    "blurred": Degradation(angle=0.8, blur=1.0),
    "noisy": Degradation(angle=1.2, noise=16.0, jpeg_quality=45),
    "low_dpi": Degradation(dpi=150, angle=1.5, blur=0.5),
}


def gaussian_lut(sigma: float) -> list[int]:
    normal = statistics.NormalDist()
    return [max(0, min(255, round(128 + sigma * normal.inv_cdf((v + 0.5) / 256)))) for v in range(256)]


def degrade(page: Image.Image, how: Degradation, rng: random.Random, sign: int) -> Image.Image:
    img = page.convert("L").point(lambda v: round(how.ink + (how.paper - how.ink) * v / 255))
    angle = sign * how.angle * rng.uniform(0.8, 1.0)
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=how.paper)
    if how.blur:
        img = img.filter(ImageFilter.GaussianBlur(how.blur))
    if how.noise:
        noise = Image.frombytes("L", img.size, rng.randbytes(img.size[0] * img.size[1]))
        img = ImageChops.add(img, noise.point(gaussian_lut(how.noise)), scale=1.0, offset=-128)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=how.jpeg_quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def scanned_pages(pdf_path: Path, how: Degradation, name: str, pages: list[int] | None = None) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    out = []
    try:
        for k in pages if pages is not None else range(len(pdf)):
            page = pdf[k]
            bitmap = page.render(scale=how.dpi / 72, grayscale=True)
            rendered = bitmap.to_pil()
            rng = random.Random(f"{SEED}:{name}:{k}")
            out.append(degrade(rendered, how, rng, 1 if k % 2 == 0 else -1))
            page.close()
    finally:
        pdf.close()
    return out


def save_pdf(images: list[Image.Image], path: Path, dpi: int) -> None:
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=dpi)


def make_test_files() -> None:
    """The small files the OCR tests read."""
    borderless = HERE.parent / "pdf" / "borderless.pdf"
    sans = HERE.parent / "pdf" / "sans_long.pdf"
    # a table without rules, turned and noised, as an image-only PDF
    how = replace(KINDS["noisy"], angle=1.5, noise=6.0, jpeg_quality=50)
    save_pdf(scanned_pages(borderless, how, "borderless_scan"), HERE / "borderless_scan.pdf", how.dpi)
    # page 2 of a sans-serif order (the table's first page) as a blurred grey JPEG, and as a
    # black-and-white PNG of a plain office scan
    how = replace(KINDS["blurred"], noise=5.0, jpeg_quality=50)
    scanned_pages(sans, how, "sans_page2", [1])[0].save(HERE / "sans_page2.jpg", quality=50, dpi=(how.dpi, how.dpi))
    how = KINDS["plain"]
    page = scanned_pages(sans, how, "sans_page2_bw", [1])[0]
    black_white(page, 160).save(HERE / "sans_page2.png", dpi=(how.dpi, how.dpi), optimize=True)
    # all pages as one multi-page TIFF, black and white (Group 4, as office scanners write it)
    how = replace(KINDS["turned"], angle=1.8, noise=6.0)
    pages = [black_white(p) for p in scanned_pages(sans, how, "sans_tiff")]
    pages[0].save(HERE / "sans_pages.tiff", save_all=True, append_images=pages[1:], compression="group4",
                  dpi=(how.dpi, how.dpi))


def black_white(page: Image.Image, threshold: int = 140) -> Image.Image:
    return page.point(lambda v: 255 if v > threshold else 0).convert("1")


def make_unseen(out: Path) -> list[Path]:
    """One scan per unseen order, the degradation kinds taken in turn."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    kinds = list(KINDS)
    for k, folder in enumerate(sorted((TESTS / "unseen" / "orders").iterdir())):
        pdf = folder / "order.pdf"
        if not pdf.is_file():
            continue
        kind = kinds[k % len(kinds)]
        target = out / folder.name / f"order_scan_{kind}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        save_pdf(scanned_pages(pdf, KINDS[kind], folder.name), target, KINDS[kind].dpi)
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--unseen", type=Path, help="write scans of the unseen orders into this folder")
    args = parser.parse_args()
    if args.unseen:
        for path in make_unseen(args.unseen):
            print(path)
    else:
        make_test_files()


if __name__ == "__main__":
    main()
