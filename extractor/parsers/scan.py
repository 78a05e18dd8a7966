"""Scans and page images -> the same Document as a text PDF.

Takes a page image (a rendered PDF page or a frame of a PNG, JPEG or TIFF file); gives an
:class:`OcrPage` — plain, picklable data: the words Tesseract read with their boxes and
confidences, the table grids found from the ruling lines, the deskew angle — and turns
OcrPages into the :class:`~extractor.parsers.pdf.PageLayout` that the text-PDF parser builds
from chars, so that furniture, borderless tables (columns from white gutters, rows from the
activity numbering), paragraphs, headers and hyphenation are read by the very same code
(:func:`extractor.parsers.pdf.assemble_pages`).

Steps for one page (:func:`ocr_page`):

1. deskew (:func:`extractor.parsers.image.deskew`);
2. ruling lines with OpenCV and the cell grid with merged cells
   (:func:`extractor.parsers.image.find_grids`);
3. the page smoothed and binarized, the rules painted out; the text outside tables read by
   Tesseract as a page, each cell that holds ink read on its own as one block
   (:func:`extractor.parsers.ocr.recognise`): no pixel is read twice.

Then (:func:`page_layout`): each word goes to the grid cell under its centre; the words of a
cell, or outside tables, become text lines (words whose vertical centres are close), cut into
segments where Tesseract started another line or block on the same visual line or a gap is
very wide. Pixel boxes become points (72 per inch), the unit of the PDF thresholds.

Every threshold is a field of :class:`ScanSettings`.
"""
from __future__ import annotations

import logging
import statistics
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import cv2

from ..document import Document, Page
from ..errors import InputError
from ..normalizers.repair import is_rule_mark, mend_row_number
from . import image as images
from . import ocr
from .pdf import SETTINGS as PDF_SETTINGS
from .pdf import GridCell, Line, PageLayout, PdfSettings, RuledTable, Segment, assemble_pages

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanSettings:
    line_band: float = 0.5  # line heights: words whose vertical centres are this close share a line
    # line heights: a wider gap between two words cuts the visual line into segments (columns
    # of a table without rules, tabs); a space between words is a third of a line height, a
    # justified line stretches it at most to about two thirds
    segment_gap: float = 0.8
    # the PDF thresholds, loosened where OCR boxes are less exact than glyph boxes
    pdf: PdfSettings = field(default_factory=lambda: replace(
        PDF_SETTINGS, grid_tolerance=4.0, align_tolerance=6.0, indent_tolerance=3.0,
        duplicate_overlap=0.0))
    image: images.ImageSettings = images.SETTINGS
    ocr: ocr.OcrSettings = ocr.SETTINGS


SETTINGS = ScanSettings()
ProgressHook = Callable[[int, int], None]  # (pages done, pages in all)


@dataclass
class OcrPage:
    """One page as OCR read it: picklable, so that worker processes can hand it back."""

    number: int  # 1-based page of the file
    width: int  # px of the deskewed image
    height: int
    dpi: int
    angle: float  # degrees the page was turned back by
    words: list[ocr.OcrWord]
    grids: list[images.Grid]
    engine: str  # Tesseract version
    data: str  # identity of the traineddata file

    @property
    def points_per_pixel(self) -> float:
        return 72.0 / self.dpi


def ocr_page(gray, dpi: int, number: int, settings: ScanSettings = SETTINGS) -> OcrPage:
    """One grayscale page image -> its OcrPage."""
    upright, angle = images.deskew(gray, settings.image)
    ink = images.binarize(upright, settings.image)
    hs, vs = images.find_rules(ink, dpi, settings.image)
    vs = images.table_verticals(hs, vs, upright.shape[1], dpi, settings.image)
    grids = images.find_grids(hs, vs, settings.image, page_width=upright.shape[1])
    mask = images.rule_mask(upright.shape, grids, hs, vs)
    clean = images.paint_out(images.for_ocr(upright, settings.image), mask, settings.image)
    # text outside tables is read as a page; each cell on its own, as one block, so that
    # Tesseract's page layout analysis never drops a short cell ("7.") or joins cells
    outside = images.blank_boxes(clean, [g.bbox for g in grids])
    words = ocr.recognise(outside, dpi, settings.ocr)
    regions = [images.inner_box(cell, settings.image, upright.shape) for g in grids for cell in g.cells]
    text_ink = cv2.bitwise_and(ink, cv2.bitwise_not(mask))
    regions = [r for r in regions if r is not None and images.has_ink(text_ink, r, settings.image)]
    if regions:
        first = max((w.line for w in words), default=-1) + 1
        words += ocr.recognise(clean, dpi, settings.ocr, regions=regions, first_line=first)
    version, data = ocr.engine_identity(settings.ocr)
    log.debug("page %d: deskewed %.2f degrees, %d tables, %d words", number, angle, len(grids), len(words))
    return OcrPage(number, upright.shape[1], upright.shape[0], dpi, angle, words, grids, version, data)


def check_engine(path: Path, settings: ScanSettings = SETTINGS) -> None:
    """Fail early, in one line, when Tesseract or its Russian data cannot be loaded."""
    try:
        ocr.engine(settings.ocr)
    except ocr.OcrUnavailable as exc:
        raise InputError(path, str(exc)) from None


def pdf_page_ocr(path: Path, index: int, password: str | None = None,
                 settings: ScanSettings = SETTINGS) -> OcrPage:
    check_engine(path, settings)
    gray, dpi, _ = images.render_pdf_page(path, index, password, settings.image)
    return ocr_page(gray, dpi, index + 1, settings)


def image_page_ocr(path: Path, index: int, settings: ScanSettings = SETTINGS) -> OcrPage:
    check_engine(path, settings)
    gray, dpi = images.read_image_frame(path, index, settings.image)
    return ocr_page(gray, dpi, index + 1, settings)


# ---------------------------------------------------------------------------
# OcrPage -> PageLayout
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Doubt:
    """A word of a scan that the output should flag: read with low confidence, or mended."""

    page: int
    read: str  # as OCR read it
    written: str  # as it went into the Document (the mended form, or ``read``)
    confidence: float


def page_layout(page: OcrPage, settings: ScanSettings = SETTINGS) -> tuple[PageLayout, list[Doubt]]:
    """An OcrPage as the text-PDF parser's PageLayout, and the words to flag."""
    k = page.points_per_pixel
    tables: list[RuledTable] = []
    slots: list[tuple[images.Grid, list[list[ocr.OcrWord]]]] = []
    for grid in page.grids:
        slots.append((grid, [[] for _ in grid.cells]))
    outside: list[ocr.OcrWord] = []
    for word in page.words:
        xc, yc = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
        for grid, per_cell in slots:
            x0, y0, x1, y1 = grid.bbox
            if x0 <= xc <= x1 and y0 <= yc <= y1:
                for n, cell in enumerate(grid.cells):
                    if cell.x0 <= xc <= cell.x1 and cell.y0 <= yc <= cell.y1:
                        per_cell[n].append(word)
                        break
                break
        else:
            outside.append(word)
    doubts: list[Doubt] = []
    for grid, per_cell in slots:
        cells = []
        for cell, words in zip(grid.cells, per_cell):
            gc = GridCell(cell.row, cell.col, cell.row_span, cell.col_span, cell.x0 * k, cell.x1 * k)
            gc.lines = words_to_lines(mend_cell_number(words, page.number, doubts), k, settings)
            cells.append(gc)
        x0, y0, x1, y1 = grid.bbox
        tables.append(RuledTable(x0 * k, y0 * k, x1 * k, y1 * k, len(grid.xs) - 1, cells,
                                 [x * k for x in grid.xs], [y * k for y in grid.ys]))
    lines = words_to_lines(outside, k, settings)
    cut = settings.ocr.suspect_confidence
    mended = {(d.read, d.written) for d in doubts}
    for word in page.words:
        if word.confidence < cut and any(ch.isalnum() for ch in word.text) and (word.text, word.text) not in mended:
            doubts.append(Doubt(page.number, word.text, word.text, round(word.confidence, 1)))
    layout = PageLayout(page.number, page.width * k, page.height * k, lines, tables, has_text=bool(page.words))
    return layout, doubts


def mend_cell_number(words: list[ocr.OcrWord], page: int, doubts: list[Doubt]) -> list[ocr.OcrWord]:
    """A cell holding nothing but a row number read with letters for digits ("З.") gets the
    number (:func:`extractor.normalizers.repair.mend_row_number`); the mend is noted."""
    kept = [w for w in words if not is_rule_mark(w.text)] if len(words) > 1 else words
    if len(kept) != 1:
        return kept
    mended = mend_row_number(kept[0].text)
    if mended is None:
        return kept
    word = kept[0]
    doubts.append(Doubt(page, word.text, mended, round(word.confidence, 1)))
    return [replace(word, text=mended)]


def words_to_lines(words: list[ocr.OcrWord], k: float, settings: ScanSettings = SETTINGS) -> list[Line]:
    """Words -> visual lines top to bottom (pt coordinates, ``k`` pt per pixel)."""
    lines: list[Line] = []
    group: list[ocr.OcrWord] = []
    ref = ref_height = 0.0
    for word in sorted(words, key=lambda w: (w.y0 + w.y1) / 2):
        centre = (word.y0 + word.y1) / 2
        height = max(word.line_height, 1.0)
        if group and centre - ref <= settings.line_band * max(height, ref_height):
            group.append(word)
            continue
        if group:
            lines.append(build_line(group, k, settings))
        group, ref, ref_height = [word], centre, height
    if group:
        lines.append(build_line(group, k, settings))
    return [line for line in lines if line is not None]


def build_line(words: list[ocr.OcrWord], k: float, settings: ScanSettings) -> Line | None:
    words = sorted(words, key=lambda w: w.x0)
    while words and is_rule_mark(words[0].text):  # a rule's remains at the cell's edges
        words = words[1:]
    while words and is_rule_mark(words[-1].text):
        words = words[:-1]
    if not words:
        return None
    height = statistics.median(w.line_height for w in words)
    segments: list[Segment] = []
    current: list[ocr.OcrWord] = []
    for word in words:
        if current:
            prev = current[-1]
            if word.line != prev.line or word.x0 - prev.x1 > settings.segment_gap * height:
                segments.append(_segment(current, k))
                current = []
        current.append(word)
    segments.append(_segment(current, k))
    return Line(
        top=min(w.y0 for w in words) * k, bottom=max(w.y1 for w in words) * k,
        x0=words[0].x0 * k, x1=max(w.x1 for w in words) * k, size=height * k, segments=segments,
        second_word_x0=words[1].x0 * k if len(words) > 1 else None,
    )


def _segment(words: list[ocr.OcrWord], k: float) -> Segment:
    return Segment(words[0].x0 * k, max(w.x1 for w in words) * k, " ".join(w.text for w in words), False)


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------


def document_from_layouts(path: Path, fmt: str, layouts: list[PageLayout], ocr_pages: list[OcrPage],
                          doubts: list[Doubt], settings: ScanSettings = SETTINGS) -> Document:
    pages: list[Page] = assemble_pages(layouts, settings.pdf)
    document = Document(str(path), fmt, pages, page_count=len(layouts), ocr=bool(ocr_pages))
    if ocr_pages:
        document.ocr_engine = ocr_pages[0].engine
        document.ocr_data = ocr_pages[0].data
        document.ocr_pages = {page.number - 1: page for page in ocr_pages}
        for d in doubts:
            document.ocr_doubtful.setdefault(d.page, []).append((d.read, d.written, d.confidence))
    return document


def parse_image(path: str | Path, *, ocr_pages: dict[int, OcrPage] | None = None,
                progress: ProgressHook | None = None, settings: ScanSettings = SETTINGS,
                defer_ocr: bool = False) -> Document:
    """A PNG, JPEG or TIFF file (every frame of a multi-page TIFF a page) -> Document.
    ``defer_ocr``: see :func:`extractor.parsers.parse_file`."""
    path = Path(path)
    count = images.image_frame_count(path)
    missing = [index for index in range(count) if index not in (ocr_pages or {})]
    if defer_ocr and missing:
        from . import PagesNeedOcr
        raise PagesNeedOcr(missing)
    read = []
    for index in range(count):
        page = (ocr_pages or {}).get(index) or image_page_ocr(path, index, settings)
        read.append(page)
        if progress:
            progress(index + 1, count)
    layouts, doubts = [], []
    for page in read:
        layout, page_doubts = page_layout(page, settings)
        layouts.append(layout)
        doubts += page_doubts
    if not any(layout.has_text for layout in layouts):
        raise InputError(path, "no text found on the image by OCR")
    return document_from_layouts(path, "image", layouts, read, doubts, settings)
