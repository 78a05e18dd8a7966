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

import os
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Union

if TYPE_CHECKING:
    from .model import Order

__version__ = "0.1.0"

Source = Union[str, os.PathLike, bytes, bytearray, memoryview, IO[bytes]]

def extract(source: Source, *, filename: str | None = None, format: str | None = None,
            password: str | None = None, abbreviations: str | os.PathLike | None = None,
            synonyms: str | os.PathLike | None = None) -> "Order":
    """The extracted :class:`~extractor.model.Order` of one order (see the module docstring).

    ``abbreviations`` and ``synonyms`` name a region's own TSV files (``short<TAB>full``,
    ``field<TAB>header``), added to the built-in words; a file that cannot be read raises
    :class:`~extractor.normalizers.lexicon.VocabularyFileError`.

    Raises :class:`~extractor.errors.ExtractionError` (``InputError``, ``NoRoadmapError``) with a
    one-line message naming the file, as the CLI prints it.
    """
    from .normalizers.lexicon import use_user_vocabulary
    from .pipeline import extract as extract_path

    use_user_vocabulary(abbreviations, synonyms)
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
    from .inputs import FORMAT_BY_SUFFIX, detect_format, suffix_of_format
    from .pipeline import extract as extract_path

    suffix = f".{fmt.lower().lstrip('.')}" if fmt else Path(filename).suffix.lower() if filename else ""
    if suffix not in FORMAT_BY_SUFFIX:
        suffix = ""  # the content decides (extractor.inputs.detect_format)
    # the parsers read files: the bytes go to a private folder, under the caller's file name so
    # that source.file names it, and the folder is removed whatever happens
    with tempfile.TemporaryDirectory(prefix="roadmap-extract-") as folder:
        stem = Path(filename).stem if filename else "document"
        path = Path(folder) / (stem + suffix)
        path.write_bytes(data)
        if not suffix:
            try:
                suffix = suffix_of_format(detect_format(path), path)
            except ExtractionError as exc:
                raise type(exc)(f"{stem}{Path(filename or '').suffix}", exc.reason) from None
            path = path.rename(path.with_name(stem + suffix))
        display = Path(filename).name if filename else f"document{suffix}"
        try:
            order = extract_path(path, password=password)
        except ExtractionError as exc:
            raise type(exc)(display, exc.reason) from None
    if order.source.file != display:
        order = order.model_copy(update={"source": order.source.model_copy(update={"file": display})})
    return order


from .batch import extract_many  # noqa: E402,F401  many files over one worker pool
from .normalizers.lexicon import VocabularyFileError, use_user_vocabulary  # noqa: E402,F401  a region's own words
