"""One module per input format; each exposes ``parse(path, **options) -> Document``.

``parse_file`` picks the module by the file's content (:func:`extractor.inputs.detect_format`),
so a PDF saved as ``.txt`` is read as a PDF. Modules are imported on first use, so a run over
text exports never pays for importing the PDF or OCR libraries.

Scans are read page by page, and a worker pool may spread the pages of one file over its
workers: :func:`ocr_units` lists the pages that need OCR (cheap, no OCR), :func:`ocr_unit`
reads one of them (a picklable :class:`~extractor.parsers.scan.OcrPage`), and
``parse_file(..., ocr_pages={index: OcrPage})`` builds the document from pages read so.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..document import Document
from ..errors import InputError
from ..inputs import FORMAT_BY_SUFFIX, detect_format

if TYPE_CHECKING:
    from .scan import OcrPage

PARSER_BY_FORMAT = {
    "text": "text",
    "docx": "docx",
    "pdf": "pdf",
    "html": "html",
    "odt": "odt",
    "doc": "office",
    "rtf": "office",
    "image": "image",
}

SUPPORTED_SUFFIXES = tuple(FORMAT_BY_SUFFIX)
# the parser a suffix names, for callers that have a name but no file yet
PARSER_BY_SUFFIX = {suffix: PARSER_BY_FORMAT[fmt] for suffix, fmt in FORMAT_BY_SUFFIX.items() if fmt in PARSER_BY_FORMAT}


class PagesNeedOcr(Exception):
    """Not an error: the file has pages to read by OCR (0-based ``pages``) that were not given.
    Raised instead of reading them when the caller asked to hand them out itself
    (``parse_file(..., defer_ocr=True)``), so that a worker pool can spread them while the
    text layers are parsed only once."""

    def __init__(self, pages: list[int]):
        super().__init__(f"pages to read by OCR: {pages}")
        self.pages = pages


def _module_name(path: Path) -> str:
    if not path.is_file():
        raise InputError(path, "no such file", kind="not_found")
    fmt = detect_format(path)
    return PARSER_BY_FORMAT[fmt]


def parse_file(path: str | Path, *, password: str | None = None,
               ocr_pages: dict[int, "OcrPage"] | None = None,
               progress: Callable[[int, int], None] | None = None,
               defer_ocr: bool = False) -> Document:
    """``ocr_pages``: pages already read by :func:`ocr_unit` (0-based index -> OcrPage), used
    instead of reading them again; ``progress(done, total)`` after each page read by OCR;
    ``defer_ocr``: raise :class:`PagesNeedOcr` for pages that need OCR and are not given,
    instead of reading them here."""
    path = Path(path)
    module_name = _module_name(path)
    if module_name == "image":
        from .scan import parse_image
        return parse_image(path, ocr_pages=ocr_pages, progress=progress, defer_ocr=defer_ocr)
    module = importlib.import_module(f"{__name__}.{module_name}")
    if module_name == "pdf":
        return module.parse(path, password=password, ocr_pages=ocr_pages, progress=progress, defer_ocr=defer_ocr)
    return module.parse(path)


def ocr_units(path: str | Path, password: str | None = None) -> list[int]:
    """0-based indices of the pages of ``path`` that need OCR; empty for text formats and
    for PDFs whose every page has a usable text layer. Runs no OCR."""
    path = Path(path)
    module_name = _module_name(path)
    if module_name == "image":
        from .image import image_frame_count
        return list(range(image_frame_count(path)))
    if module_name == "pdf":
        from .pdf import ocr_page_indices
        return ocr_page_indices(path, password)
    return []


def ocr_unit(path: str | Path, index: int, password: str | None = None) -> "OcrPage":
    """OCR of page ``index`` (0-based) of a scan, PDF or image file: a picklable OcrPage."""
    path = Path(path)
    module_name = _module_name(path)
    from . import scan
    if module_name == "image":
        return scan.image_page_ocr(path, index)
    if module_name == "pdf":
        return scan.pdf_page_ocr(path, index, password)
    raise InputError(path, "this format has no pages to read by OCR", kind="unsupported")
