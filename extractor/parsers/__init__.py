"""One module per input format; each exposes ``parse(path, **options) -> Document``.

``parse_file`` picks the module by the file's suffix. Modules are imported on first use,
so a run over text exports never pays for importing the PDF library.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from ..document import Document
from ..errors import InputError

PARSER_BY_SUFFIX = {
    ".txt": "text",
    ".md": "text",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".odt": "odt",
    ".doc": "office",
    ".rtf": "office",
}

SUPPORTED_SUFFIXES = tuple(PARSER_BY_SUFFIX)


def parse_file(path: str | Path, *, password: str | None = None) -> Document:
    path = Path(path)
    module_name = PARSER_BY_SUFFIX.get(path.suffix.lower())
    if module_name is None:
        raise InputError(path, f"unsupported format {path.suffix or '(no extension)'!r}; "
                               f"supported: {', '.join(SUPPORTED_SUFFIXES)}")
    if not path.is_file():
        raise InputError(path, "no such file")
    module = importlib.import_module(f"{__name__}.{module_name}")
    options = {"password": password} if module_name == "pdf" else {}
    return module.parse(path, **options)
