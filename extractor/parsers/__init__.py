"""One module per input format; each exposes ``parse(path, **options) -> Document``.

``parse_file`` picks the module by the file's content (:func:`extractor.inputs.detect_format`),
so a PDF saved as ``.txt`` is read as a PDF. Modules are imported on first use, so a run
over text exports never pays for importing the PDF library.

``ocr_units(path)`` lists the pages of a file that need OCR, so that a batch can spread
them over its workers; the formats read here have none.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from ..document import Document
from ..errors import InputError
from ..inputs import FORMAT_BY_SUFFIX, detect_format

PARSER_BY_FORMAT = {
    "text": "text",
    "docx": "docx",
    "pdf": "pdf",
    "html": "html",
    "odt": "odt",
    "doc": "office",
    "rtf": "office",
}

SUPPORTED_SUFFIXES = tuple(FORMAT_BY_SUFFIX)
# the parser a suffix names, for callers that have a name but no file yet
PARSER_BY_SUFFIX = {suffix: PARSER_BY_FORMAT[fmt] for suffix, fmt in FORMAT_BY_SUFFIX.items() if fmt in PARSER_BY_FORMAT}


def parse_file(path: str | Path, *, password: str | None = None) -> Document:
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file", kind="not_found")
    fmt = detect_format(path)
    module_name = PARSER_BY_FORMAT.get(fmt)
    if module_name is None:
        raise InputError(path, f"an {fmt}: OCR needed, which this version does not do", kind="ocr_needed")
    module = importlib.import_module(f"{__name__}.{module_name}")
    options = {"password": password} if module_name == "pdf" else {}
    return module.parse(path, **options)


def ocr_units(path: str | Path, password: str | None = None) -> list[int]:
    """Indices of the pages of ``path`` that need OCR: none for the formats read here."""
    return []
