"""Page images that show reviewers what the extractor saw: ``draw_pages(path, out_dir)``.

Takes a PDF (text or scan) or an image file; writes one PNG per page into ``out_dir`` and
returns their paths. Drawn over the page (deskewed, as OCR read it):

- blue: the table grid found from the ruling lines (every grid line);
- green: each cell, merged cells as one box;
- thin grey: each word OCR read, red where its confidence is under the suspect cut;
- orange, labelled "#seq": the table row(s) each activity was assembled from.

The file is parsed once (text layers and OCR), as :func:`extractor.pipeline.extract` does, or
its Document is taken as given; the OCR pages drawn are the ones the Document was read from.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from .document import Document
from .locate import locate_roadmaps
from .parsers import image as images
from .parsers import parse_file
from .parsers.ocr import SETTINGS as OCR_SETTINGS
from .pipeline import extract_document

BLUE, GREEN, GREY, RED, ORANGE = (200, 90, 0), (40, 160, 40), (150, 150, 150), (0, 0, 220), (0, 140, 255)


def draw_pages(path: str | Path, out_dir: str | Path, password: str | None = None,
               ocr_pages: dict | None = None, document: Document | None = None) -> list[Path]:
    """``ocr_pages``: pages already read by :func:`extractor.parsers.ocr_unit`, if any;
    ``document``: the file already parsed (then ``ocr_pages`` is not used)."""
    path, out_dir = Path(path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if document is None:
        document = parse_file(path, password=password, ocr_pages=ocr_pages)
    ocr_pages = document.ocr_pages
    order = extract_document(document, path)
    roadmaps = locate_roadmaps(document)
    rows_by_page: dict[int, list[tuple[int, tuple[float, float, float, float]]]] = {}
    for activity in order.activities:
        roadmap = roadmaps[activity.source.table - 1]
        wanted = set(activity.source.rows)
        for rr in roadmap.rows:
            if rr.index in wanted and rr.row.bbox and rr.page:
                rows_by_page.setdefault(rr.page, []).append((activity.seq, rr.row.bbox))
    is_image = path.suffix.lower() in images.IMAGE_SUFFIXES
    count = images.image_frame_count(path) if is_image else images.pdf_page_count(path, password)
    written = []
    for index in range(count):
        page = ocr_pages.get(index)
        if is_image:
            gray, dpi = images.read_image_frame(path, index)
        else:
            gray, dpi, _ = images.render_pdf_page(path, index, password)
        if page is not None:
            gray = images.rotate(gray, page.angle, int(np.percentile(gray, 90))) if page.angle else gray
            dpi = page.dpi
        canvas = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
        if page is not None:
            draw_ocr(canvas, page)
        scale = dpi / 72.0
        for seq, (x0, top, x1, bottom) in rows_by_page.get(index + 1, []):
            p0, p1 = (int(x0 * scale) - 6, int(top * scale) + 3), (int(x1 * scale) + 6, int(bottom * scale) - 3)
            cv2.rectangle(canvas, p0, p1, ORANGE, 3)
            label = f"#{seq}"  # in the margin left of the row, where it hides no text
            width = cv2.getTextSize(label, cv2.FONT_HERSHEY_SIMPLEX, 1.0, 2)[0][0]
            cv2.putText(canvas, label, (max(0, p0[0] - width - 8), p0[1] + 30), cv2.FONT_HERSHEY_SIMPLEX,
                        1.0, ORANGE, 2, cv2.LINE_AA)
        target = out_dir / f"{path.stem}_page{index + 1}.png"
        cv2.imwrite(str(target), canvas)
        written.append(target)
    return written


def draw_ocr(canvas: np.ndarray, page) -> None:
    for grid in page.grids:
        x0, y0, x1, y1 = (int(v) for v in grid.bbox)
        for x in grid.xs:
            cv2.line(canvas, (int(x), y0), (int(x), y1), BLUE, 1)
        for y in grid.ys:
            cv2.line(canvas, (x0, int(y)), (x1, int(y)), BLUE, 1)
        for cell in grid.cells:
            cv2.rectangle(canvas, (int(cell.x0) + 4, int(cell.y0) + 4), (int(cell.x1) - 4, int(cell.y1) - 4), GREEN, 2)
    for word in page.words:
        colour = RED if word.confidence < OCR_SETTINGS.suspect_confidence else GREY
        cv2.rectangle(canvas, (word.x0, word.y0), (word.x1, word.y1), colour, 1)
