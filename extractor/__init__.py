"""roadmap-extractor: roadmap tables of Russian education orders to structured activities.

The Python API::

    from extractor import extract
    order = extract("order.docx")                     # a path
    order = extract(data, filename="order.pdf")       # bytes, format from the name
    with open("order.odt", "rb") as fh:
        order = extract(fh)                           # a binary file object, format sniffed

``extract`` gives the contract's pydantic ``Order`` (``order.to_json()`` is what the CLI writes).
Bytes and file objects are read in the format given by ``format=`` ("pdf", "docx", …), else
by the suffix of ``filename=`` (or of the file object's name), else by their content; they pass
through a private temporary folder that is removed before ``extract`` returns.
"""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Union

if TYPE_CHECKING:
    from .model import Order

__version__ = "0.1.0"

Source = Union[str, os.PathLike, bytes, bytearray, memoryview, IO[bytes]]

SNIFF_BYTES = 4096  # how much of the start is looked at for a format's signature
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<meta", b"<?xml")


def sniff_format(data: bytes) -> str:
    """The format of a document given as bytes: pdf, docx, odt, doc, rtf, html, else txt."""
    head = data[:SNIFF_BYTES]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and package.read("mimetype").strip().startswith(ODT_MIMETYPE):
                    return "odt"
        except zipfile.BadZipFile:
            pass
        return "zip"  # a package of another kind: no parser reads it
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"{\\rtf"):
        return "rtf"
    if text.startswith(HTML_STARTS) and (b"<html" in text or b"<body" in text or b"<table" in text
                                          or b"<p" in text or b"<div" in text):
        return "html"
    return "txt"


def extract(source: Source, *, filename: str | None = None, format: str | None = None,
            password: str | None = None) -> "Order":
    """The extracted :class:`~extractor.model.Order` of one order (see the module docstring).

    Raises :class:`~extractor.errors.ExtractionError` (``InputError``, ``NoRoadmapError``) with a
    one-line message naming the file, as the CLI prints it.
    """
    from .pipeline import extract as extract_path

    if isinstance(source, (str, os.PathLike)):
        return extract_path(Path(source), password=password)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        data = source.read()
        if not isinstance(data, bytes):
            raise TypeError("extract() needs a binary file object (open(path, 'rb')), not a text one")
        name = getattr(source, "name", None)
        filename = filename or (os.path.basename(name) if isinstance(name, str) and name else None)
    else:
        raise TypeError(f"extract() takes a path, bytes or a binary file object, not {type(source).__name__}")
    return _extract_bytes(data, filename, format, password)


def _extract_bytes(data: bytes, filename: str | None, fmt: str | None, password: str | None) -> "Order":
    from .errors import ExtractionError
    from .parsers import PARSER_BY_SUFFIX
    from .pipeline import extract as extract_path

    suffix = f".{fmt.lower().lstrip('.')}" if fmt else Path(filename).suffix.lower() if filename else ""
    if suffix not in PARSER_BY_SUFFIX:
        suffix = f".{sniff_format(data)}"
    display = Path(filename).name if filename else f"document{suffix}"
    # the parsers read files: the bytes go to a private folder, under the caller's file name so
    # that source.file names it, and the folder is removed whatever happens
    with tempfile.TemporaryDirectory(prefix="roadmap-extract-") as folder:
        path = Path(folder) / (Path(display).stem + suffix)
        path.write_bytes(data)
        try:
            order = extract_path(path, password=password)
        except ExtractionError as exc:
            raise type(exc)(display, exc.reason) from None
    if order.source.file != display:
        order = order.model_copy(update={"source": order.source.model_copy(update={"file": display})})
    return order
